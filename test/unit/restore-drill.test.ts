import { invocationDeadline } from '../../lib/calls/deadline';
import { DEFAULT_RETRY_POLICY } from '../../lib/calls/retry';
import type { Tag } from '../../lib/ecs/copy-snapshot-parameters';
import type { DrillResult, LeftoverDrillDisk } from '../../lib/restore-drill/drill-report';
import type { DrillOrder } from '../../lib/restore-drill/drill-request';
import { DRILL_MARKER, DRILL_TAG_KEYS, DRILLED_AT_KEY, drillClientToken } from '../../lib/restore-drill/drill-tags';
import { runRestoreDrill } from '../../lib/restore-drill/run-restore-drill';
import { CANARY_CREDENTIALS } from '../../tools/fc-fixtures';
import { FakeEcs, type FakeEcsCall } from '../support/fake-ecs';
import { addForeignCopy, addOurCopy, addSource } from '../support/seed-copies';
import { VirtualClock } from '../support/virtual-clock';
import { drillOrderFor } from './support/orders';

const SOURCE = 'cn-hangzhou';
const DESTINATION = 'us-east-1';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A CreationTime two days before now: past any run's drill timeout plus FC's longest invocation. */
const longAgo = (clock: VirtualClock) => new Date(clock.now() - 2 * DAY).toISOString();

/** `diskCreateDurationMs`: how long the fake ECS keeps a new disk Creating; 45 s unless a test says else. */
function setUp(options: { diskCreateDurationMs?: number } = {}) {
  const clock = new VirtualClock();
  const ecs = new FakeEcs({ clock, diskCreateDurationMs: options.diskCreateDurationMs ?? 45_000, diskDeleteDurationMs: 5_000 });
  const drills: DrillResult[] = [];
  const leftovers: LeftoverDrillDisk[] = [];
  /** A protected disk with a snapshot in the source and this function's copy of it in the destination. */
  const protectedDisk = (DiskId: string, SourceDiskSize = 40) => {
    const source = addSource(ecs, { RegionId: SOURCE, DiskId, SourceDiskSize, createdMs: clock.now() - 5 * HOUR });
    return { source, copy: addOurCopy(ecs, source, DESTINATION) };
  };
  /** The DiskId of every CreateDisk answer, a re-delivery's included. */
  const answeredDiskIds: string[] = [];
  const createDisk = ecs.createDisk.bind(ecs);
  ecs.createDisk = async (parameters, call) => {
    const answer = await createDisk(parameters, call);
    answeredDiskIds.push(answer.DiskId);
    return answer;
  };
  const run = (order: Partial<DrillOrder> = {}, timeoutSeconds = 900) => {
    drills.length = 0;
    leftovers.length = 0;
    return runRestoreDrill(
      drillOrderFor(
        ecs.snapshots(SOURCE).map((snapshot) => snapshot.SourceDiskId),
        clock.now(),
        order,
      ),
      { apiCallsPerMinute: 1000, sweepOtherRuns: true },
      { ecs, disks: ecs, now: clock.now, sleep: clock.sleep, random: () => 0, retryPolicy: DEFAULT_RETRY_POLICY },
      { ...CANARY_CREDENTIALS },
      invocationDeadline(timeoutSeconds, clock.now(), clock.now),
      { onDrill: (result) => drills.push(result), onLeftover: (leftover) => leftovers.push(leftover) },
    );
  };
  const liveDisks = () => ecs.disks(DESTINATION);
  return { clock, ecs, run, drills, leftovers, protectedDisk, answeredDiskIds, liveDisks };
}

const callsOf = (ecs: FakeEcs, Action: string): FakeEcsCall[] => ecs.calls.filter((call) => call.Action === Action);

/** A CreateDisk call as the function sent it: its RPC parameters read back (pop-core sends tags as Tag.N.Key). */
const created = (ecs: FakeEcs) =>
  callsOf(ecs, 'CreateDisk').map(({ params }) => ({
    ZoneId: params.ZoneId,
    DiskCategory: params.DiskCategory,
    SnapshotId: params.SnapshotId,
    ClientToken: params.ClientToken,
    Size: Number(params.Size),
    Tag: Object.keys(params)
      .flatMap((name) => /^Tag\.(\d+)\.Key$/.exec(name)?.[1] ?? [])
      .map((index): Tag => ({ Key: params[`Tag.${index}.Key`] ?? '', Value: params[`Tag.${index}.Value`] ?? '' })),
  }));
