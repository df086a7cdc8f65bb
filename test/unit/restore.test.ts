/**
 * Restores through the handler, on the fake ECS and the virtual clock: which copies are chosen for a fleet (one point
 * in time per instance), what is made of them, what is refused, and that a re-run makes nothing twice. The pure rules
 * (point in time, placement) are tested on their own below; the same through pop-core and the local endpoint in
 * test/integration/restore.test.ts.
 */
import { chooseCopies } from '../../lib/restore/point-in-time';
import type { RecoveryPoint } from '../../lib/restore/recovery-points';
import { placeUnit } from '../../lib/restore/restore-placement';
import { RESTORE_TAG_KEYS } from '../../lib/restore/restore-tags';
import { DESTINATION_REGION, invocationContext } from '../support/context';
import { asHttp, httpEvent, timerEvent } from '../support/events';
import { type FakeHarness, startFakeHarness } from '../support/fake-harness';
import { expectNoSecretLeaked, logsNamed } from '../support/output';
import { addRestorableCopy, restoreEvent } from '../support/restore-fleet';

const HOUR = 3_600_000;
const INSTANCE = 'i-bp1restoreunit0001';
const SYSTEM = 'd-bp1restoresystem01';
const DATA = 'd-bp1restoredata0001';
const LONG = () => invocationContext({ timeoutSeconds: 900 });

function harnessWith(env: Record<string, string> = {}): FakeHarness {
  return startFakeHarness({ env, ecs: { diskCreateDurationMs: 30_000, imageCreateDurationMs: 90_000 } });
}

/** The instance's system and data disk, copied at the same hours (each hour ago given), the data disk 2 min later. */
function copiedInstance(harness: FakeHarness, hoursAgo: readonly number[], overrides: { dataLagMs?: number } = {}) {
  const now = harness.clock.now();
  for (const hours of hoursAgo) {
    addRestorableCopy(harness.ecs, {
      DiskId: SYSTEM,
      InstanceId: INSTANCE,
      DiskType: 'system',
      dataMs: now - hours * HOUR,
      DiskCategory: 'cloud_essd',
    });
    addRestorableCopy(harness.ecs, {
      DiskId: DATA,
      InstanceId: INSTANCE,
      dataMs: now - hours * HOUR + (overrides.dataLagMs ?? 120_000),
      DiskCategory: 'cloud_ssd',
      SizeGiB: 200,
    });
  }
}

const callsOf = (harness: FakeHarness, Action: string) => harness.ecs.calls.filter((call) => call.Action === Action);

