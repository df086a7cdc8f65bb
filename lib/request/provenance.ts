import type { Tag } from '../ecs/copy-snapshot-parameters';

/**
 * Tags every copy carries on top of the configured ones, so that the function can find its earlier copies in a
 * destination region and never make a second one: DescribeSnapshots has no filter on SourceSnapshotId (its request
 * parameters: https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describesnapshots),
 * and ECS remembers a ClientToken only for an undocumented while. Keys follow the tag rules (≤128 characters, not
 * starting with `acs:` or `aliyun`); the prefix is reserved: requests and SNAPSHOT_TAGS may not use it.
 */
export const PROVENANCE_PREFIX = 'snapshot-copy:';

export const PROVENANCE_KEYS = {
  SourceSnapshotId: `${PROVENANCE_PREFIX}source-snapshot-id`,
  SourceRegionId: `${PROVENANCE_PREFIX}source-region-id`,
  SourceDiskId: `${PROVENANCE_PREFIX}source-disk-id`,
  /** When the source snapshot was taken: the age of the data a copy holds, for the RPO report. */
  SourceCreationTime: `${PROVENANCE_PREFIX}source-creation-time`,
  /** The instance the disk was found on, when an InstanceIds entry selected it: how a restore finds an instance's disks. */
  SourceInstanceId: `${PROVENANCE_PREFIX}source-instance-id`,
} as const;

export const PROVENANCE_TAG_COUNT = Object.keys(PROVENANCE_KEYS).length;

interface Provenance {
  SourceSnapshotId: string;
  SourceRegionId: string;
  SourceDiskId: string;
  /** Milliseconds since the epoch. */
  SourceCreationTime: number;
}

/**
 * The tags a copy is made with. Every key is reserved for every copy (PROVENANCE_TAG_COUNT), the instance's too,
 * which a copy has only when an InstanceIds entry selected its disk.
 */
export function provenanceTags(provenance: Provenance & { SourceInstanceId?: string | undefined }): Tag[] {
  return [
    { Key: PROVENANCE_KEYS.SourceSnapshotId, Value: provenance.SourceSnapshotId },
    { Key: PROVENANCE_KEYS.SourceRegionId, Value: provenance.SourceRegionId },
    { Key: PROVENANCE_KEYS.SourceDiskId, Value: provenance.SourceDiskId },
    { Key: PROVENANCE_KEYS.SourceCreationTime, Value: new Date(provenance.SourceCreationTime).toISOString() },
    ...(provenance.SourceInstanceId ? [{ Key: PROVENANCE_KEYS.SourceInstanceId, Value: provenance.SourceInstanceId }] : []),
  ];
}

/** The provenance of a copy this function made, or undefined for any other snapshot. */
export function readProvenance(tags: readonly Tag[]): Provenance | undefined {
  const value = (key: string) => tags.find((tag) => tag.Key === key)?.Value;
  const SourceSnapshotId = value(PROVENANCE_KEYS.SourceSnapshotId);
  const SourceRegionId = value(PROVENANCE_KEYS.SourceRegionId);
  if (!SourceSnapshotId || !SourceRegionId) return undefined;
  const created = Date.parse(value(PROVENANCE_KEYS.SourceCreationTime) ?? '');
  return {
    SourceSnapshotId,
    SourceRegionId,
    SourceDiskId: value(PROVENANCE_KEYS.SourceDiskId) ?? '',
    SourceCreationTime: Number.isNaN(created) ? 0 : created,
  };
}
