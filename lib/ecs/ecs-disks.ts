import type { Tag } from './copy-snapshot-parameters';
import type { EcsCall, SnapshotInfo, SnapshotPage } from './ecs';

/**
 * The ECS calls restore drills, KeepCopies, the copies' locks and restores make besides CopySnapshot and
 * DescribeSnapshots (ecs.ts): disks and the zones that sell them, the deletion and tagging of snapshots, snapshot lock,
 * and images (restores only). The adapter over pop-core is pop-core-ecs-disks.ts. Every method rejects with a
 * CopyFailure (classified, free of credentials). Deleting a snapshot disks were created from takes `Force`; the port
 * has no such option, on purpose. Nor has it UnlockSnapshot: the function never unlocks (docs/locks.md).
 */
export interface EcsDisks {
  /** A pay-as-you-go data disk in a zone, from a snapshot. */
  createDisk(parameters: CreateDiskParameters, call: EcsCall): Promise<{ DiskId: string; RequestId: string }>;
  /** One page of DescribeDisks. */
  describeDisks(query: DescribeDisksQuery, call: EcsCall): Promise<DiskPage>;
  /** Sent to the disk's region's endpoint: DeleteDisk has no RegionId. */
  deleteDisk(parameters: { RegionId: string; DiskId: string }, call: EcsCall): Promise<{ RequestId: string }>;
  /** DescribeAvailableResource with DestinationResource=DataDisk: the zones that sell data disks, and which. */
  describeAvailableResource(query: { RegionId: string; ZoneId?: string }, call: EcsCall): Promise<ZoneOffers>;
  /** Sent to the snapshot's region's endpoint: DeleteSnapshot has no RegionId. Never forced. */
  deleteSnapshot(parameters: { RegionId: string; SnapshotId: string }, call: EcsCall): Promise<{ RequestId: string }>;
  /** TagResources on snapshots: a key already on a snapshot takes the new value. */
  tagSnapshots(
    parameters: { RegionId: string; SnapshotIds: readonly string[]; Tag: readonly Tag[] },
    call: EcsCall,
  ): Promise<{ RequestId: string }>;
  /** A custom image from one system disk snapshot (restores). */
  createImage(parameters: CreateImageParameters, call: EcsCall): Promise<{ ImageId: string; RequestId: string }>;
  /** One page of DescribeImages: the account's own images, in every status. */
  describeImages(query: DescribeImagesQuery, call: EcsCall): Promise<ImagePage>;
  /** One page of DescribeSnapshots, each snapshot with the type of the disk it was taken of (restores). */
  describeSnapshotsWithDiskType(query: SnapshotsWithDiskTypeQuery, call: EcsCall): Promise<SnapshotsWithDiskTypePage>;
  /** LockSnapshot in compliance mode, the only mode ECS offers. On a locked snapshot it re-configures or extends the lock. */
  lockSnapshot(parameters: LockSnapshotParameters, call: EcsCall): Promise<{ LockedSnapshotInfo: LockedSnapshotInfo; RequestId: string }>;
  /** One page of DescribeLockedSnapshots. */
  describeLockedSnapshots(query: DescribeLockedSnapshotsQuery, call: EcsCall): Promise<LockedSnapshotsPage>;
  /**
   * DescribeSnapshots of up to 100 snapshots by ID, read for what the copy path's listing leaves out: each one's
   * `RetentionDays`, which a lock may not outlast.
   */
  describeSnapshotRetention(query: { RegionId: string; SnapshotIds: readonly string[] }, call: EcsCall): Promise<SnapshotRetentionPage>;
}

/** CreateDisk's parameters this function sends
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createdisk). */
export interface CreateDiskParameters {
  RegionId: string;
  ZoneId: string;
  SnapshotId: string;
  DiskCategory: string;
  /** GiB; "a snapshot larger than Size wins", so a category's minimum can be asked for. */
  Size: number;
  DiskName: string;
  Description: string;
  Tag: readonly Tag[];
  /** ≤64 ASCII characters. */
  ClientToken: string;
}

export interface DescribeDisksQuery {
  RegionId: string;
  /** At most 100; sent as a JSON array string. */
  DiskIds?: readonly string[];
  /** Disks created from this snapshot. */
  SnapshotId?: string;
  Tag?: readonly Tag[];
  NextToken?: string;
  /** 10 to 500. */
  MaxResults: number;
}

/** A disk as DescribeDisks lists it, reduced to what the function uses. `Status` is kept as ECS spells it. */
export interface DiskInfo {
  DiskId: string;
  RegionId: string;
  ZoneId: string;
  /** `Creating`, `Available`, `In_use`, `Deleting`, `Attaching`, `Detaching`, `ReIniting`, ... */
  Status: string;
  Category: string;
  /** GiB. */
  Size: number;
  SourceSnapshotId: string;
  InstanceId: string;
  Tags: Tag[];
  /**
   * When ECS created the disk (DescribeDisks' `CreationTime`), in ms since the epoch; undefined when ECS left it out
   * or wrote something that is not a time. The age that lets a restore drill sweep another run's disk: tags name a
   * drill disk, only ECS's own CreationTime says how old it is.
   */
  CreationTime: number | undefined;
}

export interface DiskPage {
  Disks: DiskInfo[];
  /** Absent on the last page. */
  NextToken: string | undefined;
  RequestId: string;
}

/** A category a zone sells now, with its size range in GiB. */
export interface CategoryOffer {
  Category: string;
  MinGiB: number;
  MaxGiB: number;
}

