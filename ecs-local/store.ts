import { createHash } from 'node:crypto';
import { DiskAttachments } from './attachments';
import { unusedResourceId } from './resource-id';
import {
  formatEcsTime,
  type SeedSnapshot,
  SeedSnapshotSchema,
  type Snapshot,
  type SnapshotCategory,
  type SnapshotStatus,
  type SnapshotTag,
  type SnapshotType,
  type SourceDiskType,
} from './snapshot';
import {
  type LockedSnapshotInfo,
  type LockStatus,
  lockedSnapshotInfo,
  lockTimesAt,
  newLock,
  type SeedLock,
  SeedLockSchema,
  type SnapshotLock,
} from './snapshot-lock';
import type { EcsVariants } from './variants';

/** A seeded snapshot keeps the status it was given; a copy progresses with the clock from the time it started. */
type Lifecycle = { kind: 'fixed'; Status: SnapshotStatus } | { kind: 'copy'; startedAtMs: number };

export interface StoredSnapshot {
  /** Insertion order, which breaks ties between equal CreationTimes so that paging is stable. */
  readonly seq: number;
  readonly RegionId: string;
  readonly SnapshotId: string;
  readonly SnapshotName: string;
  readonly Description: string;
  readonly DiskId: string;
  readonly InstanceId: string | undefined;
  readonly Category: SnapshotCategory;
  readonly Encrypted: boolean;
  readonly KMSKeyId: string | undefined;
  readonly RetentionDays: number | undefined;
  readonly SourceDiskSize: number;
  readonly SourceSnapshotId: string | undefined;
  readonly SourceRegionId: string | undefined;
  readonly SnapshotType: SnapshotType;
  readonly Usage: string;
  readonly creationMs: number;
  readonly Tags: readonly SnapshotTag[];
  readonly Local: boolean;
  readonly lifecycle: Lifecycle;
  readonly SourceDiskType: SourceDiskType;
  /** When the snapshot entered the store (not its CreationTime, which a seed may set in the past): tags are indexed
   * from here. */
  readonly insertedMs: number;
  /** Fields DescribeSnapshots answers instead of the real ones (see SeedSnapshot.ListedAs). */
  readonly ListedAs: Readonly<Record<string, unknown>> | undefined;
  /** Its lock (snapshot-lock.ts), kept once expired, as DescribeLockedSnapshots still lists it; none when unlocked. */
  readonly lock: SnapshotLock | undefined;
}

/** What CopySnapshot decided; the store fills in what comes from the source. */
export interface CopyOrder {
  source: StoredSnapshot;
  DestinationRegionId: string;
  SnapshotName: string;
  Description: string;
  RetentionDays: number | undefined;
  Encrypted: boolean;
  KMSKeyId: string | undefined;
  Tags: readonly SnapshotTag[];
}

const DEFAULT_DISK_SIZE_GIB = 40;

/**
 * The snapshots of every region of an account and the progress of copies.
 */
export class SnapshotStore {
  private readonly byId = new Map<string, StoredSnapshot>();
  private nextSeq = 0;
  /** Which instance each source disk is attached to now (DescribeSnapshots' InstanceId filter). */
  readonly attachments = new DiskAttachments();

  constructor(
    private readonly regions: ReadonlySet<string>,
    private readonly copyDurationMs: number,
  ) {}

  hasRegion(regionId: string): boolean {
    return this.regions.has(regionId);
  }

