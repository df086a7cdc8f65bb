import type { AsyncTask, FailureDestinationRecord } from './async-invocations';
import type { HttpTransport, RecordedCall } from './call-record';
import type { DeliveryFaultRule } from './delivery-faults';
import type { Disk, SeedDisk } from './disk';
import type { LocalCloudOptions } from './engine';
import type { FaultRule } from './faults';
import type { LocalFunctionHandler, LocalFunctionOptions } from './fc-function';
import type { Image } from './image';
import type { InjectedFault, RandomFaultOptions } from './random-faults';
import type { ResourceDirectory, SeedResourceDirectory } from './resource-directory';
import type { Role, SeedRole } from './role';
import type { LocalEcsCredential } from './signature';
import type { SeedSnapshot, Snapshot } from './snapshot';
import type { LockedSnapshotInfo, SeedLock } from './snapshot-lock';
import type { EcsVariants, EcsVariantsUpdate } from './variants';

/** The engine's options (engine.ts), with the clock optional and what only the HTTP transport has. */
export interface LocalEcsOptions extends Omit<LocalCloudOptions, 'now' | 'credentials'> {
  /** The credential table: each key belongs to its `accountId` (the default account when absent). */
  credentials: LocalEcsCredential[];
  /** The clock in ms (Date.now when absent): copy progress, CreationTime and the Timestamp window use it. */
  now?: () => number;
  /** How far a request's Timestamp may be from `now`; 15 min when absent (UNVERIFIED:
   * https://www.alibabacloud.com/help/en/sdk/product-overview/rpc-mechanism names no window). */
  timestampWindowMs?: number;
  /** Added to every answer; 0 when absent. */
  latencyMs?: number;
  /** 0 (a free port) when absent. */
  port?: number;
}

export interface LocalEcs {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The AccessKeys it accepts: `GET /_local/endpoint` gives the first to a tool on this machine (npm run invoke). */
  readonly credentials: readonly LocalEcsCredential[];
  /** Adds a key (an AccessKey, or an STS token with its expiry) to the credential table, for its `accountId`. Throws
   * on a malformed credential or an AccessKeyId already in the table. */
  addCredential(credential: LocalEcsCredential): void;
  /** Throws on a malformed seed. `accountId`: the account it belongs to (a credential's `accountId`); the default
   * account's (`local-account`) when absent, as for every method below that takes one. */
  addSnapshot(seed: SeedSnapshot, accountId?: string): Snapshot;
  /** The region's snapshots now, newest first, with progress computed from the clock. */
  snapshots(regionId: string, accountId?: string): Snapshot[];
  /** Locks a snapshot as if LockSnapshot had, at `LockCreationTime` (now when absent), bypassing its state rules.
   * Throws on a malformed seed or a snapshot the region does not hold. */
  addLock(seed: SeedLock, accountId?: string): LockedSnapshotInfo;
  /** The region's locks now (expired ones included), as DescribeLockedSnapshots lists them. */
  locks(regionId: string, accountId?: string): LockedSnapshotInfo[];
  /** Throws on a malformed seed or an unknown region. */
  addDisk(seed: SeedDisk, accountId?: string): Disk;
  /** The region's disks now (gone ones left out), newest first, as DescribeDisks answers them. */
  disks(regionId: string, accountId?: string): Disk[];
  /** The region's custom images now (every status), newest first, as DescribeImages answers them. */
  images(regionId: string, accountId?: string): Image[];
  /** Faults are used in the order they were injected, by the requests they match, after the signature is verified
   * (except `drop`, which happens before). Throws on a malformed rule. */
  injectFault(rule: FaultRule): void;
  clearFaults(): void;
  /** Replaces the random faults (undefined: none from now on), drawing afresh from the seed. Throws on malformed
   * options. */
  setRandomFaults(options: RandomFaultOptions | undefined): void;
  /** Every random fault applied so far, as it was applied: a `delay` is listed when its wait begins. */
  readonly injectedRandomFaults: InjectedFault[];
  /** The engine's record of every call, each with the HTTP method it came with (call-record.ts). */
  readonly calls: RecordedCall<HttpTransport>[];
  /** The variants in force. */
  readonly variants: Readonly<EcsVariants>;
  /** Changes the fields given, keeps the others. Throws on a malformed update. */
  setVariants(update: EcsVariantsUpdate): void;
  /** Attaches a source disk to an instance (DescribeSnapshots' InstanceId filter follows); throws for a released disk. */
  attachDisk(DiskId: string, InstanceId: string, accountId?: string): void;
  /** Detaches a source disk: its snapshots no longer match the instance's InstanceId. */
  detachDisk(DiskId: string, accountId?: string): void;
  /** Releases a source disk: detached for good; its snapshots stay, with their SourceDiskId. */
  releaseDisk(DiskId: string, accountId?: string): void;
  /** Adds a RAM role to an account, for STS AssumeRole (`/sts/`). Throws on a malformed seed or a name in use. */
  addRole(seed: SeedRole, accountId?: string): Role;
  /** An account's roles, in the order added. */
  roles(accountId?: string): Role[];
  /** Replaces the Resource Directory ListAccounts lists (`/resourcemanager/`). Throws on a malformed seed. */
  setResourceDirectory(seed: SeedResourceDirectory): ResourceDirectory;
  readonly resourceDirectory: ResourceDirectory | undefined;
  /** Registers the function FC's asynchronous invocations (`POST /2023-03-30/functions/{name}/invocations`) are
   * delivered to. Throws on a malformed name or options, a name in use, or a role its account does not have. */
  registerFunction(functionName: string, handler: LocalFunctionHandler, options?: LocalFunctionOptions): void;
  /** The asynchronous tasks accepted, in order, of one account or function when named. */
  asyncTasks(filter?: { accountId?: string; functionName?: string }): AsyncTask[];
  /** Every record that reached a function's failure destination, in order. */
  readonly failureDestinationRecords: FailureDestinationRecord[];
  /** Stages a delivery fault: a task delivered twice (`duplicate-delivery`) or late (`delay`). Throws on a malformed rule. */
  injectDeliveryFault(rule: DeliveryFaultRule): void;
  clearDeliveryFaults(): void;
  /** Delivers every asynchronous invocation due by the clock, and waits for the handlers. */
  deliverDue(): Promise<void>;
  /** Resolves once no asynchronous delivery is running or waiting. */
  asyncInvocationsIdle(): Promise<void>;
  close(): Promise<void>;
}
