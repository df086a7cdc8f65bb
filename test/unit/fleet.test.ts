import { invocationContext } from '../support/context';
import { asHttp, httpEvent, statusEvent, timerEvent } from '../support/events';
import { type FakeHarness, type FakeHarnessOptions, startFakeHarness } from '../support/fake-harness';
import { copyCount, DESTINATIONS, FLEET, type FleetDisk, newest, report, seedFleet as seedFleetAt } from '../support/fleet';
import * as scenario from '../support/fleet-scenarios';
import { copiesOf, expectNoSecretLeaked, logsNamed, parsedLogs } from '../support/output';

/**
 * A fleet protected by a daily timer, on the fake ECS and the virtual clock. `copyDurationMs: 0`: copies finish at
 * once, so the next run sees them accomplished.
 */
const AT_ONCE = { copyDurationMs: 0 };

const seedFleet = (harness: FakeHarness) => seedFleetAt(harness.ecs, harness.clock.now());

describe('a fleet, selected by instance, copied to two regions', () => {
  let harness: FakeHarness;

  beforeEach(() => {
    harness = startFakeHarness({ env: { RETENTION_DAYS: '30', SNAPSHOT_TAGS: '{"purpose":"dr"}', RPO_HOURS: '24' }, ecs: AT_ONCE });
  });

  afterEach(() => {
    expectNoSecretLeaked(harness);
  });

  it('copies the newest accomplished snapshot of every disk to every destination, with tags and RetentionDays', () =>
    scenario.copiesTheNewestToEveryDestination(harness, harness.clock.now()));

  it('makes no second copy on the next run, and reports every disk within RPO', () =>
    scenario.makesNoSecondCopyAndReportsWithinRpo(harness, harness.clock.now()));

  it('makes each copy once when FC delivers the same timer event several times at once', () =>
    scenario.copiesOnceForATimerEventDeliveredSeveralTimes(harness, harness.clock.now()));

  it('makes each copy once when a scheduled run and an HTTP request race', async () => {
    const { disks } = seedFleet(harness);

    await Promise.all([
      harness.invoke(timerEvent(FLEET)),
      harness.handler(httpEvent(FLEET)),
      harness.invoke(timerEvent(FLEET, '2026-11-28T02:00:00Z')),
    ]);

    expect(copyCount(harness.ecs)).toBe(6);
    for (const disk of disks) expect(copiesOf(harness.ecs, newest(disk))).toHaveLength(1);
  });

  it('copies again a copy that failed, and names the failure until then', () =>
    scenario.copiesAgainACopyThatFailed(harness, harness.clock.now()));

  it('answers a dry run with the plan and copies nothing', () => scenario.answersADryRunWithThePlan(harness, harness.clock.now()));

  it("reads a copy's status and progress over GET /copies/<SnapshotId>", () =>
    scenario.readsACopysStatusOverGet(harness, harness.clock.now()));

  it("reads a running copy's progress as ECS reports it, and its end", async () => {
    const slow = startFakeHarness({ ecs: { copyDurationMs: 40 * 60_000 } });
    const { disks } = seedFleetAt(slow.ecs, slow.clock.now());
    await slow.invoke(timerEvent({ DiskIds: [disks[0]?.DiskId] }));
    const copy = copiesOf(slow.ecs, newest(disks[0]))[0];

    await slow.clock.advance(10 * 60_000);
    const running = asHttp(await slow.handler(statusEvent(copy?.SnapshotId ?? '', 'us-east-1')));
    await slow.clock.advance(30 * 60_000);
    const done = asHttp(await slow.handler(statusEvent(copy?.SnapshotId ?? '', 'us-east-1')));

    expect(running.body).toMatchObject({ SnapshotId: copy?.SnapshotId, Status: 'progressing', Progress: '25%' });
    expect(done.body).toMatchObject({ SnapshotId: copy?.SnapshotId, Status: 'accomplished', Progress: '100%' });
  });
});