describe('a restore through the handler', () => {
  it("restores an instance's data disk as a disk and its system disk as an image, from one point, and gives the RunInstances parameters", async () => {
    const harness = harnessWith();
    copiedInstance(harness, [26, 2]);
    const newest = new Date(harness.clock.now() - 2 * HOUR).toISOString();

    const answer = await harness.invoke(restoreEvent({ InstanceIds: [INSTANCE] }), LONG());

    expect(answer.ok).toBe(true);
    const [disk] = harness.ecs.disks(DESTINATION_REGION);
    const [image] = harness.ecs.images(DESTINATION_REGION);
    expect(disk).toMatchObject({ Status: 'Available', Category: 'cloud_ssd', Size: 200, ZoneId: 'us-east-1a' });
    expect(image).toMatchObject({ Status: 'Available', Size: 40 });
    expect(logsNamed(harness.logs, 'restore-image')).toEqual([
      expect.objectContaining({
        Outcome: 'restored',
        SourceDiskId: SYSTEM,
        ImageId: image?.ImageId,
        DataCreationTime: newest,
        RestoreSeconds: expect.any(Number),
      }),
    ]);
    expect(logsNamed(harness.logs, 'restore-disk')).toEqual([
      expect.objectContaining({ Outcome: 'restored', SourceDiskId: DATA, DiskId: disk?.DiskId, InstanceId: INSTANCE, SpreadMinutes: 2 }),
    ]);
    expect(logsNamed(harness.logs, 'restore-server')).toEqual([
      expect.objectContaining({
        InstanceId: INSTANCE,
        Ready: true,
        'RunInstances.ImageId': image?.ImageId,
        'RunInstances.ZoneId': 'us-east-1a',
        'RunInstances.SystemDisk.Category': 'cloud_essd',
        AttachDisks: [disk?.DiskId],
      }),
    ]);
    const [summary] = logsNamed(harness.logs, 'restore-summary');
    expect(summary).toMatchObject({ level: 'info', Restored: 2, Failed: 0, Images: 1, Disks: 1 });
    // The fleet's time to restore is its slowest part's: the image, 90 s on this clock, plus the polls' rounding.
    expect(summary?.FleetRestoreSeconds).toBeGreaterThanOrEqual(90);
    expect(summary?.FleetRestoreSeconds).toBeLessThan(110);
    expectNoSecretLeaked(harness);
  });

  it('tags what it makes with the restore, the source disk and the copy, and never deletes or attaches anything', async () => {
    const harness = harnessWith();
    copiedInstance(harness, [2]);

    await harness.invoke(restoreEvent({ InstanceIds: [INSTANCE] }), LONG());

    const tags = harness.ecs.disks(DESTINATION_REGION)[0]?.Tags.Tag.map((tag) => tag.TagKey);
    expect(tags).toEqual(expect.arrayContaining(Object.values(RESTORE_TAG_KEYS)));
    expect([...new Set(harness.ecs.calls.map((call) => call.Action))].sort()).toEqual(
      ['CreateDisk', 'CreateImage', 'DescribeAvailableResource', 'DescribeDisks', 'DescribeImages', 'DescribeSnapshots'].sort(),
    );
  });

  it('takes the newest point at which every disk of an instance has a copy within RESTORE_SKEW_MINUTES of the others', async () => {
    const harness = harnessWith();
    const now = harness.clock.now();
    // The system disk's newest copy (1 h ago) has no data disk copy near it: the newest common point is 25 h ago.
    copiedInstance(harness, [25]);
    addRestorableCopy(harness.ecs, { DiskId: SYSTEM, InstanceId: INSTANCE, DiskType: 'system', dataMs: now - 1 * HOUR });
    addRestorableCopy(harness.ecs, { DiskId: DATA, InstanceId: INSTANCE, dataMs: now - 5 * HOUR });

    await harness.invoke(restoreEvent({ InstanceIds: [INSTANCE] }), LONG());

    const times = [...logsNamed(harness.logs, 'restore-image'), ...logsNamed(harness.logs, 'restore-disk')].map(
      (line) => line.DataCreationTime,
    );
    expect(times).toEqual([new Date(now - 25 * HOUR).toISOString(), new Date(now - 25 * HOUR + 120_000).toISOString()]);
  });

  it('refuses an instance whose disks are further apart than RESTORE_SKEW_MINUTES, naming the spread, and makes nothing of it', async () => {
    const harness = harnessWith({ RESTORE_SKEW_MINUTES: '30' });
    copiedInstance(harness, [2], { dataLagMs: 45 * 60_000 });

    const answer = await harness.invoke(restoreEvent({ InstanceIds: [INSTANCE] }), LONG());

    expect(answer.ok).toBe(false);
    expect(answer.ok ? '' : answer.error.message).toMatch(/^RestoreFailed: 2 of 2 disks failed \(RestoreSkewTooLarge\)/);
    const lines = [...logsNamed(harness.logs, 'restore-image'), ...logsNamed(harness.logs, 'restore-disk')];
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).toMatchObject({ level: 'error', Outcome: 'failed', Code: 'RestoreSkewTooLarge', Class: 'invalid-request' });
      expect(line.Message).toMatch(/RESTORE_SKEW_MINUTES \(30 min\).*a spread of 45 min.*PointInTime \(--at\).*AllowSkew \(--allow-skew\)/);
    }
    expect(callsOf(harness, 'CreateDisk')).toEqual([]);
    expect(callsOf(harness, 'CreateImage')).toEqual([]);
  });

  it('restores each disk from its newest copy with AllowSkew, and says the spread', async () => {
    const harness = harnessWith({ RESTORE_SKEW_MINUTES: '30' });
    copiedInstance(harness, [2], { dataLagMs: 45 * 60_000 });

    const answer = await harness.invoke(restoreEvent({ InstanceIds: [INSTANCE], AllowSkew: true }), LONG());

    expect(answer.ok).toBe(true);
    expect(logsNamed(harness.logs, 'restore-disk')).toEqual([expect.objectContaining({ Outcome: 'restored', SpreadMinutes: 45 })]);
  });

  it('restores the newest copies taken at or before PointInTime', async () => {
    const harness = harnessWith();
    copiedInstance(harness, [50, 26, 2]);
    const now = harness.clock.now();
    const at = new Date(now - 24 * HOUR).toISOString();

    await harness.invoke(restoreEvent({ InstanceIds: [INSTANCE], PointInTime: at }), LONG());

    expect(logsNamed(harness.logs, 'restore-image')[0]?.DataCreationTime).toBe(new Date(now - 26 * HOUR).toISOString());
    expect(logsNamed(harness.logs, 'restore-summary')[0]).toMatchObject({ PointInTime: at });
  });

  it('skips a copy still progressing for the newest accomplished one, and says so', async () => {
    const harness = harnessWith();
    const now = harness.clock.now();
    addRestorableCopy(harness.ecs, { DiskId: DATA, dataMs: now - 26 * HOUR });
    const progressing = addRestorableCopy(harness.ecs, { DiskId: DATA, dataMs: now - 2 * HOUR, Status: 'progressing' });

    await harness.invoke(restoreEvent({ DiskIds: [DATA] }), LONG());

    expect(logsNamed(harness.logs, 'restore-disk')).toEqual([
      expect.objectContaining({
        Outcome: 'restored',
        DataCreationTime: new Date(now - 26 * HOUR).toISOString(),
        SkippedProgressing: progressing.SnapshotId,
      }),
    ]);
  });

  it('fails a disk whose only copies are still progressing as not ready, and the invocation for FC to retry', async () => {
    const harness = harnessWith();
    addRestorableCopy(harness.ecs, { DiskId: DATA, dataMs: harness.clock.now() - HOUR, Status: 'progressing' });

    const answer = await harness.invoke(restoreEvent({ DiskIds: [DATA] }), LONG());

    expect(answer.ok ? '' : answer.error.message).toMatch(/^RestoreFailed: 1 of 1 disks failed \(RestoreCopyNotReady\)/);
    expect(logsNamed(harness.logs, 'restore-disk')).toEqual([expect.objectContaining({ Code: 'RestoreCopyNotReady', Class: 'not-ready' })]);
  });

  it('answers what it made when run again, making nothing twice, and keeps the copies it made them from', async () => {
    const harness = harnessWith();
    copiedInstance(harness, [2]);
    await harness.invoke(restoreEvent({ InstanceIds: [INSTANCE] }), LONG());
    const made = { disks: harness.ecs.disks(DESTINATION_REGION), images: harness.ecs.images(DESTINATION_REGION) };
    // A newer point arrives meanwhile: the same restore run again keeps the point it restored.
    copiedInstance(harness, [0.5]);
    harness.logs.length = 0;

    const again = await harness.invoke(restoreEvent({ InstanceIds: [INSTANCE] }), LONG());

    expect(again.ok).toBe(true);
    expect(harness.ecs.disks(DESTINATION_REGION)).toEqual(made.disks);
    expect(harness.ecs.images(DESTINATION_REGION)).toEqual(made.images);
    expect(logsNamed(harness.logs, 'restore-disk')).toEqual([
      expect.objectContaining({ Outcome: 'restored', DiskId: made.disks[0]?.DiskId, Reason: expect.stringMatching(/earlier run/) }),
    ]);
    expect(logsNamed(harness.logs, 'restore-summary')[0]).toMatchObject({ FleetRestoreSeconds: null });
  });

  it('answers the same disk to a re-delivery whose DescribeDisks does not list it yet: the ClientToken makes it once', async () => {
    const harness = harnessWith();
    copiedInstance(harness, [2]);
    // The first delivery's answer to CreateDisk is lost after ECS made the disk.
    harness.ecs.injectFault({ Action: 'CreateDisk', fault: { kind: 'lose-answer' } });

    const answer = await harness.invoke(restoreEvent({ InstanceIds: [INSTANCE] }), LONG());

    expect(answer.ok).toBe(true);
    expect(harness.ecs.disks(DESTINATION_REGION)).toHaveLength(1);
    expect(callsOf(harness, 'CreateDisk').map((call) => call.params.ClientToken)).toEqual([
      expect.stringMatching(/^sr-/),
      callsOf(harness, 'CreateDisk')[0]?.params.ClientToken,
    ]);
  });

  it("puts a disk in the zone asked for in the nearest category it sells when it does not sell the disk's own, and says so", async () => {
    const harness = harnessWith();
    addRestorableCopy(harness.ecs, { DiskId: DATA, dataMs: harness.clock.now() - HOUR, DiskCategory: 'cloud_ssd' });

    await harness.invoke(restoreEvent({ DiskIds: [DATA], ZoneId: 'us-east-1b' }), LONG());

    expect(harness.ecs.disks(DESTINATION_REGION)).toEqual([expect.objectContaining({ ZoneId: 'us-east-1b', Category: 'cloud_essd' })]);
    expect(logsNamed(harness.logs, 'restore-disk')[0]?.CategoryNote).toBe(
      'us-east-1b does not sell cloud_ssd for 40 GiB: cloud_essd, the nearest it sells',
    );
  });

  it('plans a dry run with each copy, its data time, zone, category, size and cost per hour, and makes nothing', async () => {
    const harness = harnessWith({ RESTORE_DISK_PRICES: '{"cloud_ssd":0.73,"cloud_essd":0.365}' });
    copiedInstance(harness, [2]);

    const answer = await harness.invoke(restoreEvent({ InstanceIds: [INSTANCE], DryRun: true }), LONG());

    expect(answer.ok).toBe(true);
    expect(callsOf(harness, 'CreateDisk')).toEqual([]);
    expect(callsOf(harness, 'CreateImage')).toEqual([]);
    expect(logsNamed(harness.logs, 'restore-disk')).toEqual([
      expect.objectContaining({
        Outcome: 'planned',
        ZoneId: 'us-east-1a',
        DiskCategory: 'cloud_ssd',
        Size: 200,
        // 200 GiB at 0.73 a GiB-month, over 730 hours.
        EstimatedCostPerHour: 0.2,
        PriceSource: 'RESTORE_DISK_PRICES, per GiB-month',
      }),
    ]);
    expect(logsNamed(harness.logs, 'restore-image')).toEqual([expect.objectContaining({ Outcome: 'planned', EstimatedCostPerHour: 0.02 })]);
    expect(logsNamed(harness.logs, 'restore-summary')[0]).toMatchObject({ DryRun: true, Planned: 2, EstimatedCostPerHour: 0.22 });
  });

  it('marks the price source UNVERIFIED when RESTORE_DISK_PRICES is not set', async () => {
    const harness = harnessWith();
    addRestorableCopy(harness.ecs, { DiskId: DATA, dataMs: harness.clock.now() - HOUR });

    await harness.invoke(restoreEvent({ DiskIds: [DATA], DryRun: true }), LONG());

    expect(logsNamed(harness.logs, 'restore-disk')[0]?.PriceSource).toMatch(/^UNVERIFIED/);
  });

  it('restores a copy another tool made, known by the SourceSnapshotId of a copy of this function', async () => {
    const harness = harnessWith();
    const now = harness.clock.now();
    const ours = addRestorableCopy(harness.ecs, { DiskId: DATA, dataMs: now - 26 * HOUR });
    // The console's copy of the same source, in the DR region: no provenance tags.
    const foreign = harness.ecs.addSnapshot({
      RegionId: DESTINATION_REGION,
      DiskId: DATA,
      SourceSnapshotId: ours.SourceSnapshotId,
      SourceRegionId: ours.SourceRegionId,
      CreationTime: new Date(harness.clock.now() - HOUR).toISOString(),
    });
    harness.ecs.injectFault({ Action: 'CreateDisk', fault: { kind: 'error', status: 503, Code: 'ServiceUnavailable' } });

    await harness.invoke(restoreEvent({ DiskIds: [DATA] }), LONG());

    const [line] = logsNamed(harness.logs, 'restore-disk');
    expect([ours.SnapshotId, foreign.SnapshotId]).toContain(line?.CopySnapshotId);
    expect(line).toMatchObject({ Outcome: 'restored', DataCreationTime: new Date(now - 26 * HOUR).toISOString() });
  });

  it('does not believe a copy whose provenance tags name something that is not a disk ID, and says so', async () => {
    const harness = harnessWith();
    addRestorableCopy(harness.ecs, { DiskId: DATA, dataMs: harness.clock.now() - HOUR });
    const copy = addRestorableCopy(harness.ecs, { DiskId: 'https://evil.example/x', dataMs: harness.clock.now() - HOUR });

    await harness.invoke(restoreEvent({ SourceTag: [{ Key: 'snapshot-copy:source-region-id', Value: 'cn-hangzhou' }] }), LONG());

    expect(logsNamed(harness.logs, 'restore-disk')).toEqual([expect.objectContaining({ SourceDiskId: DATA })]);
    expect(logsNamed(harness.logs, 'restore-note')).toEqual([expect.objectContaining({ Note: expect.stringContaining(copy.SnapshotId) })]);
  });

  it('fails an entry that matches no copy in the DR region, naming it, and restores the others', async () => {
    const harness = harnessWith();
    addRestorableCopy(harness.ecs, { DiskId: DATA, dataMs: harness.clock.now() - HOUR });

    const answer = await harness.invoke(restoreEvent({ DiskIds: [DATA], InstanceIds: ['i-bp1nosuchinstance01'] }), LONG());

    expect(answer.ok ? '' : answer.error.message).toMatch(/RestoreFailed: InstanceIds i-bp1nosuchinstance01 matched no disk with a copy/);
    expect(logsNamed(harness.logs, 'restore-matched-nothing')).toEqual([
      expect.objectContaining({ Field: 'InstanceIds', Entry: 'i-bp1nosuchinstance01', Code: 'RestoreMatchedNothing' }),
    ]);
    expect(logsNamed(harness.logs, 'restore-disk')).toEqual([expect.objectContaining({ Outcome: 'restored' })]);
  });
});

