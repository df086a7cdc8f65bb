import { provenanceTags } from '../../lib/request/provenance';
import { DRILL_MARKER, DRILL_TAG_KEYS } from '../../lib/restore-drill/drill-tags';
import { clockedHarnessEach } from '../support/clocked-harness';
import { DESTINATION_REGION, SOURCE_REGION } from '../support/context';
import { asHttp, httpEvent, timerEvent } from '../support/events';

// The promises of "deletion you can trust" for restore drills, end to end: the handler, the real pop-core client and
// the local ECS endpoint at one URL without {RegionId} (the harness's ECS_ENDPOINT), on one virtual local.clock.

const DISK = 'd-bp1drillsafeintg01';
const OTHER_DISK = 'd-bp1drillsafeintg02';
const CREATE_MS = 40_000;
const HOUR = 3_600_000;

const local = clockedHarnessEach({
  env: { SOURCE_REGION_ID: SOURCE_REGION, DESTINATION_REGION_ID: DESTINATION_REGION, CALLER_SOURCE_REGIONS: SOURCE_REGION },
  ecs: { diskCreateDurationMs: CREATE_MS, diskDeleteDurationMs: 2000 },
});
const { context, logsOf } = local;

/** A source snapshot of `DiskId` taken `ageMs` ago, and a copy of it in the destination, tagged by `tags`. */
function copied(DiskId: string, ageMs: number, tags?: { SourceDiskId: string }) {
  const source = local.harness.ecs.addSnapshot({
    RegionId: SOURCE_REGION,
    DiskId,
    SourceDiskSize: 40,
    CreationTime: new Date(local.clock.now() - ageMs).toISOString(),
  });
  const copy = local.harness.ecs.addSnapshot({
    RegionId: DESTINATION_REGION,
    DiskId,
    SourceDiskSize: 40,
    CreationTime: new Date(local.clock.now() - ageMs + 60_000).toISOString(),
    SourceSnapshotId: source.SnapshotId,
    SourceRegionId: SOURCE_REGION,
    Tags: provenanceTags({
      SourceSnapshotId: source.SnapshotId,
      SourceRegionId: SOURCE_REGION,
      SourceDiskId: tags?.SourceDiskId ?? DiskId,
      SourceCreationTime: local.clock.now(),
    }),
  });
  return { source, copy };
}

const drillEvent = (triggerTime: string, payload: Record<string, unknown> = {}) =>
  timerEvent({ Action: 'RestoreDrill', DiskIds: [DISK], ...payload }, triggerTime);
const drillTags = (RunId: string) => [DRILL_MARKER, { Key: DRILL_TAG_KEYS.RunId, Value: RunId }];
const deletions = () => local.harness.ecs.calls.filter((call) => call.Action === 'DeleteDisk' && call.status === 200);

/** Waits, in real time, until `condition` holds: the first run's calls go over loopback HTTP. */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('two drill runs at once', () => {
  it("do not break each other: the second run's sweep leaves the first's disk, which reports its RestoreSeconds", async () => {
    copied(DISK, 5 * HOUR);

    const first = local.harness.invoke(drillEvent('2026-11-29T03:00:00Z'), context());
    await until(() => local.harness.ecs.disks(DESTINATION_REGION).length === 1);
    const firstDisk = local.harness.ecs.disks(DESTINATION_REGION)[0]?.DiskId;
    const second = local.harness.invoke(drillEvent('2026-11-29T03:05:00Z'), context());
    const answers = await Promise.all([first, second]);

    expect(answers.map((answer) => answer.ok)).toEqual([true, true]);
    const drills = logsOf('restore-drill');
    const a = drills.find((line) => line.RunId === 'drill-20261129T030000Z');
    expect(a).toMatchObject({ Outcome: 'restored', DrillDiskId: firstDisk, DrillDiskState: 'gone' });
    expect(a?.RestoreSeconds).toBeGreaterThanOrEqual(CREATE_MS / 1000);
    expect(drills.find((line) => line.RunId === 'drill-20261129T030500Z')).toMatchObject({ Outcome: 'restored' });
    expect(logsOf('drill-disk-young')).toEqual([
      expect.objectContaining({
        DiskId: firstDisk,
        DrillRunId: 'drill-20261129T030000Z',
        Status: expect.stringMatching(/^(Creating|Available)$/),
      }),
    ]);
    expect(deletions().filter((call) => call.params.DiskId === firstDisk)).toHaveLength(1);
    expect(local.harness.ecs.disks(DESTINATION_REGION)).toEqual([]);
  });
});

