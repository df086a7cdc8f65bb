/**
 * The fleet the fleet scenarios protect, the same in the unit tests (fake ECS) and the end-to-end ones (local ECS
 * endpoint): three disks on two instances, a daily automatic snapshot of each for three days, a user snapshot still
 * in progress, and a disk of another instance that must never be copied.
 */
import type { SeedSnapshot, Snapshot } from '../../ecs-local';
import type { Invocation } from './output';

export const HOUR = 3_600_000;
export const DESTINATIONS = ['us-east-1', 'eu-central-1'];
export const FLEET = { InstanceIds: ['i-bp1fleet0instance01', 'i-bp1fleet0instance02'], DestinationRegionId: DESTINATIONS };

export interface FleetDisk {
  DiskId: string;
  InstanceId: string;
  /** Oldest first. */
  snapshots: string[];
}

/** The local endpoint or the fake ECS: both seed and list snapshots the same way. */
export interface SnapshotAccount {
  addSnapshot(seed: SeedSnapshot): Snapshot;
  snapshots(regionId: string): Snapshot[];
}

/** Seeds the fleet with snapshot times counted back from `now` (the clock the account and the function read). */
export function seedFleet(ecs: SnapshotAccount, now: number): { disks: FleetDisk[]; progressing: string } {
  const disks: FleetDisk[] = [
    { DiskId: 'd-bp1fleet0disk000001', InstanceId: 'i-bp1fleet0instance01', snapshots: [] },
    { DiskId: 'd-bp1fleet0disk000002', InstanceId: 'i-bp1fleet0instance01', snapshots: [] },
    { DiskId: 'd-bp1fleet0disk000003', InstanceId: 'i-bp1fleet0instance02', snapshots: [] },
  ];
  for (const disk of disks) {
    for (const hoursAgo of [50, 26, 2]) {
      disk.snapshots.push(
        ecs.addSnapshot({
          RegionId: 'cn-hangzhou',
          DiskId: disk.DiskId,
          InstanceId: disk.InstanceId,
          SnapshotType: 'auto',
          CreationTime: new Date(now - hoursAgo * HOUR).toISOString(),
          Tags: [{ Key: 'env', Value: 'prod' }],
        }).SnapshotId,
      );
    }
  }
  const progressing = ecs.addSnapshot({
    RegionId: 'cn-hangzhou',
    DiskId: 'd-bp1fleet0disk000001',
    InstanceId: 'i-bp1fleet0instance01',
    SnapshotType: 'user',
    Status: 'progressing',
    CreationTime: new Date(now - HOUR / 2).toISOString(),
  }).SnapshotId;
  // Not part of the fleet: must never be copied.
  ecs.addSnapshot({ RegionId: 'cn-hangzhou', DiskId: 'd-bp1otherdisk0000001', InstanceId: 'i-bp1other0instance01', SnapshotType: 'auto' });
  return { disks, progressing };
}

/** The disk's newest snapshot, the one `Select: newest` copies. */
export const newest = (disk: FleetDisk | undefined): string => disk?.snapshots[disk.snapshots.length - 1] ?? '';

/** Copies in both destinations. */
export const copyCount = (ecs: SnapshotAccount): number => DESTINATIONS.reduce((sum, region) => sum + ecs.snapshots(region).length, 0);

/** The run's report, as the README documents it ("Answers", "Protecting a fleet"): the test's own reading of it. */
export interface RunReportAnswer {
  Summary: Record<string, unknown>;
  Copies: Array<{ Outcome: string; SourceSnapshotId: string; DestinationRegionId: string; DestinationSnapshotName?: string }>;
  Rpo: Array<{ DiskId: string; DestinationRegionId: string; WithinRpo: boolean; DataAgeHours: number | null; Failed: string[] }>;
}

/** The run's report of an invocation that resolved. */
export function report(result: Invocation): RunReportAnswer {
  if (!result.ok) throw new Error(`the run failed: ${result.error.message}`);
  return result.value as RunReportAnswer;
}
