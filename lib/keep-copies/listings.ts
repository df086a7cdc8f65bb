import type { EcsDiskSession } from '../calls/ecs-disk-session';
import { MIN_MAX_RESULTS, type SnapshotInfo, type UnrecognizedSnapshot } from '../ecs/ecs';
import { LOCK_NOT_SUPPORTED_IN_REGION, type LockedSnapshotInfo } from '../ecs/ecs-disks';
import { CopyFailure } from '../failures/errors';

/** DescribeSnapshots takes at most 100 SnapshotIds. */
const IDS_PER_CALL = 100;

/**
 * A destination listed whole, page by page, with the snapshots that could not be read: not by tag, since ECS's tag
 * index lags behind a new snapshot (ListTagResources documents up to 2 s; docs/ecs-fidelity.md), and a copy still
 * progressing that a tag search misses would let older copies go before it has finished.
 */
export function listDestination(
  session: EcsDiskSession,
  RegionId: string,
): Promise<{ snapshots: SnapshotInfo[]; unreadable: UnrecognizedSnapshot[] }> {
  return session.listSnapshots({ RegionId });
}

/** The source snapshots ECS still lists in the source region, by the SourceSnapshotIds its copies name. */
export async function lookUpSources(session: EcsDiskSession, RegionId: string, SnapshotIds: readonly string[]): Promise<SnapshotInfo[]> {
  const found: SnapshotInfo[] = [];
  for (let start = 0; start < SnapshotIds.length; start += IDS_PER_CALL) {
    const batch = SnapshotIds.slice(start, start + IDS_PER_CALL);
    for await (const page of session.snapshotPages({ RegionId, SnapshotIds: batch })) {
      found.push(...page.Snapshots.filter((snapshot) => batch.includes(snapshot.SnapshotId)));
    }
  }
  return found;
}

/** Whether the destination's own listing still shows the snapshot (DescribeSnapshots by its ID). */
export async function stillListed(session: EcsDiskSession, RegionId: string, SnapshotId: string): Promise<boolean> {
  const { value: page } = await session.describeSnapshots({ RegionId, SnapshotIds: [SnapshotId], MaxResults: MIN_MAX_RESULTS });
  return [...page.Snapshots, ...(page.Unrecognized ?? [])].some((snapshot) => snapshot.SnapshotId === SnapshotId);
}

/**
 * The locks of the copies KeepCopies would delete (DescribeLockedSnapshots, whether or not LOCK_DAYS is set: an
 * earlier configuration, or someone else, may have locked them). A region that does not offer snapshot lock has no
 * locked copy: its refusal (LOCK_NOT_SUPPORTED_IN_REGION, UNVERIFIED) reads as no locks. Any other failure is
 * thrown, and stops KeepCopies: a copy whose lock cannot be read is never deleted.
 */
export async function locksOfCandidates(
  session: EcsDiskSession,
  RegionId: string,
  SnapshotIds: readonly string[],
): Promise<ReadonlyMap<string, LockedSnapshotInfo>> {
  if (SnapshotIds.length === 0) return new Map();
  try {
    return await session.locksOf(RegionId, SnapshotIds);
  } catch (error) {
    if (error instanceof CopyFailure && error.Code === LOCK_NOT_SUPPORTED_IN_REGION) return new Map();
    throw error;
  }
}
