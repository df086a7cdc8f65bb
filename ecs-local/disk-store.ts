import { type Disk, type DiskCategory, type DiskStatus, defaultZones, type SeedDisk, SeedDiskSchema, type ZoneOffer } from './disk';
import { unusedResourceId } from './resource-id';
import { formatEcsTime, type SnapshotTag } from './snapshot';

/** A created disk is Creating until `readyAtMs`; a seed keeps its status. DeleteDisk sets `deletingSinceMs`. */
type DiskLifecycle = { kind: 'fixed'; Status: 'Available' | 'In_use' } | { kind: 'created'; readyAtMs: number };

export interface StoredDisk {
  readonly seq: number;
  readonly RegionId: string;
  readonly ZoneId: string;
  readonly DiskId: string;
  readonly DiskName: string;
  readonly Description: string;
  readonly Category: DiskCategory;
  readonly Size: number;
  readonly SourceSnapshotId: string;
  readonly InstanceId: string;
  readonly Encrypted: boolean;
  readonly Tags: readonly SnapshotTag[];
  readonly creationMs: number;
  readonly lifecycle: DiskLifecycle;
  readonly deletingSinceMs: number | undefined;
  /** Fields DescribeDisks answers instead of the real ones (SeedDisk.ListedAs). */
  readonly ListedAs: Readonly<Record<string, unknown>> | undefined;
}

/** What CreateDisk decided; the store gives it an ID and a lifecycle. */
export type DiskOrder = Omit<StoredDisk, 'seq' | 'DiskId' | 'creationMs' | 'lifecycle' | 'deletingSinceMs' | 'InstanceId' | 'ListedAs'>;

const DEFAULT_SEED_SIZE_GIB = 40;

/**
 * The disks of every region of an account and the zones that sell them. Times come from the cloud's clock, so a
 * test can step a disk from Creating to Available, and from Deleting to gone.
 */
export class DiskStore {
  private readonly byId = new Map<string, StoredDisk>();
  private nextSeq = 0;

  constructor(
    private readonly zones: (regionId: string) => ZoneOffer[],
    private readonly createDurationMs: number,
    private readonly deleteDurationMs: number,
  ) {}

  static withDefaultZones(overrides: Readonly<Record<string, ZoneOffer[]>>, createDurationMs: number, deleteDurationMs: number): DiskStore {
    return new DiskStore((regionId) => overrides[regionId] ?? defaultZones(regionId), createDurationMs, deleteDurationMs);
  }

  zonesOf(regionId: string): ZoneOffer[] {
    return this.zones(regionId);
  }

  /** Throws on a malformed seed or a DiskId already in use; the caller checks the region. */
  addSeed(input: SeedDisk, nowMs: number): StoredDisk {
    const seed = SeedDiskSchema.parse(input);
    const DiskId = seed.DiskId ?? unusedResourceId('d-', this.byId);
    if (this.byId.has(DiskId)) throw new Error(`DiskId ${DiskId} already exists`);
    return this.insert({
      seq: this.nextSeq++,
      RegionId: seed.RegionId,
      ZoneId: seed.ZoneId ?? this.zones(seed.RegionId)[0]?.ZoneId ?? `${seed.RegionId}-a`,
      DiskId,
      DiskName: '',
      Description: '',
      Category: seed.Category ?? 'cloud_essd',
      Size: seed.Size ?? DEFAULT_SEED_SIZE_GIB,
      SourceSnapshotId: seed.SourceSnapshotId ?? '',
      InstanceId: seed.Status === 'In_use' ? (seed.InstanceId ?? '') : '',
      Encrypted: false,
      Tags: (seed.Tags ?? []).map((tag) => ({ TagKey: tag.Key, TagValue: tag.Value })),
      creationMs: seed.CreationTime === undefined ? nowMs : Date.parse(seed.CreationTime),
      lifecycle: { kind: 'fixed', Status: seed.Status ?? 'Available' },
      deletingSinceMs: undefined,
      ListedAs: seed.ListedAs,
    });
  }