describe("another run's drill disk", () => {
  it('is deleted with its evidence once ECS CreationTime proves its run over; a recent one and one without a readable CreationTime are not', async () => {
    copied(DISK, 5 * HOUR);
    const at = (ageMs: number) => new Date(local.clock.now() - ageMs).toISOString();
    const old = local.harness.ecs.addDisk({
      RegionId: DESTINATION_REGION,
      Tags: drillTags('drill-20261101T030000Z'),
      CreationTime: at(48 * HOUR),
    });
    const recent = local.harness.ecs.addDisk({
      RegionId: DESTINATION_REGION,
      Tags: drillTags('drill-20201101T030000Z'),
      CreationTime: at(HOUR),
    });
    const timeless = local.harness.ecs.addDisk({
      RegionId: DESTINATION_REGION,
      Tags: drillTags('drill-20201101T030000Z'),
      ListedAs: { CreationTime: null },
    });

    await local.harness.invoke(drillEvent('2026-11-29T03:00:00Z'), context());

    expect(logsOf('drill-disk-deleted')).toEqual([
      expect.objectContaining({
        level: 'info',
        DiskId: old.DiskId,
        DrillDiskState: 'gone',
        DeletableAs: 'leftover-past-sweep-age',
        DrillMarker: true,
        DrillRunId: 'drill-20261101T030000Z',
        CreationTime: new Date(Date.parse(old.CreationTime)).toISOString(),
        AgeMinutes: 48 * 60,
        SweepAfterMinutes: 30 + 24 * 60,
        StatusBeforeDelete: 'Available',
        Confirmed: 'gone',
      }),
    ]);
    expect(logsOf('drill-disk-young')).toEqual([expect.objectContaining({ DiskId: recent.DiskId })]);
    expect(logsOf('drill-disk-left')).toEqual([
      expect.objectContaining({ level: 'warn', DiskId: timeless.DiskId, Reason: expect.stringContaining('CreationTime') }),
    ]);
    const deleted = deletions().map((call) => call.params.DiskId);
    expect(deleted).toContain(old.DiskId);
    expect(deleted).not.toContain(recent.DiskId);
    expect(deleted).not.toContain(timeless.DiskId);
  });
});

describe("a disk tagged with this run's RunId", () => {
  it("is not deleted by the run's own sweep when ECS created it before the run began: the run's tags are easy to write", async () => {
    copied(DISK, 5 * HOUR);
    // The RunId is the trigger time, so anyone who may tag disks can name a run to come on any disk.
    const planted = local.harness.ecs.addDisk({
      RegionId: DESTINATION_REGION,
      Tags: drillTags('drill-20261129T030000Z'),
      CreationTime: '2026-11-28T03:00:00Z',
    });

    await local.harness.invoke(drillEvent('2026-11-29T03:00:00Z'), context());

    expect(deletions().map((call) => call.params.DiskId)).not.toContain(planted.DiskId);
    expect(local.harness.ecs.disks(DESTINATION_REGION).map((disk) => disk.DiskId)).toEqual([planted.DiskId]);
    expect(logsOf('drill-disk-left')).toEqual([
      expect.objectContaining({ level: 'warn', DiskId: planted.DiskId, Reason: expect.stringContaining('before the run began') }),
    ]);
    expect(logsOf('restore-drill')).toEqual([expect.objectContaining({ SourceDiskId: DISK, Outcome: 'restored' })]);
  });
});