describe('selection', () => {
  let harness: FakeHarness;

  beforeEach(() => {
    harness = startFakeHarness({ ecs: AT_ONCE });
  });

  /** A dry run's plan: what a selection picks, without copying (and without failing on RPO). */
  const planned = async (selection: Record<string, unknown>) =>
    report(await harness.invoke(timerEvent({ ...selection, DryRun: true })))
      .Copies.filter((copy) => copy.Outcome === 'planned')
      .map((copy) => copy.SourceSnapshotId)
      .sort();

  it('adds DiskIds to InstanceIds, narrows them by SourceTag, and keeps exact picks as named', async () => {
    const { disks } = seedFleet(harness);
    const [first, second, third] = disks;
    if (!first || !second || !third) throw new Error('no disks');
    const untagged = harness.ecs.addSnapshot({
      RegionId: 'cn-hangzhou',
      DiskId: 'd-bp1fleet0disk000009',
      InstanceId: 'i-bp1fleet0instance01',
      SnapshotType: 'auto',
    });

    expect(await planned({ DiskIds: [third.DiskId], InstanceIds: ['i-bp1fleet0instance01'] })).toEqual(
      [newest(first), newest(second), newest(third), untagged.SnapshotId].sort(),
    );
    expect(
      await planned({ DiskIds: [third.DiskId], InstanceIds: ['i-bp1fleet0instance01'], SourceTag: [{ Key: 'env', Value: 'prod' }] }),
    ).toEqual([newest(first), newest(second), newest(third)].sort());
    expect(await planned({ SourceTag: [{ Key: 'env', Value: 'prod' }] })).toEqual([newest(first), newest(second), newest(third)].sort());
    expect(await planned({ SnapshotIds: [first.snapshots[0]], DiskIds: [third.DiskId] })).toEqual(
      [first.snapshots[0], newest(third)].sort(),
    );
  });

  it('selects by DiskIds with one listing of the region when there are many disks', async () => {
    const { disks } = seedFleet(harness);
    const many = [...disks.map((disk) => disk.DiskId), ...Array.from({ length: 30 }, (_, i) => `d-bp1absent${String(i).padStart(8, '0')}`)];

    const picked = await planned({ DiskIds: many, AllowEmpty: true });

    expect(picked).toEqual(disks.map(newest).sort());
    expect(harness.ecs.calls.filter((call) => call.RegionId === 'cn-hangzhou').map((call) => call.params.DiskId)).toEqual([undefined]);
  });

  it('copies every snapshot of a disk with Select "all", one at a time, oldest first', async () => {
    const { disks } = seedFleet(harness);
    const [, , third] = disks;
    if (!third) throw new Error('no disk');

    await harness.invoke(timerEvent({ DiskIds: [third.DiskId], Select: 'all' }));

    // ECS copies one snapshot of a disk to a region at a time (InvalidOperation.DiskHasUnfinishedSnapshotCopy).
    expect(third.snapshots.map((id) => copiesOf(harness.ecs, id).length)).toEqual([1, 0, 0]);
    expect(
      parsedLogs(harness.logs).filter(
        (line) => line.message === 'copy-not-ready' && line.Code === 'InvalidOperation.DiskHasUnfinishedSnapshotCopy',
      ),
    ).toHaveLength(2);
    await harness.invoke(timerEvent({ DiskIds: [third.DiskId], Select: 'all' }));
    await harness.invoke(timerEvent({ DiskIds: [third.DiskId], Select: 'all' }));
    expect(third.snapshots.map((id) => copiesOf(harness.ecs, id).length)).toEqual([1, 1, 1]);
  });

  it('honours MaxAgeHours and SnapshotType', async () => {
    const { disks } = seedFleet(harness);
    const [first] = disks;
    if (!first) throw new Error('no disk');

    const plan = report(
      await harness.invoke(timerEvent({ DiskIds: [first.DiskId], Select: 'all', SnapshotType: 'auto', MaxAgeHours: 30, DryRun: true })),
    );

    // The 50-hour-old snapshot is too old and the user snapshot of the wrong type; of the two left, one copy of the
    // disk at a time: the older is planned, the newer waits for it.
    expect(plan.Copies).toHaveLength(2);
    expect(plan.Copies.map((copy) => [copy.SourceSnapshotId, copy.Outcome])).toEqual(
      expect.arrayContaining([
        [first.snapshots[1], 'planned'],
        [first.snapshots[2], 'not-ready'],
      ]),
    );
  });

  it('refuses a request that selects nothing rather than copying a whole region', async () => {
    seedFleet(harness);

    const response = asHttp(await harness.handler(httpEvent({ DestinationRegionId: 'us-east-1' })));

    expect(response.statusCode).toBe(400);
    expect(String(response.body.Message)).toContain('the function never copies a whole region');
    expect(harness.ecs.calls).toHaveLength(0);
  });

  it('uses SELECTION for a timer without a payload', () => {
    const selecting = startFakeHarness({ env: { SELECTION: '{"InstanceIds":["i-bp1fleet0instance02"]}' }, ecs: AT_ONCE });
    return scenario.usesSelectionForAnEmptyTimer(selecting, selecting.clock.now());
  });

  it('maps KMS keys to destinations', async () => {
    const { disks } = seedFleet(harness);
    const [, , third] = disks;
    if (!third) throw new Error('no disk');

    await harness.invoke(
      timerEvent({
        DiskIds: [third.DiskId],
        DestinationRegionId: DESTINATIONS,
        Encrypted: true,
        KMSKeyId: { 'us-east-1': 'key-us', 'eu-central-1': 'key-eu' },
      }),
    );

    expect(copiesOf(harness.ecs, newest(third), 'us-east-1')[0]).toMatchObject({ Encrypted: true, KMSKeyId: 'key-us' });
    expect(copiesOf(harness.ecs, newest(third), 'eu-central-1')[0]).toMatchObject({ Encrypted: true, KMSKeyId: 'key-eu' });
  });
});

