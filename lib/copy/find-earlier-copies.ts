import type { EcsSession, SnapshotListing } from '../calls/ecs-session';
import { inPool } from '../calls/in-pool';
import type { SnapshotInfo } from '../ecs/ecs';
import { ListingGuard, MAX_SNAPSHOTS_PER_LISTING } from '../ecs/listing-guard';
import { CopyFailure } from '../failures/errors';
import { PROVENANCE_KEYS } from '../request/provenance';
import type { CopyOrder } from './copy-order';
import { type CopyRecord, DestinationCopies } from './destination-copies';
import { PER_DISK_LISTING_LIMIT } from './source-listings';
import type { SourceSelection } from './source-selection';

/**
 * The code the local ECS endpoint answers a tag filter past its cap with, when told to (`tagFilterCap.beyond:
 * 'error'`). What ECS answers past "the resource count with the tag(s) cannot exceed 1000" is UNVERIFIED: a refusal
 * and a listing cut at the cap are both taken as "this search cannot see every copy".
 */
const TAG_CAP_REFUSED = 'InvalidParameter.TagResourceCount';

/** The disks whose copies matter: those with a source to copy, and (for a fleet) every protected disk, for the RPO. */
function disksToLookUp(order: CopyOrder, sources: SourceSelection): string[] {
  const disks = new Set(sources.verdicts.filter((verdict) => verdict.kind === 'copy').map((verdict) => verdict.snapshot.SourceDiskId));
  if (!order.exactPicksOnly) for (const disk of sources.protectedDisks) disks.add(disk);
  return [...disks];
}

/** One listing of a destination, and whether it searches by this function's tag (which another tool's copy lacks). */
interface Search {
  listing: SnapshotListing;
  byTag: boolean;
}

/**
 * The listings that find, in each destination, every copy the plan and the RPO report need:
 * - a fleet (more than PER_DISK_LISTING_LIMIT disks): each destination listed whole, 100 a call, which sees every
 *   copy whoever made it;
 * - a few disks: one search a disk by this function's provenance tag (its copies of every age, for the RPO report),
 *   which keeps a one-snapshot request cheap however many snapshots the region holds; and, since a copy another tool
 *   made has no such tag and DescribeSnapshots has no SourceSnapshotId filter, one listing of the destination's
 *   snapshots created since the oldest source to copy (`Filter.1.Key=CreationStartTime`): a copy is made after its
 *   source, so this sees every copy of the sources to copy, whoever made it, at one call per 100 snapshots the
 *   destination gained since then.
 */
function searchesFor(sources: SourceSelection, disks: readonly string[], regions: readonly string[]): Search[] {
  if (disks.length > PER_DISK_LISTING_LIMIT) return regions.map((RegionId) => ({ listing: { RegionId }, byTag: false }));
  const toCopy = sources.verdicts.filter((verdict) => verdict.kind === 'copy').map((verdict) => verdict.snapshot.CreationTime);
  const oldestToCopy = toCopy.length > 0 ? Math.min(...toCopy) : undefined;
  return regions.flatMap((RegionId) => [
    ...disks.map((disk) => ({ listing: { RegionId, Tag: [{ Key: PROVENANCE_KEYS.SourceDiskId, Value: disk }] }, byTag: true })),
    ...(oldestToCopy !== undefined ? [{ listing: { RegionId, CreationStartTime: oldestToCopy }, byTag: false }] : []),
  ]);
}

/**
 * Step 2: finds, in each destination, the copies made earlier of the source region's snapshots, page by page,
 * keeping only what the plan and the RPO report need (DestinationCopies): this function's, by their provenance
 * tags, and those another tool made of a selected source, by ECS's SourceSnapshotId. The destinations are searched
 * only when there is something to look for in them (searchesFor says how). A search by tag that may have been cut
 * at ECS's cap of 1000 matches is not taken as complete: that destination is then listed whole.
 */
export async function findEarlierCopies(
  order: CopyOrder,
  sources: SourceSelection,
  ecs: EcsSession,
): Promise<Map<string, DestinationCopies>> {
  const disks = disksToLookUp(order, sources);
  const plannedSources = new Set(sources.verdicts.map((verdict) => verdict.snapshot.SnapshotId));
  const knownSources = new Map(sources.verdicts.map((verdict) => [verdict.snapshot.SnapshotId, verdict.snapshot]));
  const destinations = new Map<string, DestinationCopies>();
  for (const DestinationRegionId of disks.length > 0 ? order.DestinationRegionIds : []) {
    destinations.set(DestinationRegionId, new DestinationCopies(DestinationRegionId, order.RegionId, plannedSources, knownSources));
  }
  const searches = searchesFor(sources, disks, [...destinations.keys()]);
  const cut = new Set<string>();
  await inPool(searches, ecs.concurrency, async ({ listing, byTag }) => {
    const complete = await listInto(ecs, listing, destinations.get(listing.RegionId));
    if (byTag && !complete) cut.add(listing.RegionId);
  });
  await inPool([...cut], ecs.concurrency, async (RegionId) => {
    await listInto(ecs, { RegionId }, destinations.get(RegionId));
  });
  return destinations;
}

/**
 * Lists into `copies`; false when the listing may miss some snapshots: a tag search that reached ECS's cap of tag
 * matches, or that ECS refused for it.
 */
async function listInto(ecs: EcsSession, listing: SnapshotListing, copies: DestinationCopies | undefined): Promise<boolean> {
  const guard = new ListingGuard(listing, MAX_SNAPSHOTS_PER_LISTING);
  try {
    for await (const page of ecs.snapshotPages(listing, guard)) copies?.addPage(page);
  } catch (error) {
    if (error instanceof CopyFailure && error.Code === TAG_CAP_REFUSED && listing.Tag !== undefined) return false;
    throw error;
  }
  return !guard.mayBeCapped;
}

/**
 * The copy of `source` in a destination, whoever made it, looked up without tags (a new copy's tags may not be
 * indexed yet, and another tool's copy has none): the destination's snapshots created since the source, matched by
 * ECS's SourceSnapshotId or this function's provenance tags. The newest that did not fail, if any.
 */
export async function findCopyOf(
  ecs: EcsSession,
  source: SnapshotInfo,
  sourceRegionId: string,
  DestinationRegionId: string,
): Promise<CopyRecord | undefined> {
  const copies = new DestinationCopies(
    DestinationRegionId,
    sourceRegionId,
    new Set([source.SnapshotId]),
    new Map([[source.SnapshotId, source]]),
  );
  await listInto(ecs, { RegionId: DestinationRegionId, CreationStartTime: source.CreationTime }, copies);
  return copies
    .ofSource(source.SnapshotId)
    .filter((copy) => copy.Status !== 'failed')
    .sort((a, b) => b.CreationTime - a.CreationTime)[0];
}
