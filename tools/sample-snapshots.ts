// The sample fleet the local ECS endpoint starts with, for `npm start` and `npm run ecs-local`: the snapshot IDs
// in events/*.json are among them.
import type { SeedSnapshot } from '../ecs-local';

export const SAMPLE_REGION = 'cn-hangzhou';
const DAY_MS = 24 * 60 * 60 * 1000;

/** Two disks of one instance with an automatic snapshot on each of the last two days, and a user snapshot that is
 * still being made (CopySnapshot refuses it as InvalidSnapshotId.NotReady). */
export function sampleSnapshots(nowMs: number): SeedSnapshot[] {
  const disks = [
    { DiskId: 'd-bp1demo7system00001', SourceDiskSize: 40, ids: ['s-bp1demo7snapshot0003', 's-bp1demo7snapshot0001'] },
    { DiskId: 'd-bp1demo7data0000002', SourceDiskSize: 200, ids: ['s-bp1demo7snapshot0004', 's-bp1demo7snapshot0002'] },
  ];
  const samples: SeedSnapshot[] = disks.flatMap(({ DiskId, SourceDiskSize, ids }) =>
    ids.map((SnapshotId, index) => ({
      RegionId: SAMPLE_REGION,
      SnapshotId,
      DiskId,
      InstanceId: 'i-bp1demo7instance0001',
      SnapshotType: 'auto' as const,
      SourceDiskSize,
      CreationTime: new Date(nowMs - (2 - index) * DAY_MS).toISOString(),
      Tags: [{ Key: 'env', Value: 'demo' }],
    })),
  );
  samples.push({
    RegionId: SAMPLE_REGION,
    SnapshotId: 's-bp1demo7snapshot0009',
    DiskId: 'd-bp1demo7data0000002',
    InstanceId: 'i-bp1demo7instance0001',
    SnapshotType: 'user',
    SnapshotName: 'before-upgrade',
    Status: 'progressing',
    SourceDiskSize: 200,
  });
  return samples;
}