describe('pace', () => {
  const fleetHarness = (options: FakeHarnessOptions): { harness: FakeHarness; disks: FleetDisk[] } => {
    const harness = startFakeHarness(options);
    return { harness, disks: seedFleet(harness).disks };
  };

  it('caps the copies in flight per destination and leaves the rest for the next run', () => {
    const harness = startFakeHarness({ env: { MAX_COPIES_IN_FLIGHT: '2' } });
    return scenario.capsTheCopiesInFlight(harness, harness.clock.now());
  });

  it('stops starting copies as the timeout nears, reports them left, and the next run copies them', async () => {
    // One call a second of each API in each region: the listings (two in the source region; four in each destination,
    // the two destinations side by side, for the copies made earlier and those other tools made) take 4 s, and the
    // first copies fit in the 8 s timeout after them, the rest do not.
    const { harness } = fleetHarness({ env: { API_CALLS_PER_MINUTE: '60' }, ecs: AT_ONCE });
    const startedAt = harness.clock.now();

    const first = await harness.invoke(timerEvent(FLEET), invocationContext({ timeoutSeconds: 8 }));
    const elapsedMs = harness.clock.now() - startedAt;
    const summary = logsNamed(harness.logs, 'run-summary')[0];
    await harness.invoke(timerEvent(FLEET), invocationContext({ timeoutSeconds: 60 }));

    expect(first.ok).toBe(false);
    expect(elapsedMs).toBeLessThan(8_000);
    expect(summary?.Copied).toBeGreaterThan(0);
    expect(summary?.Left).toBeGreaterThan(0);
    expect(Number(summary?.Copied) + Number(summary?.Left)).toBe(6);
    expect(logsNamed(harness.logs, 'copy-left')[0]).toMatchObject({ Code: 'DeadlineExceeded' });
    expect(copyCount(harness.ecs)).toBe(6);
  });

  it("finds the account's rate limit by being throttled, and copies everything without a failure", async () => {
    // ECS lets 300 calls a minute through; the function starts at 1000 and must slow down.
    const { harness } = fleetHarness({ ecs: { ...AT_ONCE, rateLimitPerMinute: 300 } });

    await harness.invoke(timerEvent(FLEET));

    expect(copyCount(harness.ecs)).toBe(6);
    expect(harness.ecs.calls.some((call) => call.Code === 'Throttling.User')).toBe(true);
    expect(logsNamed(harness.logs, 'run-summary')[0]).toMatchObject({ Copied: 6, Failed: 0 });
  });

  it('slows down under throttling instead of failing copies', () => {
    const harness = startFakeHarness({ ecs: AT_ONCE });
    return scenario.slowsDownUnderThrottling(harness, harness.clock.now());
  });
});