describe('who may restore', () => {
  it('answers POST /restores 403, and lists nothing', async () => {
    const harness = harnessWith();

    const answer = await harness.invoke(
      httpEvent({ DiskIds: [DATA] }, { rawPath: '/restores', requestContext: { requestId: 'r-1', http: { method: 'POST' } } }),
    );

    const response = asHttp(answer.ok ? answer.value : undefined);
    expect(response.statusCode).toBe(403);
    expect(response.body).toMatchObject({ Code: 'RestoreOperatorOnly', Class: 'forbidden' });
    expect(harness.ecs.calls).toEqual([]);
    expect(logsNamed(harness.logs, 'restore-refused')).toEqual([expect.objectContaining({ Trigger: 'http' })]);
  });

  it('rejects a timer whose payload asks for a restore, and lists nothing', async () => {
    const harness = harnessWith();

    const answer = await harness.invoke(timerEvent({ Action: 'Restore', DiskIds: [DATA] }));

    expect(answer.ok ? '' : answer.error.message).toMatch(/^RestoreOperatorOnly \(forbidden\): a timer trigger cannot ask for a restore/);
    expect(harness.ecs.calls).toEqual([]);
  });

  it('names a broken RESTORE_SKEW_MINUTES, and a request field that breaks a rule, before any call', async () => {
    const broken = harnessWith({ RESTORE_SKEW_MINUTES: 'an hour' });
    const badRequest = harnessWith();

    const configuration = await broken.invoke(restoreEvent({ DiskIds: [DATA] }));
    const request = await badRequest.invoke(restoreEvent({ DiskIds: [DATA], PointInTime: 'yesterday', ZoneId: 'eu-central-1a' }));

    expect(configuration.ok ? '' : configuration.error.message).toMatch(/Environment variable RESTORE_SKEW_MINUTES must be a whole number/);
    expect(request.ok ? '' : request.error.message).toMatch(
      /ZoneId: must be a zone of us-east-1, the DR region; PointInTime: must be a time with its zone/,
    );
    expect([...broken.ecs.calls, ...badRequest.ecs.calls]).toEqual([]);
  });
});

