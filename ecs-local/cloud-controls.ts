import type { AsyncTask, FailureDestinationRecord } from './async-invocations';
import type { CallTransport, RecordedCall } from './call-record';
import type { DeliveryFaultRule } from './delivery-faults';
import type { Disk, SeedDisk } from './disk';
import { DEFAULT_ACCOUNT_ID, type LocalCloud } from './engine';
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

/**
 * What a test or a tool does to the local cloud behind a transport: seed and read resources (of the default account,
 * or of the account named), stage faults, switch variants. The HTTP endpoint and the in-process fake both extend it,
 * so they offer the same controls, and the same record of calls, over the same engine.
 */
export abstract class CloudControls<Transport extends CallTransport = CallTransport> {
  constructor(protected readonly cloud: LocalCloud<Transport>) {}

  /** Every call the cloud answered, with what this transport adds (call-record.ts). */
  get calls(): RecordedCall<Transport>[] {
    return this.cloud.calls;
  }

  /** Adds a key to the credential table, for its `accountId` (the default account when absent). Throws on a
   * malformed credential or an AccessKeyId already in the table. */
  addCredential(credential: LocalEcsCredential): void {
    this.cloud.addCredential(credential);
  }

  /** Throws on a malformed seed, an unknown region or a SnapshotId in use. */
  addSnapshot(seed: SeedSnapshot, accountId?: string): Snapshot {
    return this.cloud.addSnapshot(seed, accountId);
  }

  /** The region's snapshots now, newest first, with progress computed from the clock. */
  snapshots(regionId: string, accountId?: string): Snapshot[] {
    return this.cloud.snapshots(regionId, accountId);
  }

  /**
   * Locks a snapshot of the region as if LockSnapshot had, at `LockCreationTime` (now when absent), without its state
   * rules (retention, re-lock); replaces any lock it has. Throws on a malformed seed or a snapshot the region does not
   * hold.
   */
  addLock(seed: SeedLock, accountId?: string): LockedSnapshotInfo {
    const { store } = this.cloud.account(accountId);
    const nowMs = this.cloud.now();
    return lockInfo(store.lockInfoOf(store.addSeedLock(seed, nowMs), nowMs));
  }

  /** The region's locks now (expired ones included), as DescribeLockedSnapshots lists them, newest snapshot first. */
  locks(regionId: string, accountId?: string): LockedSnapshotInfo[] {
    if (!this.cloud.hasRegion(regionId)) throw new Error(`Unknown RegionId ${regionId}`);
    const { store } = this.cloud.account(accountId);
    const nowMs = this.cloud.now();
    return store.lockedIn(regionId).map((snapshot) => lockInfo(store.lockInfoOf(snapshot, nowMs)));
  }

  /** Throws on a malformed seed or an unknown region. */
  addDisk(seed: SeedDisk, accountId?: string): Disk {
    return this.cloud.addDisk(seed, accountId);
  }

  /** The region's disks now (gone ones left out), newest first, as DescribeDisks answers them. */
  disks(regionId: string, accountId?: string): Disk[] {
    return this.cloud.disks(regionId, accountId);
  }

  /** The region's custom images now (every status), newest first, as DescribeImages answers them. */
  images(regionId: string, accountId?: string): Image[] {
    return this.cloud.images(regionId, accountId);
  }

  attachDisk(DiskId: string, InstanceId: string, accountId?: string): void {
    this.cloud.attachDisk(DiskId, InstanceId, accountId);
  }

  detachDisk(DiskId: string, accountId?: string): void {
    this.cloud.detachDisk(DiskId, accountId);
  }

  releaseDisk(DiskId: string, accountId?: string): void {
    this.cloud.releaseDisk(DiskId, accountId);
  }

  /** Faults are used in the order they were injected, by the calls they match. Throws on a malformed rule. */
  injectFault(rule: FaultRule): void {
    this.cloud.injectFault(rule);
  }

  clearFaults(): void {
    this.cloud.clearFaults();
  }

  /** Replaces the random faults (undefined: none from now on), drawing afresh from the seed. */
  setRandomFaults(options: RandomFaultOptions | undefined): void {
    this.cloud.setRandomFaults(options);
  }

  /** Every random fault applied so far, as it was applied. */
  get injectedRandomFaults(): InjectedFault[] {
    return this.cloud.injectedRandomFaults;
  }

  /** The variants in force. */
  get variants(): Readonly<EcsVariants> {
    return this.cloud.variants;
  }

  /** Changes the variants given, keeps the others. Throws on a malformed update. */
  setVariants(update: EcsVariantsUpdate): void {
    this.cloud.setVariants(update);
  }

  /** Adds a RAM role to an account (the default one when absent), for STS AssumeRole. Throws on a malformed seed
   * (role.ts) or a role name the account has. */
  addRole(seed: SeedRole, accountId?: string): Role {
    return this.cloud.organisation.addRole(seed, accountId ?? DEFAULT_ACCOUNT_ID);
  }

  /** An account's roles (the default account's when absent), in the order added. */
  roles(accountId?: string): Role[] {
    return this.cloud.organisation.roles(accountId ?? DEFAULT_ACCOUNT_ID);
  }

  /** Replaces the Resource Directory that ListAccounts lists. Throws on a malformed seed (resource-directory.ts). */
  setResourceDirectory(seed: SeedResourceDirectory): ResourceDirectory {
    return this.cloud.organisation.setResourceDirectory(seed);
  }

  /** The Resource Directory, when one was set. */
  get resourceDirectory(): ResourceDirectory | undefined {
    return this.cloud.organisation.resourceDirectory();
  }

  /** Registers the function FC's asynchronous invocations of `functionName` are delivered to (fc-function.ts). Throws
   * on a malformed name or options, a name its account has, or a role its account does not have. */
  registerFunction(functionName: string, handler: LocalFunctionHandler, options?: LocalFunctionOptions): void {
    this.cloud.organisation.registerFunction(functionName, handler, options);
  }

  /** The asynchronous tasks accepted, in order, of one account or function when named. */
  asyncTasks(filter: { accountId?: string; functionName?: string } = {}): AsyncTask[] {
    return this.cloud.organisation.asyncInvocations.list(filter);
  }

  /** Every record that reached a function's failure destination, in order. */
  get failureDestinationRecords(): FailureDestinationRecord[] {
    return this.cloud.organisation.asyncInvocations.failureDestinationRecords;
  }

  /** Stages a delivery fault (delivery-faults.ts): a task delivered twice, or late. Throws on a malformed rule. */
  injectDeliveryFault(rule: DeliveryFaultRule): void {
    this.cloud.organisation.asyncInvocations.deliveryFaults.add(rule);
  }

  clearDeliveryFaults(): void {
    this.cloud.organisation.asyncInvocations.deliveryFaults.clear();
  }

  /** Delivers every asynchronous invocation due by the engine's clock, and waits for the handlers (retries due by
   * then included). For a test whose `scheduleAt` leaves delivery to it. */
  deliverDue(): Promise<void> {
    return this.cloud.organisation.asyncInvocations.deliverDue();
  }

  /** Resolves once no asynchronous delivery is running or waiting. */
  asyncInvocationsIdle(): Promise<void> {
    return this.cloud.organisation.asyncInvocations.whenIdle();
  }
}

/** A snapshot the store has just listed as locked has a lock. */
function lockInfo(info: LockedSnapshotInfo | undefined): LockedSnapshotInfo {
  if (info === undefined) throw new Error('Expected the snapshot to have a lock.');
  return info;
}