  /** Throws on a seed that is malformed, names an unknown region or reuses a SnapshotId. */
  addSeed(input: SeedSnapshot, nowMs: number): StoredSnapshot {
    const seed = SeedSnapshotSchema.parse(input);
    if (!this.hasRegion(seed.RegionId)) throw new Error(`Unknown RegionId ${seed.RegionId}`);
    const SnapshotId = seed.SnapshotId ?? unusedResourceId('s-', this.byId);
    if (this.byId.has(SnapshotId)) throw new Error(`SnapshotId ${SnapshotId} already exists`);
    const creationMs = seed.CreationTime === undefined ? nowMs : Date.parse(seed.CreationTime);
    const SnapshotType = seed.SnapshotType ?? 'user';
    // A seed names the instance its disk is attached to now; later seeds of the disk may move it.
    if (seed.InstanceId !== undefined && !this.attachments.isReleased(seed.DiskId)) this.attachments.attach(seed.DiskId, seed.InstanceId);
    return this.insert({
      seq: this.nextSeq++,
      RegionId: seed.RegionId,
      SnapshotId,
      // Automatic snapshots are named `auto_YYYYMMDD_N` by ECS; a user snapshot made without a name has none.
      SnapshotName:
        seed.SnapshotName ?? (SnapshotType === 'auto' ? `auto_${formatEcsTime(creationMs).slice(0, 10).replace(/-/g, '')}_1` : ''),
      Description: '',
      DiskId: seed.DiskId,
      InstanceId: seed.InstanceId,
      Category: seed.Category ?? 'standard',
      Encrypted: seed.Encrypted ?? false,
      KMSKeyId: undefined,
      RetentionDays: seed.RetentionDays,
      SourceDiskSize: seed.SourceDiskSize ?? DEFAULT_DISK_SIZE_GIB,
      SourceSnapshotId: seed.SourceSnapshotId,
      SourceRegionId: seed.SourceRegionId,
      SnapshotType,
      Usage: 'none',
      creationMs,
      Tags: (seed.Tags ?? []).map((tag) => ({ TagKey: tag.Key, TagValue: tag.Value })),
      Local: seed.Local ?? false,
      lifecycle: { kind: 'fixed', Status: seed.Status ?? 'accomplished' },
      SourceDiskType: seed.SourceDiskType ?? 'data',
      insertedMs: nowMs,
      ListedAs: seed.ListedAs,
      lock: undefined,
    });
  }

  /** A new snapshot in the destination region, progressing from now. Copies are user snapshots of a disk. */
  createCopy(order: CopyOrder, nowMs: number): StoredSnapshot {
    const { source } = order;
    return this.insert({
      seq: this.nextSeq++,
      RegionId: order.DestinationRegionId,
      SnapshotId: unusedResourceId('s-', this.byId),
      SnapshotName: order.SnapshotName,
      Description: order.Description,
      DiskId: source.DiskId,
      InstanceId: undefined,
      Category: 'standard',
      Encrypted: order.Encrypted,
      KMSKeyId: order.KMSKeyId,
      RetentionDays: order.RetentionDays,
      SourceDiskSize: source.SourceDiskSize,
      SourceSnapshotId: source.SnapshotId,
      SourceRegionId: source.RegionId,
      SnapshotType: 'user',
      Usage: 'none',
      creationMs: nowMs,
      Tags: order.Tags,
      Local: false,
      lifecycle: { kind: 'copy', startedAtMs: nowMs },
      SourceDiskType: source.SourceDiskType,
      insertedMs: nowMs,
      ListedAs: undefined,
      // "Copying a locked snapshot does not carry the lock over" (https://www.alibabacloud.com/help/en/ecs/user-guide/lock-snapshot).
      lock: undefined,
    });
  }

  find(regionId: string, snapshotId: string): StoredSnapshot | undefined {
    const found = this.byId.get(snapshotId);
    return found !== undefined && found.RegionId === regionId ? found : undefined;
  }

  /** The snapshots of a region, newest first by CreationTime, as DescribeSnapshots lists them. */
  list(regionId: string): StoredSnapshot[] {
    return [...this.byId.values()].filter((snapshot) => snapshot.RegionId === regionId).sort(newestFirst);
  }

  /**
   * The per-disk rule: one copy of a disk to a region at a time (`InvalidOperation.UnfinishedCrossRegionCopy`,
   * https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-copysnapshot), whoever copies: a copy
   * made through CopySnapshot or one seeded as made by another tool (a snapshot with a SourceRegionId) that is still progressing.
   */
  unfinishedCopy(diskId: string, destinationRegionId: string, nowMs: number): StoredSnapshot | undefined {
    return [...this.byId.values()].find(
      (snapshot) =>
        snapshot.SourceRegionId !== undefined &&
        snapshot.DiskId === diskId &&
        snapshot.RegionId === destinationRegionId &&
        this.statusAt(snapshot, nowMs).Status === 'progressing',
    );
  }

