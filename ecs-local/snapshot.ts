import * as z from 'zod';

export type SnapshotStatus = 'progressing' | 'accomplished' | 'failed';
export type SnapshotCategory = 'standard' | 'flash' | 'archive';
export type SnapshotType = 'auto' | 'user';
/** `timer` is how automatic snapshots are listed under the `automaticSnapshotType: 'timer'` variant. */
export type ListedSnapshotType = SnapshotType | 'timer';
export type SourceDiskType = 'system' | 'data';

/** DescribeSnapshots names tag fields `TagKey`/`TagValue`, not `Key`/`Value`
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describesnapshots). */
export interface SnapshotTag {
  TagKey: string;
  TagValue: string;
}

/**
 * One item of DescribeSnapshots' `Snapshots.Snapshot[]`, plus the region it lives in: every field of the SDK model
 * DescribeSnapshotsResponseBodySnapshotsSnapshot (@alicloud/ecs20140526), so that a client that breaks on a field it
 * does not use breaks here first.
 */
export interface Snapshot {
  SnapshotId: string;
  SnapshotName: string;
  Description: string;
  Status: SnapshotStatus;
  /** e.g. `"37%"`. */
  Progress: string;
  /** Whether disks can be created from it: once accomplished. */
  Available: boolean;
  Encrypted: boolean;
  /** Empty when not encrypted. */
  KMSKeyId: string;
  Category: SnapshotCategory;
  InstantAccess: boolean;
  InstantAccessRetentionDays: number;
  RetentionDays?: number;
  /** Seconds until a copy in progress is done; 0 otherwise. */
  RemainTime: number;
  SourceDiskId: string;
  /** GiB, as a string. */
  SourceDiskSize: string;
  SourceDiskType: SourceDiskType;
  SourceStorageType: string;
  SourceSnapshotId?: string;
  SourceRegionId?: string;
  SnapshotType: ListedSnapshotType;
  SnapshotSN: string;
  SnapshotLinkId: string;
  FullSnapshotSizeInBytes: number;
  Usage: string;
  ResourceGroupId: string;
  ProductCode: string;
  CreationTime: string;
  LastModifiedTime: string;
  Tags: { Tag: SnapshotTag[] };
  RegionId: string;
}

/** A snapshot to put in a region before a test or a demo. Everything but the region and the disk has a default. */
export interface SeedSnapshot {
  RegionId: string;
  SnapshotId?: string;
  DiskId: string;
  InstanceId?: string;
  Status?: SnapshotStatus;
  Category?: SnapshotCategory;
  Encrypted?: boolean;
  SnapshotType?: SnapshotType;
  SnapshotName?: string;
  CreationTime?: string;
  SourceDiskSize?: number;
  Tags?: { Key: string; Value: string }[];
  /** A local snapshot, which CopySnapshot refuses ("Local snapshots cannot be copied."). */
  Local?: boolean;
  SourceDiskType?: SourceDiskType;
  /** A copy made by another tool (the console, an automatic snapshot policy): its source, and no provenance tags. A
   * progressing one holds the per-disk rule for its disk and region like a copy made through CopySnapshot. */
  SourceSnapshotId?: string;
  SourceRegionId?: string;
  /** Days after its CreationTime ECS releases it (CopySnapshot's RetentionDays); none: kept until deleted. */
  RetentionDays?: number;
  /** Fields DescribeSnapshots answers instead of the real ones (a `Status` it never documented, `Progress: null` to
   * leave it out, extra fields): for clients that must survive answers they do not expect. The control API's own
   * listing shows the real values. */
  ListedAs?: Record<string, unknown>;
}

/** Strict, so that a misspelt field of a seed is an error and not a silent default. */
export const SeedSnapshotSchema = z.strictObject({
  RegionId: z.string().min(1),
  SnapshotId: z
    .string()
    .regex(/^s-[a-z0-9]{1,62}$/, 'must be "s-" followed by lowercase letters and digits')
    .optional(),
  DiskId: z.string().min(1),
  InstanceId: z.string().min(1).optional(),
  Status: z.enum(['progressing', 'accomplished', 'failed']).optional(),
  Category: z.enum(['standard', 'flash', 'archive']).optional(),
  Encrypted: z.boolean().optional(),
  SnapshotType: z.enum(['auto', 'user']).optional(),
  SnapshotName: z.string().optional(),
  CreationTime: z
    .string()
    .refine((value) => !Number.isNaN(Date.parse(value)), 'must be a date such as 2024-05-01T02:00:00Z')
    .optional(),
  SourceDiskSize: z.number().int().positive().optional(),
  Tags: z.array(z.strictObject({ Key: z.string().min(1), Value: z.string() })).optional(),
  Local: z.boolean().optional(),
  SourceDiskType: z.enum(['system', 'data']).optional(),
  SourceSnapshotId: z.string().min(1).optional(),
  SourceRegionId: z.string().min(1).optional(),
  RetentionDays: z.number().int().min(1).max(65536).optional(),
  ListedAs: z.record(z.string(), z.unknown()).optional(),
}) satisfies z.ZodType<SeedSnapshot>;

/** ECS writes times as `YYYY-MM-DDThh:mm:ssZ`, without milliseconds. */
export function formatEcsTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
