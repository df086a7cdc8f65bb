import type { EcsCaller } from '../calls/ecs-caller';
import type { DescribeSnapshotsQuery, Ecs, SnapshotInfo } from '../ecs/ecs';
import type { DescribeDisksQuery, DiskInfo, EcsDisks } from '../ecs/ecs-disks';

/** DescribeSnapshots answers at most 100 a page (ecs-api.md). */
const SNAPSHOT_PAGE = 100;
/** DescribeDisks answers 10 to 500 a page (SDK model). */
const DISK_PAGE = 100;

/** Every page of a DescribeSnapshots listing. */
export async function listSnapshots(
  caller: EcsCaller,
  ecs: Pick<Ecs, 'describeSnapshots'>,
  query: Omit<DescribeSnapshotsQuery, 'MaxResults' | 'NextToken'>,
): Promise<SnapshotInfo[]> {
  const snapshots: SnapshotInfo[] = [];
  let NextToken: string | undefined;
  do {
    const token = NextToken;
    const page = await caller.call('DescribeSnapshots', (call) =>
      ecs.describeSnapshots({ ...query, MaxResults: SNAPSHOT_PAGE, ...(token !== undefined ? { NextToken: token } : {}) }, call),
    );
    snapshots.push(...page.Snapshots);
    NextToken = page.NextToken;
  } while (NextToken !== undefined);
  return snapshots;
}

/** Every page of a DescribeDisks listing. */
export async function listDisks(
  caller: EcsCaller,
  disks: Pick<EcsDisks, 'describeDisks'>,
  query: Omit<DescribeDisksQuery, 'MaxResults' | 'NextToken'>,
): Promise<DiskInfo[]> {
  const found: DiskInfo[] = [];
  let NextToken: string | undefined;
  do {
    const token = NextToken;
    const page = await caller.call('DescribeDisks', (call) =>
      disks.describeDisks({ ...query, MaxResults: DISK_PAGE, ...(token !== undefined ? { NextToken: token } : {}) }, call),
    );
    found.push(...page.Disks);
    NextToken = page.NextToken;
  } while (NextToken !== undefined);
  return found;
}
