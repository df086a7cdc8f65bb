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

/** DescribeSnapshots' filters this function uses (ecs-api.md). */
export interface DescribeSnapshotsQuery {
  RegionId: string;
  /** At most 100 IDs; sent as a JSON array string. */
  SnapshotIds?: readonly string[];
  DiskId?: string;
  InstanceId?: string;
  SnapshotType?: 'auto' | 'user' | 'all';
  /** Snapshots carrying every one of these tags (`Tag.N.Key`/`Tag.N.Value`; ECS caps tag filtering at 1000 matches). */
  Tag?: readonly Tag[];
  NextToken?: string;
  /** 1 to 100. */
  MaxResults: number;
}

/** A snapshot as DescribeSnapshots lists it, reduced to what the function uses. Tags use Key/Value here. */
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
  /** On a copy, whoever made it: the snapshot it was copied from (ecs-fidelity.md §1). */
  SourceSnapshotId?: string;
  /** GiB: the size of the disk the snapshot was taken of, the size a disk restored from it needs. */
  SourceDiskSize?: number;
}

export interface SnapshotPage {
  Snapshots: SnapshotInfo[];
  /** Empty or absent on the last page. */
  NextToken: string | undefined;
  RequestId: string;
}