const deletedDiskIds = (ecs: FakeEcs) => callsOf(ecs, 'DeleteDisk').map((call) => call.params.DiskId);
const drillTags = (RunId: string) => [DRILL_MARKER, { Key: DRILL_TAG_KEYS.RunId, Value: RunId }];

describe('a restore drill', () => {
  it("restores the disk's newest accomplished copy to a pay-as-you-go disk, measures the time to Available, deletes it and sees it gone", async () => {
    const { ecs, run, protectedDisk, clock, liveDisks } = setUp();
    const older = protectedDisk('d-bp1drill00000001');
    const newest = addOurCopy(
      ecs,
      addSource(ecs, { RegionId: SOURCE, DiskId: 'd-bp1drill00000001', createdMs: clock.now() - HOUR }),
      DESTINATION,
    );
    addOurCopy(ecs, addSource(ecs, { RegionId: SOURCE, DiskId: 'd-bp1drill00000001', createdMs: clock.now() - 60_000 }), DESTINATION, {
      Status: 'progressing',
    });

    const report = await run();

    const [result] = report.Drills;
    expect(result).toMatchObject({
      Outcome: 'restored',
      SourceDiskId: 'd-bp1drill00000001',
      CopySnapshotId: newest.SnapshotId,
      DrillDiskState: 'gone',
      DataAgeHours: 1,
    });
    expect(result?.CopySnapshotId).not.toBe(older.copy.SnapshotId);
    // The disk took 45 s; polls a second apart at first, slowing down, see it Available within one poll of that.
    const RestoreSeconds = result?.Outcome === 'restored' ? result.RestoreSeconds : undefined;
    expect(RestoreSeconds).toBeGreaterThanOrEqual(45);
    expect(RestoreSeconds).toBeLessThan(55);
    expect(liveDisks()).toEqual([]);
    expect(report.Summary).toMatchObject({ Restored: 1, Failed: 0, MaxRestoreSeconds: RestoreSeconds });
  });

  it('tags the drill disk with the run and the disk, and derives its ClientToken from them, so a re-delivery makes no second disk', async () => {
    const { ecs, run, protectedDisk, answeredDiskIds } = setUp();
    const { copy } = protectedDisk('d-bp1drill00000001');
    const RunId = 'drill-20261127T190000Z';

    await run({ RunId });
    const again = await run({ RunId });

    const [first, second] = created(ecs);
    expect(first?.Tag).toEqual([
      DRILL_MARKER,
      { Key: DRILL_TAG_KEYS.RunId, Value: RunId },
      { Key: DRILL_TAG_KEYS.SourceDiskId, Value: 'd-bp1drill00000001' },
      { Key: DRILL_TAG_KEYS.CopySnapshotId, Value: copy.SnapshotId },
    ]);
    expect(first?.ClientToken).toBe(drillClientToken({ RunId, DestinationRegionId: DESTINATION, SourceDiskId: 'd-bp1drill00000001' }));
    expect(first?.ClientToken?.length).toBeLessThanOrEqual(64);
    expect(second?.ClientToken).toBe(first?.ClientToken);
    expect(new Set(answeredDiskIds).size).toBe(1);
    expect(again.Drills[0]).toMatchObject({ Outcome: 'skipped', Reason: 'an earlier delivery of this run drilled this disk' });
  });

  it('reports again, on a re-delivery of the run, a failure recorded on the copy, so that FC retries end in an alert', async () => {
    const { run, protectedDisk, answeredDiskIds } = setUp({ diskCreateDurationMs: 3 * 60_000 });
    protectedDisk('d-bp1drill00000001');
    const RunId = 'drill-20261127T190000Z';

    const first = await run({ RunId, DrillTimeoutMinutes: 1 });
    const redelivered = await run({ RunId, DrillTimeoutMinutes: 1 });

    expect(first.Drills[0]).toMatchObject({ Outcome: 'failed', Code: 'DrillTimeout', DrillRecorded: true });
    expect(redelivered.Drills[0]).toMatchObject({
      Outcome: 'failed',
      Code: 'DrillTimeout',
      Class: 'not-ready',
      Reason: 'an earlier delivery of this run drilled this disk',
    });
    expect(new Set(answeredDiskIds).size).toBe(1);
  });

  it('drills one disk a run by default, the least recently drilled first, so that every disk takes its turn', async () => {
    const { ecs, run, protectedDisk, clock } = setUp();
    for (const disk of ['d-bp1drill00000001', 'd-bp1drill00000002', 'd-bp1drill00000003']) protectedDisk(disk);

    const drilled: string[] = [];
    for (let week = 0; week < 4; week++) {
      const report = await run();
      drilled.push(...report.Drills.filter((drill) => drill.Outcome === 'restored').map((drill) => drill.SourceDiskId));
      await clock.advance(7 * 24 * HOUR);
    }

    expect(new Set(drilled.slice(0, 3)).size).toBe(3);
    expect(drilled[3]).toBe(drilled[0]);
    expect(ecs.snapshots(DESTINATION).every((copy) => copy.Tags.Tag.some((tag) => tag.TagKey === DRILLED_AT_KEY))).toBe(true);
  });

  it('drills DrillDisks disks at once', async () => {
    const { run, protectedDisk } = setUp();
    for (const disk of ['d-bp1drill00000001', 'd-bp1drill00000002', 'd-bp1drill00000003']) protectedDisk(disk);

    const report = await run({ DrillDisks: 2 });

    expect(report.Summary.Restored).toBe(2);
  });

  it('creates the disk in the cheapest category a zone sells for the size, found with DescribeAvailableResource, at the category minimum', async () => {
    const { ecs, run, protectedDisk } = setUp();
    protectedDisk('d-bp1drill00000001', 10);

    await run();

    expect(callsOf(ecs, 'DescribeAvailableResource')).toHaveLength(1);
    expect(created(ecs)[0]).toMatchObject({ ZoneId: 'us-east-1a', DiskCategory: 'cloud_efficiency', Size: 20 });
  });

  it('takes the next cheapest category when the copy is larger than the cheaper ones allow', async () => {
    const { ecs, run, protectedDisk } = setUp();
    protectedDisk('d-bp1drill00000001', 40_000);

    await run({ MaxDrillDiskGiB: 65536 });

    // The endpoint's zone a sells cloud_efficiency and cloud_essd_entry up to 32768 GiB, cloud_auto up to 65536.
    expect(created(ecs)[0]).toMatchObject({ ZoneId: 'us-east-1a', DiskCategory: 'cloud_auto', Size: 40_000 });
  });

  it('uses DrillDiskCategory and ZoneId as given, without asking for zones when both are', async () => {
    const { ecs, run, protectedDisk } = setUp();
    protectedDisk('d-bp1drill00000001');

    const report = await run({ DrillDiskCategory: 'cloud_auto', ZoneId: 'us-east-1b' });

    expect(callsOf(ecs, 'DescribeAvailableResource')).toEqual([]);
    expect(created(ecs)[0]).toMatchObject({ ZoneId: 'us-east-1b', DiskCategory: 'cloud_auto' });
    expect(report.Drills[0]?.Outcome).toBe('restored');
  });

  it('fails the disk when no zone sells the category for the size', async () => {
    const { ecs, run, protectedDisk } = setUp();
    protectedDisk('d-bp1drill00000001');

    const report = await run({ DrillDiskCategory: 'cloud' });

    expect(report.Drills[0]).toMatchObject({ Outcome: 'failed', Code: 'DrillZoneNotFound', Class: 'invalid-request' });
    expect(created(ecs)).toEqual([]);
  });

  it('skips and reports a copy larger than MaxDrillDiskGiB, and drills the disk that fits', async () => {
    const { ecs, run, protectedDisk } = setUp();
    protectedDisk('d-bp1drill00000001', 4096);
    protectedDisk('d-bp1drill00000002', 100);

    const report = await run();

    expect(report.Drills.find((drill) => drill.SourceDiskId === 'd-bp1drill00000001')).toMatchObject({
      Outcome: 'skipped',
      SizeGiB: 4096,
      Reason: 'the copy is of a 4096 GiB disk, over MaxDrillDiskGiB (2048)',
    });
    expect(created(ecs)).toHaveLength(1);
    expect(report.Drills.find((drill) => drill.SourceDiskId === 'd-bp1drill00000002')?.Outcome).toBe('restored');
  });

  it("restores a copy another tool made (its SourceSnapshotId is the disk's snapshot), without tagging it", async () => {
    const { ecs, run, clock } = setUp();
    const source = addSource(ecs, { RegionId: SOURCE, DiskId: 'd-bp1drill00000001', createdMs: clock.now() - 2 * HOUR });
    const foreign = addForeignCopy(ecs, source, DESTINATION);

    const report = await run();

    expect(report.Drills[0]).toMatchObject({
      Outcome: 'restored',
      CopySnapshotId: foreign.SnapshotId,
      DataAgeHours: 2,
      DrillRecorded: false,
    });
    expect(callsOf(ecs, 'TagResources')).toEqual([]);
  });

  it('reports a protected disk without an accomplished copy in the destination as skipped', async () => {
    const { ecs, run, clock } = setUp();
    addSource(ecs, { RegionId: SOURCE, DiskId: 'd-bp1drill00000001', createdMs: clock.now() - HOUR });

    const report = await run();

    expect(report.Drills).toEqual([
      expect.objectContaining({ Outcome: 'skipped', Reason: `no accomplished copy of the disk in ${DESTINATION}` }),
    ]);
  });

  it('fails a disk not Available within DRILL_TIMEOUT_MINUTES, and deletes it once it can', async () => {
    const { run, protectedDisk, liveDisks } = setUp({ diskCreateDurationMs: 3 * 60_000 });
    protectedDisk('d-bp1drill00000001');

    const report = await run({ DrillTimeoutMinutes: 1 });

    expect(report.Drills[0]).toMatchObject({ Outcome: 'failed', Code: 'DrillTimeout', Class: 'not-ready', DrillDiskState: 'gone' });
    expect(report.Drills[0]?.Outcome === 'failed' && report.Drills[0].Message).toContain('DRILL_TIMEOUT_MINUTES (1 min)');
    expect(liveDisks()).toEqual([]);
  });

  it('fails a disk not Available before the function timeout, and leaves it to a run after the drill timeout plus a day by ECS CreationTime', async () => {
    const { run, protectedDisk, clock, liveDisks } = setUp({ diskCreateDurationMs: 20 * 60_000 });
    protectedDisk('d-bp1drill00000001');

    const cutShort = await run({}, 300);
    const left = liveDisks();
    await clock.advance(20 * 60_000);
    const soon = await run();
    await clock.advance(DAY);
    const dayLater = await run();

    expect(cutShort.Drills[0]).toMatchObject({ Outcome: 'failed', Code: 'DrillTimeout', DrillDiskState: 'left' });
    expect(cutShort.Drills[0]?.Outcome === 'failed' && cutShort.Drills[0].Message).toContain('before the function timeout');
    expect(left).toHaveLength(1);
    // 25 min old: within DRILL_TIMEOUT_MINUTES (30) plus FC's longest invocation, its run may still be timing it.
    expect(soon.Leftovers).toEqual([expect.objectContaining({ DiskId: left[0]?.DiskId, DrillDiskState: 'young' })]);
    expect(soon.Summary).toMatchObject({ LeftoversDeleted: 0, OtherRunsDisks: 1 });
    // The second run's own disk (also cut short by the function timeout) is a day old: not yet old enough.
    expect(dayLater.Leftovers).toEqual([
      expect.objectContaining({ DrillRunId: soon.Summary.RunId, DrillDiskState: 'young' }),
      expect.objectContaining({
        DiskId: left[0]?.DiskId,
        DrillRunId: cutShort.Summary.RunId,
        DrillDiskState: 'gone',
        Evidence: expect.objectContaining({ DeletableAs: 'leftover-past-sweep-age', SweepAfterMinutes: 30 + 24 * 60, Confirmed: 'gone' }),
      }),
    ]);
    expect(dayLater.Summary.LeftoversDeleted).toBe(1);
  });

  it('first deletes drill disks earlier runs left, and never a recent one, one without the drill tag nor an attached one', async () => {
    const { ecs, run, protectedDisk, liveDisks, clock } = setUp();
    const { copy } = protectedDisk('d-bp1drill00000001');
    const earlier = 'drill-20261120T190000Z';
    const leftover = ecs.addDisk({ RegionId: DESTINATION, Tags: drillTags(earlier), CreationTime: longAgo(clock) }).DiskId;
    // Still Creating when the run starts: made by CreateDisk a moment before, so another run may be timing it.
    const { DiskId: stillCreating } = await ecs.createDisk(
      {
        RegionId: DESTINATION,
        ZoneId: 'us-east-1a',
        SnapshotId: copy.SnapshotId,
        DiskCategory: 'cloud_essd',
        Size: 40,
        DiskName: 'drill',
        Description: 'an earlier drill',
        Tag: drillTags(earlier),
        ClientToken: 'earlier-drill-token',
      },
      { credentials: { ...CANARY_CREDENTIALS }, timeoutMs: 2_000 },
    );
    const attached = ecs.addDisk({
      RegionId: DESTINATION,
      Status: 'In_use',
      InstanceId: 'i-bp1someone0000001',
      Tags: drillTags(earlier),
    }).DiskId;
    const untagged = ecs.addDisk({ RegionId: DESTINATION, Tags: [{ Key: 'app', Value: 'db' }] }).DiskId;

    const report = await run();

    expect(report.Leftovers.map((disk) => [disk.DiskId, disk.DrillDiskState]).sort()).toEqual(
      [
        [leftover, 'gone'],
        [stillCreating, 'young'],
        [attached, 'in-use'],
      ].sort(),
    );
    expect(
      liveDisks()
        .map((disk) => disk.DiskId)
        .sort(),
    ).toEqual([attached, untagged, stillCreating].sort());
    expect(deletedDiskIds(ecs)).toEqual([leftover, expect.any(String)]);
    expect(deletedDiskIds(ecs)).not.toContain(untagged);
    expect(deletedDiskIds(ecs)).not.toContain(attached);
    expect(deletedDiskIds(ecs)).not.toContain(stillCreating);
    expect(report.Summary).toMatchObject({ LeftoversDeleted: 1, LeftoversNotDeleted: 1, OtherRunsDisks: 1, Restored: 1 });
  });

  it('reports a failed CreateDisk with its code and class, and goes on with the other disks', async () => {
    const { ecs, run, protectedDisk } = setUp();
    protectedDisk('d-bp1drill00000001');
    protectedDisk('d-bp1drill00000002');
    ecs.injectFault({ Action: 'CreateDisk', fault: { kind: 'error', Code: 'QuotaExceed.PostPaidDisk', status: 403 } });

    const report = await run({ DrillDisks: 2 });

    expect(report.Drills.map((drill) => drill.Outcome).sort()).toEqual(['failed', 'restored']);
    expect(report.Drills.find((drill) => drill.Outcome === 'failed')).toMatchObject({ Code: 'QuotaExceed.PostPaidDisk', Class: 'account' });
  });

  it('deletes at its end a disk of its own whose CreateDisk answer never arrived', async () => {
    const { ecs, run, protectedDisk, liveDisks } = setUp();
    protectedDisk('d-bp1drill00000001');
    // ECS makes the disk, and every attempt's answer is lost on the way back.
    ecs.injectFault({ Action: 'CreateDisk', fault: { kind: 'lose-answer' }, times: DEFAULT_RETRY_POLICY.maxAttempts });

    const report = await run();

    expect(report.Drills[0]).toMatchObject({ Outcome: 'failed', Code: 'EcsUnreachable' });
    expect(report.Leftovers).toEqual([expect.objectContaining({ DrillRunId: report.Summary.RunId, DrillDiskState: 'gone' })]);
    expect(liveDisks()).toEqual([]);
  });

  it('in a dry run lists what it would drill and delete, and creates, deletes and tags nothing', async () => {
    const { ecs, run, protectedDisk, liveDisks, clock } = setUp();
    protectedDisk('d-bp1drill00000001');
    ecs.addDisk({ RegionId: DESTINATION, Tags: drillTags('drill-20261120T190000Z'), CreationTime: longAgo(clock) });

    const report = await run({ DryRun: true });

    expect(report.Drills[0]).toMatchObject({ Outcome: 'planned', DiskCategory: 'cloud_efficiency', ZoneId: 'us-east-1a' });
    expect(report.Leftovers[0]).toMatchObject({ DrillDiskState: 'planned' });
    for (const Action of ['CreateDisk', 'DeleteDisk', 'TagResources']) expect(callsOf(ecs, Action)).toEqual([]);
    expect(liveDisks()).toHaveLength(1);
    expect(report.Summary).toMatchObject({ Planned: 1, DryRun: true });
  });
});
