import { asHttp, emptyTimerEvent, httpEvent, statusEvent, timerEvent } from '../support/events';
import { copyCount, DESTINATIONS, FLEET, newest, type RunReportAnswer, report, seedFleet } from '../support/fleet';
import { closeAfterEach, type Harness, startHarness, withHarness } from '../support/harness';
import { copiesOf, logsNamed } from '../support/output';
import { VirtualClock } from '../support/virtual-clock';

/**
 * The fleet promises end to end, through the real pop-core client and the local ECS endpoint: one test a promise.
 * Every case of selection, pace, cap and deadline is in test/unit/fleet.test.ts, on the fake ECS and a virtual clock.
 */
describe('a fleet, selected by instance, copied to two regions, end to end', () => {
  let harness: Harness;

  beforeEach(async () => {
    // Copies finish at once, so a second run sees them accomplished.
    harness = await startHarness({
      env: { RETENTION_DAYS: '30', SNAPSHOT_TAGS: '{"purpose":"dr"}', RPO_HOURS: '24' },
      ecs: { copyDurationMs: 1 },
    });
  });

  closeAfterEach(() => harness);

  it('copies the newest accomplished snapshot of every disk to every destination, with tags and RetentionDays', async () => {
    const { disks, progressing } = seedFleet(harness.ecs, Date.now());

    const first = await harness.invoke(timerEvent(FLEET));

    for (const region of DESTINATIONS) {
      for (const disk of disks) {
        const copies = copiesOf(harness.ecs, newest(disk), region);
        expect(copies).toHaveLength(1);
        expect(copies[0]?.RetentionDays).toBe(30);
        expect(copies[0]?.Tags.Tag).toEqual(
          expect.arrayContaining([
            { TagKey: 'purpose', TagValue: 'dr' },
            { TagKey: 'snapshot-copy:source-snapshot-id', TagValue: newest(disk) },
            { TagKey: 'snapshot-copy:source-region-id', TagValue: 'cn-hangzhou' },
            { TagKey: 'snapshot-copy:source-disk-id', TagValue: disk.DiskId },
          ]),
        );
      }
    }
    expect(copyCount(harness.ecs)).toBe(6);
    // Nothing was accomplished in the destinations before this run: the run says so, and fails for FC to alert.
    expect(!first.ok && first.error.message).toMatch(/^CopyRunFailed: 6 disk and destination pair\(s\) outside RPO/);
    expect(logsNamed(harness.logs, 'copy-started')).toHaveLength(6);
    expect(logsNamed(harness.logs, 'copy-not-ready').map((line) => line.SourceSnapshotId)).toEqual([progressing, progressing]);
    expect(logsNamed(harness.logs, 'run-summary')[0]).toMatchObject({
      level: 'error',
      Copied: 6,
      NotReady: 2,
      Failed: 0,
      ProtectedDisks: 3,
      OutsideRpo: 6,
    });
  });

  it('makes no second copy on the next run, and reports every disk within RPO', async () => {
    const { disks } = seedFleet(harness.ecs, Date.now());
    await harness.invoke(timerEvent(FLEET, '2026-11-27T02:00:00Z'));

    const second = report(await harness.invoke(timerEvent(FLEET, '2026-11-28T02:00:00Z')));

    expect(copyCount(harness.ecs)).toBe(6);
    expect(second.Summary).toMatchObject({ Copied: 0, AlreadyPresent: 6, Failed: 0, WithinRpo: 6, OutsideRpo: 0 });
    expect(second.Rpo).toHaveLength(6);
    for (const status of second.Rpo) {
      expect(status.WithinRpo).toBe(true);
      expect(status.DataAgeHours).toBeGreaterThanOrEqual(2);
      expect(status.DataAgeHours).toBeLessThan(3);
      expect(disks.map((disk) => disk.DiskId)).toContain(status.DiskId);
    }
  });

  it('makes each copy once when FC delivers the same timer event several times at once', async () => {
    seedFleet(harness.ecs, Date.now());
    const event = timerEvent(FLEET);

    await Promise.all([harness.invoke(event), harness.invoke(event), harness.invoke(event)]);
    await harness.invoke(event);

    expect(copyCount(harness.ecs)).toBe(6);
  });

  it('answers a dry run with the plan and copies nothing', async () => {
    seedFleet(harness.ecs, Date.now());

    const response = asHttp(await harness.handler(httpEvent({ ...FLEET, DryRun: true })));

    expect(response.statusCode).toBe(200);
    expect(copyCount(harness.ecs)).toBe(0);
    const plan = response.body as unknown as RunReportAnswer;
    expect(plan.Summary).toMatchObject({ Planned: 6, Copied: 0, DryRun: true });
    expect(plan.Copies.filter((copy) => copy.Outcome === 'planned').map((copy) => copy.DestinationSnapshotName)).toHaveLength(6);
    expect(harness.ecs.calls.some((call) => call.Action === 'CopySnapshot')).toBe(false);
  });

  it("reads a copy's status and progress over GET /copies/<SnapshotId>", async () => {
    const { disks } = seedFleet(harness.ecs, Date.now());
    await harness.invoke(timerEvent(FLEET));
    const [disk] = disks;
    const copy = copiesOf(harness.ecs, newest(disk), 'eu-central-1')[0];

    const found = asHttp(await harness.handler(statusEvent(copy?.SnapshotId ?? '', 'eu-central-1')));
    const missing = asHttp(await harness.handler(statusEvent('s-bp1nosuchcopy0000001', 'eu-central-1')));

    expect(found.statusCode).toBe(200);
    expect(found.body).toMatchObject({
      SnapshotId: copy?.SnapshotId,
      RegionId: 'eu-central-1',
      Status: 'accomplished',
      Progress: '100%',
      SourceSnapshotId: newest(disk),
      SourceRegionId: 'cn-hangzhou',
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toMatchObject({ Code: 'InvalidSnapshotId.NotFound', Class: 'not-found' });
  });

  it('selects by InstanceIds and DiskIds together, narrowed by SourceTag', async () => {
    const { disks } = seedFleet(harness.ecs, Date.now());
    const [first, second, third] = disks;
    harness.ecs.addSnapshot({ RegionId: 'cn-hangzhou', DiskId: 'd-bp1fleet0disk000009', InstanceId: 'i-bp1fleet0instance01' });

    const plan = report(
      await harness.invoke(
        timerEvent({
          DiskIds: [third?.DiskId],
          InstanceIds: ['i-bp1fleet0instance01'],
          SourceTag: [{ Key: 'env', Value: 'prod' }],
          DryRun: true,
        }),
      ),
    );

    expect(
      plan.Copies.filter((copy) => copy.Outcome === 'planned')
        .map((copy) => copy.SourceSnapshotId)
        .sort(),
    ).toEqual([newest(first), newest(second), newest(third)].sort());
  });
});

describe('what a run leaves for the next one, end to end', () => {
  it('copies again a copy that failed, and names the failure until then', async () => {
    await withHarness({ env: { RPO_HOURS: '24' }, ecs: { copyDurationMs: 1 } }, async (harness) => {
      const { disks } = seedFleet(harness.ecs, Date.now());
      const [disk] = disks;
      if (!disk) throw new Error('no disk');
      const failed = harness.ecs.addSnapshot({
        RegionId: 'us-east-1',
        DiskId: disk.DiskId,
        Status: 'failed',
        Tags: [
          { Key: 'snapshot-copy:source-snapshot-id', Value: newest(disk) },
          { Key: 'snapshot-copy:source-region-id', Value: 'cn-hangzhou' },
          { Key: 'snapshot-copy:source-disk-id', Value: disk.DiskId },
          { Key: 'snapshot-copy:source-creation-time', Value: new Date().toISOString() },
        ],
      }).SnapshotId;

      const dryRun = report(await harness.invoke(timerEvent({ ...FLEET, DestinationRegionId: 'us-east-1', DryRun: true })));
      await harness.invoke(timerEvent({ ...FLEET, DestinationRegionId: 'us-east-1' }));

      expect(dryRun.Rpo.find((status) => status.DiskId === disk.DiskId)).toMatchObject({ Failed: [failed], WithinRpo: false });
      const copies = harness.ecs
        .snapshots('us-east-1')
        .filter((copy) => copy.Tags.Tag.some((tag) => tag.TagKey === 'snapshot-copy:source-snapshot-id' && tag.TagValue === newest(disk)));
      expect(copies.map((copy) => copy.Status).sort()).toEqual(['accomplished', 'failed']);
    });
  });

  it('caps the copies in flight per destination and leaves the rest for the next run', async () => {
    await withHarness({ env: { MAX_COPIES_IN_FLIGHT: '2' } }, async (harness) => {
      seedFleet(harness.ecs, Date.now());

      const result = await harness.invoke(timerEvent({ ...FLEET, DestinationRegionId: 'us-east-1' }));

      expect(harness.ecs.snapshots('us-east-1')).toHaveLength(2);
      expect(!result.ok && result.error.message).toContain('outside RPO');
      const left = logsNamed(harness.logs, 'copy-left');
      expect(left).toHaveLength(1);
      expect(left[0]).toMatchObject({ Code: 'MaxCopiesInFlight' });
    });
  });

  it('uses SELECTION for a timer without a payload', async () => {
    await withHarness({ env: { SELECTION: '{"InstanceIds":["i-bp1fleet0instance02"]}' }, ecs: { copyDurationMs: 1 } }, async (harness) => {
      const { disks } = seedFleet(harness.ecs, Date.now());

      await harness.invoke(emptyTimerEvent());

      expect(copiesOf(harness.ecs, newest(disks[2]))).toHaveLength(1);
      expect(copyCount(harness.ecs)).toBe(1);
    });
  });
});

describe('pace, end to end', () => {
  it('slows down under throttling instead of failing copies', async () => {
    // The function's pace and backoff wait on a virtual clock; ECS, pop-core and HTTP are real.
    const clock = new VirtualClock(Date.now());
    await withHarness({ ecs: { copyDurationMs: 1 }, handler: { sleep: clock.sleep, now: clock.now } }, async (harness) => {
      seedFleet(harness.ecs, Date.now());
      harness.ecs.injectFault({ Action: 'CopySnapshot', fault: { kind: 'throttle' }, times: 4 });

      await harness.invoke(timerEvent(FLEET));

      expect(copyCount(harness.ecs)).toBe(6);
      expect(harness.ecs.calls.filter((call) => call.Code === 'Throttling.User')).toHaveLength(4);
      expect(logsNamed(harness.logs, 'run-summary')[0]).toMatchObject({ Copied: 6, Failed: 0 });
    });
  });
});
