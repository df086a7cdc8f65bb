import type * as Crypto from 'node:crypto';
import type { Tag } from '../ecs/copy-snapshot-parameters';
import { PROVENANCE_KEYS, PROVENANCE_PREFIX } from '../request/provenance';

/**
 * Tags of the disks and images a restore makes: the restore, the source disk and the copy, so that a re-run of the same
 * restore finds what it made (DescribeDisks and DescribeImages by the restore's tag) and answers it instead of making
 * it again, and a person in the console sees where each came from. The prefix is the provenance tags' own, which
 * requests and SNAPSHOT_TAGS may not use.
 */
export const RESTORE_TAG_KEYS = {
  RestoreId: `${PROVENANCE_PREFIX}restore`,
  SourceDiskId: `${PROVENANCE_PREFIX}restore-source-disk-id`,
  CopySnapshotId: `${PROVENANCE_PREFIX}restore-copy-snapshot-id`,
  /** When the data the copy holds was taken (ISO time). */
  DataCreationTime: `${PROVENANCE_PREFIX}restore-data-time`,
} as const;

/**
 * Facts of a source disk a copy may carry: the instance the disk belonged to (a provenance tag the copy run writes
 * when an InstanceIds entry selected the disk) and its category (which it does not write). The restore reads them (an
 * instance's disks "as the copies record them", since the instance may be gone; docs/restore.md).
 */
export const SOURCE_FACT_KEYS = {
  InstanceId: PROVENANCE_KEYS.SourceInstanceId,
  DiskCategory: `${PROVENANCE_PREFIX}source-disk-category`,
} as const;

export interface MadeFor {
  RestoreId: string;
  SourceDiskId: string;
  CopySnapshotId: string;
  DataCreationTime: number;
}

export function restoreTags(made: MadeFor): Tag[] {
  return [
    { Key: RESTORE_TAG_KEYS.RestoreId, Value: made.RestoreId },
    { Key: RESTORE_TAG_KEYS.SourceDiskId, Value: made.SourceDiskId },
    { Key: RESTORE_TAG_KEYS.CopySnapshotId, Value: made.CopySnapshotId },
    { Key: RESTORE_TAG_KEYS.DataCreationTime, Value: new Date(made.DataCreationTime).toISOString() },
  ];
}

const tagValue = (tags: readonly Tag[], key: string) => tags.find((tag) => tag.Key === key)?.Value;

/** What a disk or image this restore made says it was made for; undefined when its tags do not say. */
export function madeFor(tags: readonly Tag[]): MadeFor | undefined {
  const RestoreId = tagValue(tags, RESTORE_TAG_KEYS.RestoreId);
  const SourceDiskId = tagValue(tags, RESTORE_TAG_KEYS.SourceDiskId);
  const CopySnapshotId = tagValue(tags, RESTORE_TAG_KEYS.CopySnapshotId);
  const DataCreationTime = Date.parse(tagValue(tags, RESTORE_TAG_KEYS.DataCreationTime) ?? '');
  if (!RestoreId || !SourceDiskId || !CopySnapshotId || Number.isNaN(DataCreationTime)) return undefined;
  return { RestoreId, SourceDiskId, CopySnapshotId, DataCreationTime };
}

export function sourceFactsOf(tags: readonly Tag[]): { InstanceId: string | undefined; DiskCategory: string | undefined } {
  return {
    InstanceId: tagValue(tags, SOURCE_FACT_KEYS.InstanceId) || undefined,
    DiskCategory: tagValue(tags, SOURCE_FACT_KEYS.DiskCategory) || undefined,
  };
}

const sha256 = (parts: readonly unknown[]) => {
  // Loaded on first use, as in client-token.ts.
  const { createHash } = require('node:crypto') as typeof Crypto;
  return createHash('sha256').update(JSON.stringify(parts));
};

/**
 * The name of a restore asked for without a RestoreId: derived from what it restores (the DR region, the selection,
 * the point in time, the zone, AllowSkew), so that the same request, delivered again or run again, is the same restore
 * and makes nothing twice. `restore-` and 12 hex digits.
 */
export function derivedRestoreId(what: unknown): string {
  return `restore-${sha256(['restore', what]).digest('hex').slice(0, 12)}`;
}

/**
 * CreateDisk's or CreateImage's ClientToken for one source disk of one restore: a re-delivery or a re-run gets what
 * the first made, never a second one. `sr-` and 43 characters: at most 64 ASCII characters.
 */
export function restoreClientToken(made: { RestoreId: string; DestinationRegionId: string; SourceDiskId: string }): string {
  return `sr-${sha256(['restore', made.RestoreId, made.DestinationRegionId, made.SourceDiskId]).digest('base64url')}`;
}
