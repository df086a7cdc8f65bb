import type { Tag } from '../../lib/ecs/copy-snapshot-parameters';
import type { DescribeSnapshotsQuery, EcsCall, SnapshotInfo, SnapshotPage } from '../../lib/ecs/ecs';
import type { CreateDiskParameters, DescribeDisksQuery, DiskInfo, DiskPage, EcsDisks, ZoneOffers } from '../../lib/ecs/ecs-disks';
import { CopyFailure } from '../../lib/ecs/errors';
import { provenanceTags } from '../../lib/request/provenance';

/** Time that moves only when the code under test sleeps (or a test says so). */
export function virtualClock(start = Date.parse('2026-11-27T19:00:00Z')) {
  let nowMs = start;
  return {
    now: () => nowMs,
    sleep: async (ms: number) => {
      nowMs += ms;
    },
    advance: (ms: number) => {
      nowMs += ms;
    },
  };
}

export type VirtualClock = ReturnType<typeof virtualClock>;

interface FakeDisk extends Omit<DiskInfo, 'Status'> {
  readyAt: number;
  deletedAt: number | undefined;
  attached: boolean;
}

const REQUEST_ID = 'FAKE-REQUEST';

/**
 * A hand-written ECS for unit tests, on a virtual clock: snapshots by region, disks that are Creating for
 * `createMs` and Deleting for `deleteMs`, zones that sell categories, CreateDisk ClientTokens, scripted failures,
 * and every call recorded with its parameters.
 */
export class FakeEcs implements EcsDisks {
  readonly calls: { Action: string; params: unknown }[] = [];
  readonly snapshots = new Map<string, SnapshotInfo[]>();
  readonly disks = new Map<string, FakeDisk>();
  readonly tokens = new Map<string, string>();
  zones: Record<string, ZoneOffers['Zones']> = {};
  createMs = 45_000;
  deleteMs = 5_000;
  /** CreateDisk makes the disk and then throws this (an answer lost on the way). */
  loseCreateAnswers = 0;
  private readonly failures = new Map<string, CopyFailure[]>();
  private serial = 0;

  constructor(private readonly clock: VirtualClock) {}

  /** The next `times` calls of the action reject with a failure of that code and class. */
  fail(Action: string, Code: string, errorClass: CopyFailure['errorClass'], times = 1): void {
    const queue = this.failures.get(Action) ?? [];
    for (let index = 0; index < times; index++) queue.push(new CopyFailure({ Code, Message: `${Code} (fake)`, errorClass }));
    this.failures.set(Action, queue);
  }

  addSnapshot(snapshot: Partial<SnapshotInfo> & { RegionId: string; SourceDiskId: string }): SnapshotInfo {
    const full: SnapshotInfo = {
      SnapshotId: `s-fake${String(++this.serial).padStart(8, '0')}`,
      Status: 'accomplished',
      Progress: '100%',
      CreationTime: this.clock.now() - 3_600_000,
      SnapshotType: 'auto',
      Category: 'standard',
      Encrypted: false,
      Tags: [],
      SourceDiskSize: 40,
      ...snapshot,
    };
    this.snapshots.set(full.RegionId, [...(this.snapshots.get(full.RegionId) ?? []), full]);
    return full;
  }

  /** A copy this function made of `source` (its provenance tags), in `DestinationRegionId`. */
  addCopy(source: SnapshotInfo, DestinationRegionId: string, overrides: Partial<SnapshotInfo> = {}): SnapshotInfo {
    return this.addSnapshot({
      RegionId: DestinationRegionId,
      SourceDiskId: source.SourceDiskId,
      SourceSnapshotId: source.SnapshotId,
      SourceDiskSize: source.SourceDiskSize,
      CreationTime: source.CreationTime + 600_000,
      SnapshotType: 'user',
      Tags: provenanceTags({
        SourceSnapshotId: source.SnapshotId,
        SourceRegionId: source.RegionId,
        SourceDiskId: source.SourceDiskId,
        SourceCreationTime: source.CreationTime,
      }),
      ...overrides,
    });
  }

