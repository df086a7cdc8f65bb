// `npm run status -- --demo`: the local ECS endpoint with npm start's sample fleet and two more disks, and copies in
// two destinations that show every state the status can show: within RPO, outside RPO (by the copied data, or by the
// locked data alone: LOCK_DAYS is set), no copy, a copy running, a copy that failed and a disk no longer selected. docs/status.png is this fleet's page, made by
// test/integration/status-page.test.ts, which checks that every one of these states is on it. The copies are seeded with the provenance tags the function gives its own (a copy the function
// made), and the running one is started by the function itself.
import { type LocalEcs, startLocalEcs } from '../../ecs-local';
import { createHandler } from '../../functions/copy-snapshot/index';
import { provenanceTags } from '../../lib/request/provenance';
import { SAMPLE_REGION, sampleSnapshots } from '../sample-snapshots';

const CREDENTIALS = { accessKeyId: 'LTAI-status-demo', accessKeySecret: 'status-demo-secret' };
const INSTANCE = 'i-bp1demo7instance0001';
const DESTINATIONS = ['us-east-1', 'eu-central-1'] as const;
const HOUR_MS = 3_600_000;
/** Long enough for the running copy to stay running while the status is made. */
const COPY_DURATION_MS = 20 * 60_000;
/** The demo's LOCK_DAYS: most copies are locked, as runs with it would have left them. */
const LOCK_DAYS = 14;

export interface DemoFleet {
  /** The variables that point the function at the local endpoint. */
  env: Record<string, string>;
  request: Record<string, unknown>;
  url: string;
  close: () => Promise<void>;
}

function seedCopy(
  ecs: LocalEcs,
  source: { SnapshotId: string; DiskId: string; CreationTime: number },
  RegionId: string,
  Status: 'accomplished' | 'failed',
  locked = false,
): void {
  const copy = ecs.addSnapshot({
    RegionId,
    DiskId: source.DiskId,
    Status,
    SnapshotName: `dr-${source.SnapshotId}`,
    CreationTime: new Date(source.CreationTime + HOUR_MS).toISOString(),
    Tags: [
      { Key: 'purpose', Value: 'disaster-recovery' },
      ...provenanceTags({
        SourceSnapshotId: source.SnapshotId,
        SourceRegionId: SAMPLE_REGION,
        SourceDiskId: source.DiskId,
        SourceCreationTime: source.CreationTime,
      }),
    ],
  });
  // Locked when it was made, as a run with LOCK_DAYS locks each copy it starts; its cool-off long over.
  if (locked)
    ecs.addLock({ RegionId, SnapshotId: copy.SnapshotId, LockDuration: LOCK_DAYS, CoolOffPeriod: 24, LockCreationTime: copy.CreationTime });
}

export async function startDemoFleet(nowMs = Date.now()): Promise<DemoFleet> {
  let skewMs = 0;
  const ecs = await startLocalEcs({ credentials: [CREDENTIALS], copyDurationMs: COPY_DURATION_MS, now: () => Date.now() + skewMs });
  try {
    const sources = new Map<string, { SnapshotId: string; DiskId: string; CreationTime: number }>();
    const add = (seed: Parameters<LocalEcs['addSnapshot']>[0]) => {
      const snapshot = ecs.addSnapshot(seed);
      sources.set(snapshot.SnapshotId, {
        SnapshotId: snapshot.SnapshotId,
        DiskId: snapshot.SourceDiskId,
        CreationTime: Date.parse(snapshot.CreationTime),
      });
    };
    for (const sample of sampleSnapshots(nowMs)) add(sample);
    add({
      RegionId: SAMPLE_REGION,
      SnapshotId: 's-bp1demo7snapshot0005',
      DiskId: 'd-bp1demo7logs00000003',
      InstanceId: INSTANCE,
      SnapshotType: 'auto',
      CreationTime: new Date(nowMs - 6 * HOUR_MS).toISOString(),
    });
    add({
      RegionId: SAMPLE_REGION,
      SnapshotId: 's-bp1demo7snapshot0006',
      DiskId: 'd-bp1demo7cache0000004',
      InstanceId: INSTANCE,
      SnapshotType: 'auto',
      CreationTime: new Date(nowMs - 3 * HOUR_MS).toISOString(),
    });
    // The system disk's snapshot of two nights ago, which its copy in eu-central-1 (below) holds.
    add({
      RegionId: SAMPLE_REGION,
      SnapshotId: 's-bp1demo7snapshot0007',
      DiskId: 'd-bp1demo7system00001',
      InstanceId: INSTANCE,
      SnapshotType: 'auto',
      CreationTime: new Date(nowMs - 50 * HOUR_MS).toISOString(),
    });
    const source = (id: string) => {
      const found = sources.get(id);
      if (!found) throw new Error(`the demo fleet has no ${id}`);
      return found;
    };
    const [usEast, euCentral] = DESTINATIONS;
    // The system disk: last night's data in us-east-1; in eu-central-1 only that of two nights ago, outside RPO, and
    // last night's copy on its way. Both copies locked.
    seedCopy(ecs, source('s-bp1demo7snapshot0001'), usEast, 'accomplished', true);
    seedCopy(ecs, source('s-bp1demo7snapshot0007'), euCentral, 'accomplished', true);
    // The data disk: yesterday's data in us-east-1, in a copy whose lock failed: outside RPO by its locked data, which
    // the next run locks. Its copy to eu-central-1 failed, and none finished there.
    seedCopy(ecs, source('s-bp1demo7snapshot0002'), usEast, 'accomplished');
    seedCopy(ecs, source('s-bp1demo7snapshot0002'), euCentral, 'failed');
    // The logs disk: this morning's data in both, locked. The cache disk, attached three hours ago: no copy yet.
    seedCopy(ecs, source('s-bp1demo7snapshot0005'), usEast, 'accomplished', true);
    seedCopy(ecs, source('s-bp1demo7snapshot0005'), euCentral, 'accomplished', true);
    // A disk detached from the instance last week: its copies stay (RetentionDays releases them), the selection no
    // longer matches it, and the status lists it apart.
    seedCopy(
      ecs,
      { SnapshotId: 's-bp1demo7snapshot0008', DiskId: 'd-bp1demo7olddata00005', CreationTime: nowMs - 5 * 24 * HOUR_MS },
      usEast,
      'accomplished',
    );

    const env = {
      ECS_ENDPOINT: ecs.url,
      ALIBABA_CLOUD_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: CREDENTIALS.accessKeySecret,
      ALIBABA_CLOUD_SECURITY_TOKEN: '',
      SOURCE_REGION_ID: SAMPLE_REGION,
      DESTINATION_REGION_ID: DESTINATIONS.join(','),
      LOCK_DAYS: String(LOCK_DAYS),
    };
    // The function itself starts the system disk's copy to eu-central-1, and locks it, as a run would; ECS's clock then
    // moves on.
    const handler = createHandler({ env, logSink: () => {} });
    await handler(Buffer.from(JSON.stringify({ SnapshotId: 's-bp1demo7snapshot0001', DestinationRegionId: euCentral })), {
      requestId: 'status-demo',
      region: SAMPLE_REGION,
      function: { timeout: 60 },
    });
    skewMs = Math.round(COPY_DURATION_MS * 0.62);
    return { env, request: { InstanceIds: [INSTANCE] }, url: ecs.url, close: () => ecs.close() };
  } catch (error) {
    await ecs.close();
    throw error;
  }
}
