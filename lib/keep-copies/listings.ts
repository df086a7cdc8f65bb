import type { EcsDiskSession } from '../calls/ecs-disk-session';
import { MIN_MAX_RESULTS, type SnapshotInfo, type UnrecognizedSnapshot } from '../ecs/ecs';

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
