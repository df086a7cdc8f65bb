import type { EcsCaller } from '../calls/ecs-caller';
import type { DescribeSnapshotsQuery, Ecs, SnapshotInfo } from '../ecs/ecs';
import type { DescribeDisksQuery, DiskInfo, EcsDisks } from '../ecs/ecs-disks';
import { ListingGuard, MAX_SNAPSHOTS_KEPT_PER_LISTING } from '../ecs/listing-guard';

/** DescribeSnapshots answers at most 100 a page (MaxResults ≤ 100:
 * https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describesnapshots). */
const SNAPSHOT_PAGE = 100;
/** DescribeDisks answers 10 to 500 a page (SDK model). */
const DISK_PAGE = 100;

/**
 * Every page of a DescribeSnapshots listing, kept: a NextToken seen before, or more than
 * MAX_SNAPSHOTS_KEPT_PER_LISTING snapshots, ends it with EcsBadResponse (ListingGuard).
 */
export async function listSnapshots(
  caller: EcsCaller,
  ecs: Pick<Ecs, 'describeSnapshots'>,
  query: Omit<DescribeSnapshotsQuery, 'MaxResults' | 'NextToken'>,
): Promise<SnapshotInfo[]> {
  const snapshots: SnapshotInfo[] = [];
  const guard = new ListingGuard(query, MAX_SNAPSHOTS_KEPT_PER_LISTING);
  let NextToken: string | undefined;
  do {
    const token = NextToken;
    const page = await caller.call('DescribeSnapshots', (call) =>
      ecs.describeSnapshots({ ...query, MaxResults: SNAPSHOT_PAGE, ...(token !== undefined ? { NextToken: token } : {}) }, call),
    );
    guard.admit(page);
    snapshots.push(...page.Snapshots);
    NextToken = page.NextToken;
  } while (NextToken !== undefined);
  return snapshots;
}

/** Every page of a DescribeDisks listing: a NextToken seen before, or more than MAX_SNAPSHOTS_KEPT_PER_LISTING disks, ends
 * it with EcsBadResponse (ListingGuard), as for snapshots. */
export async function listDisks(
  caller: EcsCaller,
  disks: Pick<EcsDisks, 'describeDisks'>,
  query: Omit<DescribeDisksQuery, 'MaxResults' | 'NextToken'>,
): Promise<DiskInfo[]> {
  const found: DiskInfo[] = [];
  const guard = new ListingGuard(query, MAX_SNAPSHOTS_KEPT_PER_LISTING, 'DescribeDisks', 'disks');
  let NextToken: string | undefined;
  do {
    const token = NextToken;
    const page = await caller.call('DescribeDisks', (call) =>
      disks.describeDisks({ ...query, MaxResults: DISK_PAGE, ...(token !== undefined ? { NextToken: token } : {}) }, call),
    );
    guard.admit(page);
    found.push(...page.Disks);
    NextToken = page.NextToken;
  } while (NextToken !== undefined);
  return found;
}