  create(order: DiskOrder, nowMs: number): StoredDisk {
    return this.insert({
      ...order,
      seq: this.nextSeq++,
      DiskId: unusedResourceId('d-', this.byId),
      InstanceId: '',
      creationMs: nowMs,
      lifecycle: { kind: 'created', readyAtMs: nowMs + this.createDurationMs },
      deletingSinceMs: undefined,
      ListedAs: undefined,
    });
  }

  /** A disk as it is now, `gone` once its deletion has finished. */
  statusAt(disk: StoredDisk, nowMs: number): DiskStatus | 'gone' {
    if (disk.deletingSinceMs !== undefined) return nowMs - disk.deletingSinceMs >= this.deleteDurationMs ? 'gone' : 'Deleting';
    if (disk.lifecycle.kind === 'fixed') return disk.lifecycle.Status;
    return nowMs >= disk.lifecycle.readyAtMs ? 'Available' : 'Creating';
  }

  /** The disk, if it exists now: in `regionId`, or in any region when none is given. */
  find(regionId: string | undefined, diskId: string, nowMs: number): StoredDisk | undefined {
    const disk = this.byId.get(diskId);
    if (disk === undefined || (regionId !== undefined && disk.RegionId !== regionId)) return undefined;
    return this.statusAt(disk, nowMs) === 'gone' ? undefined : disk;
  }

  /** The disks of a region that exist now, newest first, as DescribeDisks lists them. */
  list(regionId: string, nowMs: number): StoredDisk[] {
    return [...this.byId.values()]
      .filter((disk) => disk.RegionId === regionId && this.statusAt(disk, nowMs) !== 'gone')
      .sort((a, b) => b.creationMs - a.creationMs || b.seq - a.seq);
  }

  /** Disks that exist now and were created from the snapshot (DeleteSnapshot refuses it without Force). */
  createdFrom(snapshotId: string, nowMs: number): StoredDisk[] {
    return [...this.byId.values()].filter((disk) => disk.SourceSnapshotId === snapshotId && this.statusAt(disk, nowMs) !== 'gone');
  }

  startDeleting(disk: StoredDisk, nowMs: number): void {
    this.byId.set(disk.DiskId, { ...disk, deletingSinceMs: nowMs });
  }

  /** Replaces a disk's tags (TagResources): a key already there gets the new value. */
  retag(disk: StoredDisk, Tags: readonly SnapshotTag[]): void {
    this.byId.set(disk.DiskId, { ...disk, Tags });
  }

  view(disk: StoredDisk, nowMs: number): Disk {
    const status = this.statusAt(disk, nowMs);
    return {
      DiskId: disk.DiskId,
      DiskName: disk.DiskName,
      Description: disk.Description,
      RegionId: disk.RegionId,
      ZoneId: disk.ZoneId,
      Category: disk.Category,
      Size: disk.Size,
      Status: status === 'gone' ? 'Deleting' : status,
      Type: 'data',
      SourceSnapshotId: disk.SourceSnapshotId,
      InstanceId: disk.InstanceId,
      Portable: true,
      DiskChargeType: 'PostPaid',
      DeleteWithInstance: false,
      Encrypted: disk.Encrypted,
      CreationTime: formatEcsTime(disk.creationMs),
      Tags: { Tag: disk.Tags.map((tag) => ({ ...tag })) },
    };
  }

  /** The disk as DescribeDisks lists it: the view, then the seed's `ListedAs` fields (`null` drops one). */
  listed(disk: StoredDisk, nowMs: number): Record<string, unknown> {
    const view: Record<string, unknown> = { ...this.view(disk, nowMs) };
    for (const [name, value] of Object.entries(disk.ListedAs ?? {})) {
      if (value === null) delete view[name];
      else view[name] = value;
    }
    return view;
  }

  private insert(disk: StoredDisk): StoredDisk {
    this.byId.set(disk.DiskId, disk);
    return disk;
  }
}
