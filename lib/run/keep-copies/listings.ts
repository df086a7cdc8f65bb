import type { EcsCaller } from '../../calls/ecs-caller';
import { type Ecs, MIN_MAX_RESULTS, type SnapshotInfo, type UnrecognizedSnapshot } from '../../ecs/ecs';
import { ListingGuard, MAX_SNAPSHOTS_KEPT_PER_LISTING } from '../../ecs/listing-guard';

/** DescribeSnapshots answers at most 100 a page, and takes at most 100 SnapshotIds. */
const PAGE = 100;

/**
 * A destination listed whole, page by page, with the snapshots that could not be read: not by tag, since ECS's tag
 * index lags behind a new snapshot (ListTagResources documents up to 2 s; docs/ecs-fidelity.md), and a copy still
 * progressing that a tag search misses would let older copies go before it has finished.
 */
export async function listDestination(
  caller: EcsCaller,
  ecs: Pick<Ecs, 'describeSnapshots'>,
  RegionId: string,
): Promise<{ snapshots: SnapshotInfo[]; unreadable: UnrecognizedSnapshot[] }> {
  const snapshots: SnapshotInfo[] = [];
  const unreadable: UnrecognizedSnapshot[] = [];
  const guard = new ListingGuard({ RegionId }, MAX_SNAPSHOTS_KEPT_PER_LISTING);
  let NextToken: string | undefined;
  do {
    const token = NextToken;
    const page = await caller.call('DescribeSnapshots', (call) =>
      ecs.describeSnapshots({ RegionId, MaxResults: PAGE, ...(token !== undefined ? { NextToken: token } : {}) }, call),
    );
    guard.admit(page);
    snapshots.push(...page.Snapshots);
    unreadable.push(...(page.Unrecognized ?? []));
    NextToken = page.NextToken;
  } while (NextToken !== undefined);
  return { snapshots, unreadable };
}

/** The source snapshots ECS still lists in the source region, by the SourceSnapshotIds its copies name. */
export async function lookUpSources(
  caller: EcsCaller,
  ecs: Pick<Ecs, 'describeSnapshots'>,
  RegionId: string,
  SnapshotIds: readonly string[],
): Promise<SnapshotInfo[]> {
  const found: SnapshotInfo[] = [];
  for (let start = 0; start < SnapshotIds.length; start += PAGE) {
    const batch = SnapshotIds.slice(start, start + PAGE);
    let NextToken: string | undefined;
    do {
      const token = NextToken;
      const page = await caller.call('DescribeSnapshots', (call) =>
        ecs.describeSnapshots(
          { RegionId, SnapshotIds: batch, MaxResults: PAGE, ...(token !== undefined ? { NextToken: token } : {}) },
          call,
        ),
      );
      found.push(...page.Snapshots.filter((snapshot) => batch.includes(snapshot.SnapshotId)));
      NextToken = page.NextToken;
    } while (NextToken !== undefined);
  }
  return found;
}

/** Whether the destination's own listing still shows the snapshot (DescribeSnapshots by its ID). */
export async function stillListed(
  caller: EcsCaller,
  ecs: Pick<Ecs, 'describeSnapshots'>,
  RegionId: string,
  SnapshotId: string,
): Promise<boolean> {
  const page = await caller.call('DescribeSnapshots', (call) =>
    ecs.describeSnapshots({ RegionId, SnapshotIds: [SnapshotId], MaxResults: MIN_MAX_RESULTS }, call),
  );
  return [...page.Snapshots, ...(page.Unrecognized ?? [])].some((snapshot) => snapshot.SnapshotId === SnapshotId);
}
