import type { EcsSession, SnapshotListing } from '../calls/ecs-session';
import { inPool } from '../calls/in-pool';
import { TAG_FILTER_MATCH_CAP } from '../ecs/ecs';
import { CopyFailure } from '../failures/errors';
import { PROVENANCE_KEYS, readProvenance } from '../request/provenance';
import type { CopyOrder } from './copy-order';
import { dataAge, type RpoStatus } from './rpo-report';

/**
 * A disk with copies of ours (from the order's source region) in a destination that the selection no longer
 * matches: detached from or replaced on a selected instance (DescribeSnapshots' InstanceId filter matches the disks
 * attached now), untagged, released, or taken out of the selection. Its RPO is no longer watched by this selection.
 */
export type DiskNoLongerSelected = Pick<
  RpoStatus,
  'DiskId' | 'DestinationRegionId' | 'NewestCopySnapshotId' | 'DataCreationTime' | 'DataAgeHours' | 'WithinRpo'
>;

/** What the step found, or, when its listing failed, why it knows nothing (the copies are made all the same). */
export type NoLongerSelected = { disks: DiskNoLongerSelected[] } | { disks: undefined; failure: CopyFailure };

interface NewestCopy {
  SnapshotId: string | null;
  SourceCreationTime: number;
}

/**
 * After the copies are started: lists, in each destination, the copies this function made of the source region (one
 * tag search, by the provenance tag of the source region; the whole region when that search reaches ECS's cap of tag
 * matches) and keeps, per disk the run does not protect, its newest accomplished copy. Memory grows with disks, not
 * copies. Exact picks name snapshots, not a fleet: nothing is looked for. A listing that fails does not fail the run:
 * the report says that the disks no longer selected are unknown.
 */
export async function findDisksNoLongerSelected(
  order: CopyOrder,
  protectedDisks: readonly string[],
  ecs: EcsSession,
  context: { nowMs: () => number; rpoHours: number },
): Promise<NoLongerSelected> {
  if (order.exactPicksOnly) return { disks: [] };
  const selected = new Set(protectedDisks);
  try {
    const found = await inPool(order.DestinationRegionIds, ecs.concurrency, async (DestinationRegionId) => {
      const bySourceRegion = { RegionId: DestinationRegionId, Tag: [{ Key: PROVENANCE_KEYS.SourceRegionId, Value: order.RegionId }] };
      const newest =
        (await newestCopiesOfOtherDisks(bySourceRegion, order.RegionId, selected, ecs, TAG_FILTER_MATCH_CAP)) ??
        (await newestCopiesOfOtherDisks({ RegionId: DestinationRegionId }, order.RegionId, selected, ecs, Number.POSITIVE_INFINITY));
      return [...(newest ?? new Map<string, NewestCopy>())].map(([DiskId, copy]) =>
        described(DiskId, DestinationRegionId, copy, context.nowMs(), context.rpoHours),
      );
    });
    const disks = found
      .flat()
      .sort((a, b) => a.DiskId.localeCompare(b.DiskId) || a.DestinationRegionId.localeCompare(b.DestinationRegionId));
    return { disks };
  } catch (error) {
    if (!(error instanceof CopyFailure)) throw error;
    return { disks: undefined, failure: error };
  }
}

/** Per disk not selected, its newest accomplished copy; undefined when the listing reached `cap` matches. */
async function newestCopiesOfOtherDisks(
  listing: SnapshotListing,
  sourceRegionId: string,
  selected: ReadonlySet<string>,
  ecs: EcsSession,
  cap: number,
): Promise<Map<string, NewestCopy> | undefined> {
  const newest = new Map<string, NewestCopy>();
  let listed = 0;
  for await (const page of ecs.snapshotPages(listing)) {
    listed += page.Snapshots.length;
    if (listed >= cap) return undefined;
    for (const snapshot of page.Snapshots) {
      const provenance = readProvenance(snapshot.Tags);
      if (!provenance || provenance.SourceRegionId !== sourceRegionId || provenance.SourceDiskId === '') continue;
      if (selected.has(provenance.SourceDiskId)) continue;
      const seen = newest.get(provenance.SourceDiskId);
      if (snapshot.Status !== 'accomplished') {
        if (!seen) newest.set(provenance.SourceDiskId, { SnapshotId: null, SourceCreationTime: Number.NEGATIVE_INFINITY });
        continue;
      }
      if (!seen || provenance.SourceCreationTime > seen.SourceCreationTime) {
        newest.set(provenance.SourceDiskId, { SnapshotId: snapshot.SnapshotId, SourceCreationTime: provenance.SourceCreationTime });
      }
    }
  }
  return newest;
}

function described(DiskId: string, DestinationRegionId: string, copy: NewestCopy, nowMs: number, rpoHours: number): DiskNoLongerSelected {
  return {
    DiskId,
    DestinationRegionId,
    NewestCopySnapshotId: copy.SnapshotId,
    ...dataAge(copy.SnapshotId === null ? undefined : copy.SourceCreationTime, rpoHours, nowMs),
  };
}
