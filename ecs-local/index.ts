// A local ECS RPC endpoint (Version 2014-05-26) for testing the real pop-core client: CopySnapshot, DescribeSnapshots,
// DeleteSnapshot, TagResources and the disk actions of restore drills (CreateDisk, DescribeDisks, DeleteDisk,
// DescribeAvailableResource), with signature V1, ClientToken idempotency, progress on a clock and staged faults.

export { LOCAL_ECS_SERVICE } from './control';
export type { CategoryOffer, Disk, DiskCategory, DiskStatus, SeedDisk, ZoneOffer } from './disk';
export type { Fault, FaultRule } from './faults';
export type { LocalEcs, LocalEcsOptions, RecordedCall } from './local-ecs';
export { startLocalEcs } from './server';
export type { LocalEcsCredential } from './signature';
export type {
  ListedSnapshotType,
  SeedSnapshot,
  Snapshot,
  SnapshotCategory,
  SnapshotStatus,
  SnapshotTag,
  SnapshotType,
  SourceDiskType,
} from './snapshot';
export type { EcsVariants, EcsVariantsUpdate, KmsVariant } from './variants';
