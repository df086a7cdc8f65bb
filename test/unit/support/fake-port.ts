import type { SeedSnapshot } from '../../../ecs-local';
import type { SnapshotInfo } from '../../../lib/ecs/ecs';
import { FakeEcs, type FakeEcsOptions } from '../../support/fake-ecs';
import { VirtualClock } from '../../support/virtual-clock';
import { NOW } from './orders';

/** The fake ECS (the local cloud's engine, in process) on a virtual clock that starts at the tests' NOW. */
export function fakePort(options: Omit<FakeEcsOptions, 'clock'> = {}): { ecs: FakeEcs; clock: VirtualClock } {
  const clock = new VirtualClock(NOW);
  return { ecs: new FakeEcs({ ...options, clock }), clock };
}

/** A snapshot as DescribeSnapshots lists it (orders.ts) made into the seed that puts it in the fake's region. */
export function seedOf(snapshot: SnapshotInfo & { InstanceId?: string }): SeedSnapshot {
  return {
    RegionId: snapshot.RegionId,
    SnapshotId: snapshot.SnapshotId,
    DiskId: snapshot.SourceDiskId,
    Status: snapshot.Status,
    CreationTime: new Date(snapshot.CreationTime).toISOString(),
    SnapshotType: snapshot.SnapshotType === 'auto' ? 'auto' : 'user',
    Category: snapshot.Category === 'flash' || snapshot.Category === 'archive' ? snapshot.Category : 'standard',
    Encrypted: snapshot.Encrypted,
    Tags: snapshot.Tags.map((tag) => ({ Key: tag.Key, Value: tag.Value })),
    ...(snapshot.InstanceId !== undefined ? { InstanceId: snapshot.InstanceId } : {}),
    ...(snapshot.SourceSnapshotId !== undefined ? { SourceSnapshotId: snapshot.SourceSnapshotId } : {}),
    ...(snapshot.SourceRegionId !== undefined ? { SourceRegionId: snapshot.SourceRegionId } : {}),
  };
}
