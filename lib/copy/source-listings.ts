import type { ResolvedSelection } from './copy-order';

/** DescribeSnapshots takes at most 100 IDs in `SnapshotIds`
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describesnapshots). */
const SNAPSHOT_IDS_PER_CALL = 100;

/** Beyond this many disks, listing a whole region (100 a call) is taken to cost fewer calls than one search a disk. */
export const PER_DISK_LISTING_LIMIT = 20;

/** One DescribeSnapshots listing to make: all its pages are read. */
export type SourceListing =
  | { kind: 'ids'; SnapshotIds: string[] }
  | { kind: 'disk'; DiskId: string }
  | { kind: 'instance'; InstanceId: string }
  | { kind: 'region' };

/** The listings that find every snapshot a selection may pick, in as few calls as the selection allows. */
export function sourceListings(selection: ResolvedSelection): SourceListing[] {
  const listings: SourceListing[] = [];
  for (let index = 0; index < selection.SnapshotIds.length; index += SNAPSHOT_IDS_PER_CALL) {
    listings.push({ kind: 'ids', SnapshotIds: selection.SnapshotIds.slice(index, index + SNAPSHOT_IDS_PER_CALL) });
  }
  // DescribeSnapshots' answer does not say which instance a snapshot's disk belongs to: instances are listed by
  // the InstanceId filter. Disks and tags are matched on the answer.
  for (const InstanceId of selection.InstanceIds) listings.push({ kind: 'instance', InstanceId });
  const needsRegion =
    selection.DiskIds.length > PER_DISK_LISTING_LIMIT ||
    (selection.SourceTag.length > 0 && selection.DiskIds.length === 0 && selection.InstanceIds.length === 0);
  if (needsRegion) listings.push({ kind: 'region' });
  else for (const DiskId of selection.DiskIds) listings.push({ kind: 'disk', DiskId });
  return listings;
}