describe('the point in time of an instance (chooseCopies)', () => {
  const point = (SourceDiskId: string, minutes: number, Status: RecoveryPoint['Status'] = 'accomplished'): RecoveryPoint => ({
    SnapshotId: `s-${SourceDiskId}-${minutes}`,
    SourceDiskId,
    Status,
    DataCreationTime: minutes * 60_000,
    DataTimeFrom: 'source-snapshot',
    SizeGiB: 40,
    DiskType: 'data',
    InstanceId: 'i-1',
    DiskCategory: undefined,
    Tags: [],
  });
  const unit = (...disks: RecoveryPoint[][]) => ({
    InstanceId: 'i-1',
    disks: disks.map((points) => ({
      SourceDiskId: points[0]?.SourceDiskId ?? '',
      DiskType: 'data' as const,
      DiskCategory: undefined,
      points,
    })),
  });
  const rule = { PointInTime: undefined, SkewMinutes: 60, AllowSkew: false };

  it('takes the window whose oldest copy is newest, each disk its newest copy in it', () => {
    const choice = chooseCopies(unit([point('a', 1000), point('a', 500)], [point('b', 1030), point('b', 900)]), rule, new Map());

    expect([...choice.copies.values()].map((copy) => copy.SnapshotId)).toEqual(['s-a-1000', 's-b-1030']);
    expect(choice.SpreadMinutes).toBe(30);
  });

  it('keeps the copy an earlier run restored a disk from, and chooses the others around it', () => {
    const choice = chooseCopies(
      unit([point('a', 1000), point('a', 500)], [point('b', 1030), point('b', 520)]),
      rule,
      new Map([['a', 's-a-500']]),
    );

    expect([...choice.copies.values()].map((copy) => copy.SnapshotId)).toEqual(['s-a-500', 's-b-520']);
  });

  it('names no copies and the spread when no window holds every disk, unless AllowSkew', () => {
    const skewed = unit([point('a', 1000)], [point('b', 800)]);

    expect(chooseCopies(skewed, rule, new Map())).toMatchObject({ copies: new Map(), SpreadMinutes: 200, skew: { allowed: false } });
    expect(chooseCopies(skewed, { ...rule, AllowSkew: true }, new Map()).copies.size).toBe(2);
  });
});

