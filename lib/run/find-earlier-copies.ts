import type { ResilientEcs, SnapshotListing } from '../calls/resilient-ecs';
import type { CopyOrder } from '../request/copy-order';
import { PROVENANCE_KEYS } from '../request/provenance';
import { DestinationCopies } from './destination-copies';
import { inPool } from './in-pool';
import { PER_DISK_LISTING_LIMIT } from './source-listings';
import type { SourceSelection } from './source-selection';

/** The disks whose copies matter: those with a source to copy, and (for a fleet) every protected disk, for the RPO. */
function disksToLookUp(order: CopyOrder, sources: SourceSelection): string[] {
  const disks = new Set(sources.verdicts.filter((verdict) => verdict.kind === 'copy').map((verdict) => verdict.snapshot.SourceDiskId));
  if (!order.exactPicksOnly) for (const disk of sources.protectedDisks) disks.add(disk);
  return [...disks];
}

/**
 * Step 2: finds, in each destination, the copies this function made earlier of the source region's snapshots (by
 * their provenance tags), page by page, keeping only what the plan and the RPO report need (DestinationCopies).
 * The destinations are searched only when there is something to look for in them: by disk (a provenance tag) for a
 * few disks, which keeps a one-snapshot request cheap however many snapshots the region holds; whole, 100 a call,
 * for a fleet, where that costs fewer calls than one search a disk.
 */
export async function findEarlierCopies(
  order: CopyOrder,
  sources: SourceSelection,
  ecs: ResilientEcs,
): Promise<Map<string, DestinationCopies>> {
  const disks = disksToLookUp(order, sources);
  const plannedSources = new Set(sources.verdicts.map((verdict) => verdict.snapshot.SnapshotId));
  const destinations = new Map<string, DestinationCopies>();
  for (const DestinationRegionId of disks.length > 0 ? order.DestinationRegionIds : []) {
    destinations.set(DestinationRegionId, new DestinationCopies(DestinationRegionId, order.RegionId, plannedSources));
  }
  const searches: SnapshotListing[] =
    disks.length <= PER_DISK_LISTING_LIMIT
      ? [...destinations.keys()].flatMap((RegionId) =>
          disks.map((disk) => ({ RegionId, Tag: [{ Key: PROVENANCE_KEYS.SourceDiskId, Value: disk }] })),
        )
      : [...destinations.keys()].map((RegionId) => ({ RegionId }));
  await inPool(searches, ecs.concurrency, async (search) => {
    const copies = destinations.get(search.RegionId);
    for await (const page of ecs.snapshotPages(search)) for (const snapshot of page.Snapshots) copies?.addListed(snapshot);
  });
  return destinations;
}