describe('a drill whose DeleteDisk goes to an endpoint that serves one region only', () => {
  it('fails with DrillDiskNotDeleted, never restored, while the disk stays billed; the same drill with its deletion confirmed is restored', async () => {
    copied(DISK, 5 * HOUR);
    // ECS_ENDPOINT has no {RegionId}: every call goes to one host, which acts in the source region for DeleteDisk.
    local.harness.ecs.setVariants({ servesOnlyRegion: SOURCE_REGION });

    const ignored = await local.harness.invoke(drillEvent('2026-11-29T03:00:00Z'), context());

    expect(ignored.ok ? '' : ignored.error.message).toBe('RestoreDrillFailed: 1 of 1 drills failed (DrillDiskNotDeleted)');
    expect(logsOf('restore-drill')).toEqual([
      expect.objectContaining({
        level: 'error',
        Outcome: 'failed',
        Code: 'DrillDiskNotDeleted',
        Class: 'configuration',
        DrillDiskState: 'left',
        Confirmed: 'not-confirmed',
        DeletableAs: 'created-by-this-run',
        Message: expect.stringContaining('ECS_ENDPOINT'),
      }),
    ]);
    expect(deletions().length).toBeGreaterThan(0);
    expect(local.harness.ecs.disks(DESTINATION_REGION)).toEqual([expect.objectContaining({ Status: 'Available' })]);

    local.harness.ecs.setVariants({ servesOnlyRegion: null });
    local.harness.logs.length = 0;
    const confirmed = await local.harness.invoke(drillEvent('2026-11-29T03:00:00Z'), context());

    // The re-delivery of the same run gets its disk back (ClientToken) and now sees it gone.
    expect(confirmed.ok).toBe(true);
    expect(logsOf('restore-drill')).toEqual([expect.objectContaining({ Outcome: 'restored', Confirmed: 'gone' })]);
    expect(local.harness.ecs.disks(DESTINATION_REGION)).toEqual([]);
  });
});

describe('a copy whose tags ECS contradicts', () => {
  it("is not restored as the disk its tags name, and is reported; the disk's own copy is", async () => {
    const own = copied(DISK, 5 * HOUR);
    // Another disk's newer copy, tagged as DISK's; OTHER_DISK is not in the drill's selection.
    const forged = copied(OTHER_DISK, HOUR, { SourceDiskId: DISK });

    await local.harness.invoke(drillEvent('2026-11-29T03:00:00Z'), context());

    expect(logsOf('restore-drill')).toEqual([
      expect.objectContaining({
        Outcome: 'restored',
        SourceDiskId: DISK,
        CopySnapshotId: own.copy.SnapshotId,
        DataAgeHours: expect.any(Number),
      }),
    ]);
    expect(Number(logsOf('restore-drill')[0]?.DataAgeHours)).toBeGreaterThanOrEqual(5);
    expect(logsOf('drill-copy-disbelieved')).toEqual([
      expect.objectContaining({ level: 'warn', SnapshotId: forged.copy.SnapshotId, TaggedSourceDiskId: DISK, SourceDiskId: OTHER_DISK }),
    ]);
  });
});

describe("an HTTP caller's drill", () => {
  const drillRequest = (body: unknown) =>
    httpEvent(body, {
      rawPath: '/restore-drills',
      requestContext: { requestId: 'r-1', http: { method: 'POST', path: '/restore-drills' } },
    });

  it('is refused before any call when it asks for more than the CALLER_* limits, or selects nothing', async () => {
    copied(DISK, 5 * HOUR);

    const hostile = asHttp(
      await local.harness.handler(
        drillRequest({ DiskIds: [DISK], DrillDisks: 100, MaxDrillDiskGiB: 65536, DrillDiskCategory: 'cloud_ssd' }),
        context(),
      ),
    );
    const empty = asHttp(await local.harness.handler(drillRequest({}), context()));

    expect(hostile).toMatchObject({
      statusCode: 403,
      body: { Code: 'Forbidden.CallerPolicy', Message: expect.stringMatching(/^DrillDisks: 100/) },
    });
    expect(empty).toMatchObject({ statusCode: 400, body: { Code: 'InvalidParameter', Message: expect.stringMatching(/^DiskIds: /) } });
    expect(local.harness.ecs.calls).toEqual([]);
  });
});
