// The sample fleet the local ECS endpoint starts with, for `npm start` and `npm run ecs-local`: the snapshot IDs
// in events/*.json are among them.
import type { SeedSnapshot } from '../ecs-local';
import { provenanceTags } from '../lib/request/provenance';

export const SAMPLE_REGION = 'cn-hangzhou';
export const SAMPLE_INSTANCE_ID = 'i-bp1demo7instance0001';
/** The regions events/timer-fleet.json copies the fleet to. */
export const SAMPLE_FLEET_DESTINATIONS: readonly string[] = ['us-east-1', 'eu-central-1'];
const HOUR_MS = 60 * 60 * 1000;

const DISKS = [
  { DiskId: 'd-bp1demo7system00001', SourceDiskSize: 40, yesterday: 's-bp1demo7snapshot0003', today: 's-bp1demo7snapshot0001' },
  { DiskId: 'd-bp1demo7data0000002', SourceDiskSize: 200, yesterday: 's-bp1demo7snapshot0004', today: 's-bp1demo7snapshot0002' },
] as const;

/** The nightly automatic snapshots: yesterday's, 26 hours ago, and today's, 2 hours ago. */
const nightly = (nowMs: number) => ({ yesterday: nowMs - 26 * HOUR_MS, today: nowMs - 2 * HOUR_MS });

/**
 * Two disks of one instance with last night's and the night before's automatic snapshot, and a user snapshot that
 * is still being made (CopySnapshot refuses it as InvalidSnapshotId.NotReady), in `region`.
 */
export function sampleSnapshots(nowMs: number, region = SAMPLE_REGION): SeedSnapshot[] {
  const times = nightly(nowMs);
  const samples: SeedSnapshot[] = DISKS.flatMap(({ DiskId, SourceDiskSize, yesterday, today }) =>
    [
      { SnapshotId: yesterday, createdMs: times.yesterday },
      { SnapshotId: today, createdMs: times.today },
    ].map(({ SnapshotId, createdMs }) => ({
      RegionId: region,
      SnapshotId,
      DiskId,
      InstanceId: SAMPLE_INSTANCE_ID,
      SnapshotType: 'auto' as const,
      SourceDiskSize,
      CreationTime: new Date(createdMs).toISOString(),
      Tags: [{ Key: 'env', Value: 'demo' }],
    })),
  );
  samples.push({
    RegionId: region,
    SnapshotId: 's-bp1demo7snapshot0009',
    DiskId: 'd-bp1demo7data0000002',
    InstanceId: SAMPLE_INSTANCE_ID,
    SnapshotType: 'user',
    SnapshotName: 'before-upgrade',
    Status: 'progressing',
    SourceDiskSize: 200,
  });
  return samples;
}

/**
 * The copies yesterday's run made of the night before's snapshots, finished, in each destination: a fleet that
 * has been protected all along, within an RPO of 36 hours until tonight's copies are done. They carry the
 * provenance tags the function writes, which is how it finds them, and ECS's SourceSnapshotId and SourceRegionId.
 */
export function sampleEarlierCopies(nowMs: number, destinations: readonly string[], region = SAMPLE_REGION): SeedSnapshot[] {
  const times = nightly(nowMs);
  return destinations.flatMap((RegionId) =>
    DISKS.map(({ DiskId, SourceDiskSize, yesterday }) => ({
      RegionId,
      DiskId,
      SnapshotType: 'user' as const,
      SnapshotName: `dr-${yesterday}-${new Date(times.yesterday).toISOString().slice(0, 10)}`,
      SourceDiskSize,
      CreationTime: new Date(times.yesterday + HOUR_MS).toISOString(),
      // ECS lists every copy with its source, whoever made it; KeepCopies deletes nothing it does not list so.
      SourceSnapshotId: yesterday,
      SourceRegionId: region,
      Tags: [
        { Key: 'purpose', Value: 'disaster-recovery' },
        ...provenanceTags({
          SourceSnapshotId: yesterday,
          SourceRegionId: region,
          SourceDiskId: DiskId,
          SourceCreationTime: times.yesterday,
        }),
      ],
    })),
  );
}