  addDisk(disk: Partial<DiskInfo> & { RegionId: string; Tags: Tag[] }, status: 'Available' | 'Creating' | 'In_use' = 'Available'): string {
    const DiskId = `d-fake${String(++this.serial).padStart(8, '0')}`;
    this.disks.set(DiskId, {
      DiskId,
      ZoneId: `${disk.RegionId}a`,
      Category: 'cloud_essd',
      Size: 40,
      SourceSnapshotId: '',
      InstanceId: status === 'In_use' ? 'i-fake' : '',
      ...disk,
      readyAt: status === 'Creating' ? this.clock.now() + this.createMs : this.clock.now(),
      deletedAt: undefined,
      attached: status === 'In_use',
    });
    return DiskId;
  }

  statusOf(DiskId: string): string | undefined {
    const disk = this.disks.get(DiskId);
    if (disk === undefined) return undefined;
    const now = this.clock.now();
    if (disk.deletedAt !== undefined) return now >= disk.deletedAt + this.deleteMs ? undefined : 'Deleting';
    if (disk.attached) return 'In_use';
    return now >= disk.readyAt ? 'Available' : 'Creating';
  }

  /** Disks that still exist. */
  liveDisks(RegionId?: string): DiskInfo[] {
    return [...this.disks.values()].flatMap((disk) => {
      const Status = this.statusOf(disk.DiskId);
      return Status === undefined || (RegionId !== undefined && disk.RegionId !== RegionId)
        ? []
        : [
            {
              DiskId: disk.DiskId,
              RegionId: disk.RegionId,
              ZoneId: disk.ZoneId,
              Status,
              Category: disk.Category,
              Size: disk.Size,
              SourceSnapshotId: disk.SourceSnapshotId,
              InstanceId: disk.InstanceId,
              Tags: disk.Tags,
            },
          ];
    });
  }

  callsOf(Action: string): unknown[] {
    return this.calls.filter((call) => call.Action === Action).map((call) => call.params);
  }

  private enter(Action: string, params: unknown): void {
    this.calls.push({ Action, params });
    const failure = this.failures.get(Action)?.shift();
    if (failure) throw failure;
  }

  async describeSnapshots(query: DescribeSnapshotsQuery, _call: EcsCall): Promise<SnapshotPage> {
    this.enter('DescribeSnapshots', query);
    const matches = (this.snapshots.get(query.RegionId) ?? []).filter(
      (snapshot) =>
        (query.SnapshotIds === undefined || query.SnapshotIds.includes(snapshot.SnapshotId)) &&
        (query.DiskId === undefined || snapshot.SourceDiskId === query.DiskId) &&
        (query.Tag ?? []).every((wanted) => snapshot.Tags.some((tag) => tag.Key === wanted.Key && tag.Value === wanted.Value)),
    );
    return { Snapshots: matches, NextToken: undefined, RequestId: REQUEST_ID };
  }

  async createDisk(parameters: CreateDiskParameters, _call: EcsCall): Promise<{ DiskId: string; RequestId: string }> {
    this.enter('CreateDisk', parameters);
    let DiskId = this.tokens.get(parameters.ClientToken);
    if (DiskId === undefined) {
      const source = (this.snapshots.get(parameters.RegionId) ?? []).find((snapshot) => snapshot.SnapshotId === parameters.SnapshotId);
      if (source === undefined)
        throw new CopyFailure({ Code: 'InvalidSnapshotId.NotFound', Message: 'no such snapshot', errorClass: 'not-found' });
      DiskId = this.addDisk(
        {
          RegionId: parameters.RegionId,
          ZoneId: parameters.ZoneId,
          Category: parameters.DiskCategory,
          Size: Math.max(parameters.Size, source.SourceDiskSize ?? 0),
          SourceSnapshotId: parameters.SnapshotId,
          Tags: [...parameters.Tag],
        },
        'Creating',
      );
      this.tokens.set(parameters.ClientToken, DiskId);
    }
    if (this.loseCreateAnswers > 0) {
      this.loseCreateAnswers--;
      throw new CopyFailure({ Code: 'EcsTimeout', Message: 'lost answer (fake)', errorClass: 'transient' });
    }
    return { DiskId, RequestId: REQUEST_ID };
  }

