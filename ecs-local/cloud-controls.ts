import type { CallTransport, RecordedCall } from './call-record';
import type { Disk, SeedDisk } from './disk';
import type { LocalCloud } from './engine';
import type { FaultRule } from './faults';
import type { Image } from './image';
import type { InjectedFault, RandomFaultOptions } from './random-faults';
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
}

/** A snapshot the store has just listed as locked has a lock. */
function lockInfo(info: LockedSnapshotInfo | undefined): LockedSnapshotInfo {
  if (info === undefined) throw new Error('Expected the snapshot to have a lock.');
  return info;
}