/** The zones of a region that sell data disks now (sold-out zones and categories left out). */
export interface ZoneOffers {
  Zones: { ZoneId: string; Categories: CategoryOffer[] }[];
  RequestId: string;
}

/** CreateImage's parameters this function sends: one system disk snapshot
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createimage). */
export interface CreateImageParameters {
  RegionId: string;
  SnapshotId: string;
  /** 2 to 128 characters, starting with a letter. */
  ImageName: string;
  Description: string;
  Tag: readonly Tag[];
  /** ≤64 ASCII characters. */
  ClientToken: string;
}

export interface DescribeImagesQuery {
  RegionId: string;
  /** At most 100; sent comma-separated. */
  ImageIds?: readonly string[];
  Tag?: readonly Tag[];
  /** From 1. */
  PageNumber: number;
  /** 1 to 100. */
  PageSize: number;
}

/** An image as DescribeImages lists it, reduced to what the function uses. `Status` is kept as ECS spells it. */
export interface ImageInfo {
  ImageId: string;
  ImageName: string;
  /** `Creating`, `Waiting`, `Available`, `UnAvailable`, `CreateFailed`, `Deprecated`. */
  Status: string;
  /** GiB, when ECS says. */
  Size: number | undefined;
  Tags: Tag[];
}

export interface ImagePage {
  Images: ImageInfo[];
  TotalCount: number;
  RequestId: string;
}

export interface SnapshotsWithDiskTypeQuery {
  RegionId: string;
  /** The snapshots of the disks attached to this instance now. */
  InstanceId?: string;
  NextToken?: string;
  MaxResults: number;
}

/** A listed snapshot with DescribeSnapshots' `SourceDiskType` (`system` or `data`; undefined when ECS left it out). */
export interface SnapshotWithDiskType extends SnapshotInfo {
  SourceDiskType: 'system' | 'data' | undefined;
}

export type SnapshotsWithDiskTypePage = Omit<SnapshotPage, 'Snapshots'> & { Snapshots: SnapshotWithDiskType[] };
/**
 * LockSnapshot's parameters this function sends
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-locksnapshot); `LockMode` is
 * always `compliance`, and `DryRun` is never sent.
 */
export interface LockSnapshotParameters {
  RegionId: string;
  SnapshotId: string;
  /** Days, 1 to 36500; the duration starts when the snapshot is accomplished. */
  LockDuration: number;
  /** Hours, 0 to 72: the lock can be removed or changed until they are over; 0 locks at once. */
  CoolOffPeriod: number;
  /** ≤64 ASCII characters: a repeat answers the first call's answer and changes nothing. */
  ClientToken: string;
}

/**
 * `compliance-cooloff` and `compliance` hold the snapshot (it cannot be deleted); `expired` is a lock that has ended,
 * still listed, that protects nothing (https://www.alibabacloud.com/help/en/ecs/user-guide/lock-snapshot). A status
 * ECS may add later is kept as it is spelt (LockedSnapshotInfo.LockStatus is text).
 */
export const HOLDING_LOCK_STATUSES: readonly string[] = ['compliance-cooloff', 'compliance'];

/**
 * What the three lock actions answer in a region that does not offer snapshot lock: the local endpoint's code
 * (docs/ecs-local.md#snapshot-lock). UNVERIFIED: no public page names it, or lists the regions that offer the lock.
 */
export const LOCK_NOT_SUPPORTED_IN_REGION = 'OperationDenied.NotSupportedInRegion';

/** A snapshot's lock as DescribeLockedSnapshots lists it and LockSnapshot answers it (the nine fields of the SDK model). */
export interface LockedSnapshotInfo {
  SnapshotId: string;
  LockMode: string;
  /** `compliance-cooloff`, `compliance` or `expired` (HOLDING_LOCK_STATUSES). */
  LockStatus: string;
  /** Days. */
  LockDuration: number;
  /** Hours. */
  CoolOffPeriod: number;
  /** Times as ECS writes them (`yyyy-MM-ddTHH:mm:ssZ`); `LockDurationStartTime` and `LockExpiredTime` may be empty
   * while the snapshot is progressing (UNVERIFIED: ECS may leave them out). */
  CoolOffPeriodExpiredTime: string;
  LockCreationTime: string;
  LockDurationStartTime: string;
  LockExpiredTime: string;
}

/** DescribeLockedSnapshots' filters this function uses. */
export interface DescribeLockedSnapshotsQuery {
  RegionId: string;
  /** 1 to 100 IDs, sent as a repeated list (`SnapshotIds.1`, `SnapshotIds.2`, …), not as DescribeSnapshots' JSON string. */
  SnapshotIds: readonly string[];
  /** 10 to 100. */
  MaxResults: number;
  NextToken?: string;
}

export interface LockedSnapshotsPage {
  LockedSnapshotsInfo: LockedSnapshotInfo[];
  /** Absent on the last page (ECS's `""` included). */
  NextToken: string | undefined;
  RequestId: string;
}

/** A snapshot's retention, by ECS: it is released `RetentionDays` days after its `CreationTime`; kept for good without. */
export interface SnapshotRetention {
  SnapshotId: string;
  /** Milliseconds since the epoch. */
  CreationTime: number;
  RetentionDays: number | undefined;
}

export interface SnapshotRetentionPage {
  Snapshots: SnapshotRetention[];
  RequestId: string;
}