  /** How many snapshots a region holds, for the snapshot quota. */
  countIn(regionId: string): number {
    let count = 0;
    for (const snapshot of this.byId.values()) if (snapshot.RegionId === regionId) count += 1;
    return count;
  }

  /** Copies go from 0% to 100% linearly over `copyDurationMs`; seeds keep their status (progressing shows 0%). */
  statusAt(snapshot: StoredSnapshot, nowMs: number): { Status: SnapshotStatus; percent: number; lastModifiedMs: number } {
    const { lifecycle } = snapshot;
    if (lifecycle.kind === 'fixed') {
      return { Status: lifecycle.Status, percent: lifecycle.Status === 'accomplished' ? 100 : 0, lastModifiedMs: snapshot.creationMs };
    }
    const elapsedMs = Math.max(0, nowMs - lifecycle.startedAtMs);
    if (elapsedMs >= this.copyDurationMs) {
      return { Status: 'accomplished', percent: 100, lastModifiedMs: lifecycle.startedAtMs + this.copyDurationMs };
    }
    return { Status: 'progressing', percent: Math.floor((elapsedMs / this.copyDurationMs) * 100), lastModifiedMs: nowMs };
  }

  /** The snapshot as DescribeSnapshots lists it, typed as the variants say; `ListedAs` is applied by the action. */
  view(snapshot: StoredSnapshot, nowMs: number, variants?: Pick<EcsVariants, 'automaticSnapshotType'>): Snapshot {
    const { Status, percent, lastModifiedMs } = this.statusAt(snapshot, nowMs);
    const remainingMs = snapshot.lifecycle.kind === 'copy' ? snapshot.lifecycle.startedAtMs + this.copyDurationMs - nowMs : 0;
    const view: Snapshot = {
      SnapshotId: snapshot.SnapshotId,
      SnapshotName: snapshot.SnapshotName,
      Description: snapshot.Description,
      Status,
      Progress: `${percent}%`,
      Available: Status === 'accomplished',
      Encrypted: snapshot.Encrypted,
      KMSKeyId: snapshot.KMSKeyId ?? '',
      Category: snapshot.Category,
      InstantAccess: false,
      InstantAccessRetentionDays: 0,
      RemainTime: Status === 'progressing' ? Math.max(0, Math.ceil(remainingMs / 1000)) : 0,
      SourceDiskId: snapshot.DiskId,
      SourceDiskSize: String(snapshot.SourceDiskSize),
      SourceDiskType: snapshot.SourceDiskType,
      SourceStorageType: 'disk',
      SnapshotType: snapshot.SnapshotType === 'auto' ? (variants?.automaticSnapshotType ?? 'auto') : snapshot.SnapshotType,
      SnapshotSN: `${64000 + snapshot.seq}-${Math.floor(snapshot.creationMs / 1000)}-${snapshot.SourceDiskSize}-1`,
      SnapshotLinkId: snapshotLinkIdOf(snapshot),
      // Incremental snapshots are smaller than the disk; a quarter of it is as good a guess as any.
      FullSnapshotSizeInBytes: (snapshot.SourceDiskSize * 1024 ** 3) / 4,
      Usage: snapshot.Usage,
      ResourceGroupId: '',
      ProductCode: '',
      CreationTime: formatEcsTime(snapshot.creationMs),
      LastModifiedTime: formatEcsTime(lastModifiedMs),
      Tags: { Tag: snapshot.Tags.map((tag) => ({ ...tag })) },
      RegionId: snapshot.RegionId,
    };
    if (snapshot.RetentionDays !== undefined) view.RetentionDays = snapshot.RetentionDays;
    if (snapshot.SourceSnapshotId !== undefined) view.SourceSnapshotId = snapshot.SourceSnapshotId;
    if (snapshot.SourceRegionId !== undefined) view.SourceRegionId = snapshot.SourceRegionId;
    return view;
  }

  /** A snapshot by its ID alone (IDs are unique across regions), for actions called without a region. */
  findAnywhere(snapshotId: string): StoredSnapshot | undefined {
    return this.byId.get(snapshotId);
  }