  async describeDisks(query: DescribeDisksQuery, _call: EcsCall): Promise<DiskPage> {
    this.enter('DescribeDisks', query);
    const Disks = this.liveDisks(query.RegionId).filter(
      (disk) =>
        (query.DiskIds === undefined || query.DiskIds.includes(disk.DiskId)) &&
        (query.SnapshotId === undefined || disk.SourceSnapshotId === query.SnapshotId) &&
        (query.Tag ?? []).every((wanted) => disk.Tags.some((tag) => tag.Key === wanted.Key && tag.Value === wanted.Value)),
    );
    return { Disks, NextToken: undefined, RequestId: REQUEST_ID };
  }

  async deleteDisk(parameters: { RegionId: string; DiskId: string }, _call: EcsCall): Promise<{ RequestId: string }> {
    this.enter('DeleteDisk', parameters);
    const disk = this.disks.get(parameters.DiskId);
    if (disk === undefined || disk.RegionId !== parameters.RegionId) return { RequestId: REQUEST_ID };
    if (this.statusOf(disk.DiskId) !== 'Available') {
      throw new CopyFailure({ Code: 'IncorrectDiskStatus', Message: 'not Available (fake)', errorClass: 'not-ready' });
    }
    disk.deletedAt = this.clock.now();
    return { RequestId: REQUEST_ID };
  }

  async describeAvailableResource(query: { RegionId: string; ZoneId?: string }, _call: EcsCall): Promise<ZoneOffers> {
    this.enter('DescribeAvailableResource', query);
    const zones = this.zones[query.RegionId] ?? [
      { ZoneId: `${query.RegionId}b`, Categories: [{ Category: 'cloud_essd', MinGiB: 20, MaxGiB: 65536 }] },
      {
        ZoneId: `${query.RegionId}a`,
        Categories: [
          { Category: 'cloud_essd', MinGiB: 20, MaxGiB: 65536 },
          { Category: 'cloud_efficiency', MinGiB: 20, MaxGiB: 32768 },
        ],
      },
    ];
    return { Zones: zones.filter((zone) => query.ZoneId === undefined || zone.ZoneId === query.ZoneId), RequestId: REQUEST_ID };
  }

  async deleteSnapshot(parameters: { RegionId: string; SnapshotId: string }, _call: EcsCall): Promise<{ RequestId: string }> {
    this.enter('DeleteSnapshot', parameters);
    const snapshots = this.snapshots.get(parameters.RegionId) ?? [];
    if (!snapshots.some((snapshot) => snapshot.SnapshotId === parameters.SnapshotId)) {
      throw new CopyFailure({ Code: 'InvalidSnapshotId.NotFound', Message: 'no such snapshot (fake)', errorClass: 'not-found' });
    }
    this.snapshots.set(
      parameters.RegionId,
      snapshots.filter((snapshot) => snapshot.SnapshotId !== parameters.SnapshotId),
    );
    return { RequestId: REQUEST_ID };
  }

  async tagSnapshots(
    parameters: { RegionId: string; SnapshotIds: readonly string[]; Tag: readonly Tag[] },
    _call: EcsCall,
  ): Promise<{ RequestId: string }> {
    this.enter('TagResources', parameters);
    for (const snapshot of this.snapshots.get(parameters.RegionId) ?? []) {
      if (!parameters.SnapshotIds.includes(snapshot.SnapshotId)) continue;
      const keys = new Set(parameters.Tag.map((tag) => tag.Key));
      snapshot.Tags = [...snapshot.Tags.filter((tag) => !keys.has(tag.Key)), ...parameters.Tag];
    }
    return { RequestId: REQUEST_ID };
  }
}
