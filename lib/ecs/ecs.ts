import type { CopySnapshotParameters, Tag } from './copy-snapshot-parameters';
import type { Credentials } from './credentials';

/** The ECS calls the core needs. The adapter over pop-core is pop-core-ecs.ts; tests use the local ECS endpoint. */
export interface Ecs {
  /** Resolves with the new snapshot; rejects with a CopyFailure (already classified, free of credentials). */
  copySnapshot(parameters: CopySnapshotParameters, call: EcsCall): Promise<CopySnapshotResult>;
  /** One page of DescribeSnapshots; rejects with a CopyFailure. */
  describeSnapshots(query: DescribeSnapshotsQuery, call: EcsCall): Promise<SnapshotPage>;
}

export interface EcsCall {
  credentials: Credentials;
  /** Connect and read timeout of this one HTTP request. */
  timeoutMs: number;
}

/** CopySnapshot's response: the new snapshot's ID (in the destination region) and the request's ID. */
export interface CopySnapshotResult {
  SnapshotId: string;
  RequestId: string;
}

/** DescribeSnapshots' filters this function uses
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describesnapshots). */
export interface DescribeSnapshotsQuery {
  RegionId: string;
  /** At most 100 IDs; sent as a JSON array string. */
  SnapshotIds?: readonly string[];
  DiskId?: string;
  InstanceId?: string;
  SnapshotType?: 'auto' | 'user' | 'all';
  /** Snapshots carrying every one of these tags (`Tag.N.Key`/`Tag.N.Value`; ECS caps tag filtering at 1000 matches). */
  Tag?: readonly Tag[];
  /**
   * Milliseconds since the epoch: only snapshots created at or after it (`Filter.1.Key=CreationStartTime`, sent to
   * the minute, rounded down, as the documentation's `yyyy-MM-ddTHH:mmZ` asks).
   */
  CreationStartTime?: number;
  NextToken?: string;
  /** Up to 100. The adapter sends at least MIN_MAX_RESULTS: ECS documents no minimum, some versions refuse less. */
  MaxResults: number;
}

/**
 * "MaxResults … Maximum value: 100. Default value: 10." No minimum is documented, `InvalidParameter.MaxResults`
 * exists and DescribeDisks documents 10 to 500, so nothing smaller than 10 is sent
 * (https://alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describesnapshots).
 */
export const MIN_MAX_RESULTS = 10;

/**
 * "The resource count with the tag(s) cannot exceed 1000 … otherwise call ListTagResources" (DescribeSnapshots,
 * `Tag.N.Key`). What ECS answers past it (an error, or the first 1000) is UNVERIFIED: a tag-filtered listing that
 * reaches this many snapshots must be taken as possibly incomplete, and `TotalCount` does not help (the SDK: "when
 * you use MaxResults and NextToken … the returned TotalCount parameter value is invalid").
 */
export const TAG_FILTER_MATCH_CAP = 1000;

/**
 * A snapshot as DescribeSnapshots lists it, reduced to what the function uses. Tags use Key/Value here.
 * `SnapshotType` is as ECS lists it, but `timer` (the 2021 page and older SDKs: "auto or timer: automatic snapshot")
 * is given as `auto`, so that one comparison selects automatic snapshots however ECS names them.
 */
export interface SnapshotInfo {
  SnapshotId: string;
  RegionId: string;
  SourceDiskId: string;
  Status: 'progressing' | 'accomplished' | 'failed';
  Progress: string;
  /** Milliseconds since the epoch. */
  CreationTime: number;
  SnapshotType: string;
  Category: string;
  Encrypted: boolean;
  Tags: Tag[];
  /** Set on a copy, whoever made it (this function, the console, an automatic snapshot policy): its source. */
  SourceSnapshotId?: string;
  SourceRegionId?: string;
  /** GiB: the size of the disk the snapshot was taken of, the size a disk restored from it needs. */
  SourceDiskSize?: number;
}

/**
 * A listed snapshot the function cannot read: a `Status` it does not know, no `CreationTime`, malformed tags. It is
 * not copied, and a run reports it on its own instead of failing the listing of the whole region. What could be read
 * of it is kept, so that an unreadable copy can still be matched to its source.
 */
export interface UnrecognizedSnapshot {
  SnapshotId: string | undefined;
  /** Safe to show: names the field and the value (redacted, cut short). */
  reason: string;
  SourceDiskId?: string;
  SourceSnapshotId?: string;
  SourceRegionId?: string;
}

export interface SnapshotPage {
  Snapshots: SnapshotInfo[];
  /** Empty or absent on the last page. */
  NextToken: string | undefined;
  RequestId: string;
  /** Snapshots of this page that could not be read; absent or empty when every one could. */
  Unrecognized?: UnrecognizedSnapshot[];
}
