// The local cloud: an engine (LocalCloud, engine.ts) that serves ECS (Version 2014-05-26) per account and region —
// CopySnapshot, DescribeSnapshots, DeleteSnapshot, TagResources, snapshot lock (LockSnapshot, DescribeLockedSnapshots,
// UnlockSnapshot), the disk actions of restore drills (CreateDisk, DescribeDisks, DeleteDisk,
// DescribeAvailableResource) and the image actions of restores (CreateImage, DescribeImages), with ClientToken idempotency, progress on a clock, staged faults and flow control — and
// the HTTP transport over it (startLocalEcs: signature V1, the `/_local/` control API). The unit tests' in-process
// fake (test/support/fake-ecs.ts) is the other transport; both import this file only.
// The same engine plays an organisation: STS AssumeRole (`/sts/`, assume-role.ts) over per-account RAM roles,
// Resource Manager's ListAccounts (`/resourcemanager/`, list-accounts.ts) over one Resource Directory, and FC 3.0's
// asynchronous InvokeFunction (`/2023-03-30/…`, invoke-function.ts, fc-http.ts) delivering tasks to functions
// registered in process (async-invocations.ts).

export type { ActionResult, ActionSpec } from './action';
export { STS_API_VERSION } from './assume-role';
export type { AsyncTask, AsyncTaskStatus, FailureDestinationRecord } from './async-invocations';
export type { CallStart, CallTransport, HttpTransport, InProcessTransport, RecordedCall } from './call-record';
export { recordedParams } from './call-record';
export { CloudControls } from './cloud-controls';
export { LOCAL_ECS_SERVICE } from './control';
export type { DeliveryFault, DeliveryFaultRule } from './delivery-faults';
export type { CategoryOffer, Disk, DiskCategory, DiskStatus, SeedDisk, ZoneOffer } from './disk';
export type { Admission, EngineRequest, LocalCloudOptions, Principal, Screening } from './engine';
export { DEFAULT_ACCOUNT_ID, injectedError, LocalCloud, throttlingError } from './engine';
export type { EcsError } from './errors';
export { newRequestId } from './errors';
export type { Fault, FaultRule } from './faults';
export type { LocalFunctionContext, LocalFunctionHandler, LocalFunctionOptions } from './fc-function';
export type { Image, ImageStatus } from './image';
export { FC_API_VERSION, MAX_ASYNC_PAYLOAD_BYTES } from './invoke-function';
export { RESOURCE_MANAGER_API_VERSION } from './list-accounts';
export type { LocalEcs, LocalEcsOptions } from './local-ecs';
export type { InjectedFault, RandomFaultOptions } from './random-faults';
export type { DirectoryAccount, ResourceDirectory, SeedResourceDirectory } from './resource-directory';
export type { Role, SeedRole, TrustPolicy } from './role';
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
export type { LockedSnapshotInfo, LockMode, LockStatus, SeedLock } from './snapshot-lock';
export type { EcsVariants, EcsVariantsUpdate, KmsVariant } from './variants';