describe('the zone and categories of a unit (placeUnit)', () => {
  const zones = [
    { ZoneId: 'z-a', Categories: [{ Category: 'cloud_efficiency', MinGiB: 20, MaxGiB: 32768 }] },
    {
      ZoneId: 'z-b',
      Categories: [
        { Category: 'cloud_ssd', MinGiB: 20, MaxGiB: 32768 },
        { Category: 'cloud_essd', MinGiB: 20, MaxGiB: 100 },
      ],
    },
  ];

  it("puts every disk of a unit in the zone whose categories are nearest the disks' own", () => {
    const placed = placeUnit(
      [
        { SourceDiskId: 'd-1', DiskCategory: 'cloud_essd', SizeGiB: 50 },
        { SourceDiskId: 'd-2', DiskCategory: 'cloud_ssd', SizeGiB: 10 },
      ],
      zones,
      undefined,
    );

    expect(placed).toEqual({
      ok: true,
      ZoneId: 'z-b',
      disks: new Map([
        ['d-1', { DiskCategory: 'cloud_essd', Size: 50 }],
        ['d-2', { DiskCategory: 'cloud_ssd', Size: 20 }],
      ]),
    });
  });

  it('takes the nearest category a zone sells for the size, and fails when no zone holds the disk', () => {
    const big = placeUnit([{ SourceDiskId: 'd-1', DiskCategory: 'cloud_essd', SizeGiB: 500 }], zones, 'z-b');
    const huge = placeUnit([{ SourceDiskId: 'd-1', DiskCategory: 'cloud_essd', SizeGiB: 50_000 }], zones, undefined);

    expect(big).toMatchObject({ ok: true, disks: new Map([['d-1', expect.objectContaining({ DiskCategory: 'cloud_ssd' })]]) });
    expect(huge).toEqual({ ok: false, Reason: 'no zone of the DR region sells a data disk category for 50000 GiB now' });
  });
});