  /** DeleteSnapshot: the snapshot is gone at once (a copy still progressing is cancelled, as ECS documents). */
  remove(snapshot: StoredSnapshot): void {
    this.byId.delete(snapshot.SnapshotId);
  }

  /**
   * When the snapshot became accomplished, or will (a copy's end is known to this cloud, if not to a client); undefined
   * for a seed that is not accomplished: a lock's duration starts then.
   */
  accomplishedAtMs(snapshot: StoredSnapshot): number | undefined {
    const { lifecycle } = snapshot;
    if (lifecycle.kind === 'copy') return lifecycle.startedAtMs + this.copyDurationMs;
    return lifecycle.Status === 'accomplished' ? snapshot.creationMs : undefined;
  }

  /** The status of the snapshot's lock now; undefined when it has none. */
  lockStatusOf(snapshot: StoredSnapshot, nowMs: number): LockStatus | undefined {
    return snapshot.lock === undefined ? undefined : lockTimesAt(snapshot.lock, this.accomplishedAtMs(snapshot), nowMs).status;
  }

  /** The snapshot's lock as DescribeLockedSnapshots answers it; undefined when it has none. */
  lockInfoOf(snapshot: StoredSnapshot, nowMs: number): LockedSnapshotInfo | undefined {
    const { lock } = snapshot;
    return lock === undefined ? undefined : lockedSnapshotInfo(snapshot.SnapshotId, lock, this.accomplishedAtMs(snapshot), nowMs);
  }

  /** LockSnapshot sets a lock, UnlockSnapshot removes it (undefined); the snapshot as it is now. */
  setLock(snapshot: StoredSnapshot, lock: SnapshotLock | undefined): StoredSnapshot {
    const locked = { ...snapshot, lock };
    this.byId.set(snapshot.SnapshotId, locked);
    return locked;
  }

  /** Throws on a malformed seed, a snapshot the region does not hold or a lock older than it; replaces any lock the
   * snapshot has. */
  addSeedLock(input: SeedLock, nowMs: number): StoredSnapshot {
    const seed = SeedLockSchema.parse(input);
    const snapshot = this.find(seed.RegionId, seed.SnapshotId);
    if (snapshot === undefined) throw new Error(`No snapshot ${seed.SnapshotId} in ${seed.RegionId}`);
    const atMs = seed.LockCreationTime === undefined ? nowMs : Date.parse(seed.LockCreationTime);
    // A lock older than its snapshot would start its duration at the snapshot's creation, not when the seed says.
    if (atMs < snapshot.creationMs) throw new Error(`The lock of ${seed.SnapshotId} cannot be older than the snapshot's CreationTime`);
    return this.setLock(snapshot, newLock(seed.LockDuration, seed.CoolOffPeriod ?? 0, atMs));
  }

  /** The region's snapshots that have a lock (an expired one included), newest first. */
  lockedIn(regionId: string): StoredSnapshot[] {
    return this.list(regionId).filter((snapshot) => snapshot.lock !== undefined);
  }

  /** TagResources: replaces the snapshot's tags. */
  retag(snapshot: StoredSnapshot, Tags: readonly SnapshotTag[]): void {
    this.byId.set(snapshot.SnapshotId, { ...snapshot, Tags });
  }

  private insert(snapshot: StoredSnapshot): StoredSnapshot {
    this.byId.set(snapshot.SnapshotId, snapshot);
    return snapshot;
  }
}

export type SortKey = Pick<StoredSnapshot, 'creationMs' | 'seq'>;

/** Newest first; among equal CreationTimes the later added first, so the order never changes between pages. */
export function newestFirst(a: SortKey, b: SortKey): number {
  return b.creationMs - a.creationMs || b.seq - a.seq;
}

/** A disk's snapshot chain in one region: `sl-` and 20 characters derived from both, the shape of real IDs. */
export function snapshotLinkIdOf(snapshot: Pick<StoredSnapshot, 'DiskId' | 'RegionId'>): string {
  return `sl-${createHash('sha256').update(`${snapshot.RegionId}/${snapshot.DiskId}`).digest('hex').slice(0, 20)}`;
}
