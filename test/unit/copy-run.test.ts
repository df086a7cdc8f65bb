import { invocationDeadline } from '../../lib/calls/deadline';
import { DEFAULT_RETRY_POLICY } from '../../lib/calls/retry';
import { runCopies } from '../../lib/copy/copy-run';
import { describeCopy } from '../../lib/copy-status/copy-status';
import type { FakeEcs } from '../support/fake-ecs';
import type { VirtualClock } from '../support/virtual-clock';
import { fakePort, seedOf } from './support/fake-port';
import { copyOf, DESTINATION, HOUR, NOW, orderFor, SOURCE, snapshot } from './support/orders';

const CREDENTIALS = { accessKeyId: 'LTAI5tUnitTestKeyId01', accessKeySecret: 'unit-test-secret' };
const FLEET_TAG = { Key: 'dr', Value: 'fleet' };
const SETTINGS = { apiCallsPerMinute: 60, maxCopiesInFlight: 500, rpoHours: 36 };

/** A fleet of one snapshot on each of `disks` disks, tagged for selection. */
function seedFleet(ecs: FakeEcs, disks: number): void {
  for (let n = 0; n < disks; n++)
    ecs.addSnapshot(seedOf(snapshot(`fleet${n}`, `fleet${n}`, { Tags: [FLEET_TAG], CreationTime: NOW - HOUR })));
}

function tools(clock: VirtualClock) {
  return { retryPolicy: DEFAULT_RETRY_POLICY, random: () => 0.5, sleep: clock.sleep, now: clock.now };
}

describe('a run that the function timeout cuts short', () => {
  it('ends and reports before FC would kill it when throttling slows a fleet down, leaving the copies it could not start', async () => {
    // 40 disks at 60 calls a minute with a 120 s timeout, on an account whose other workloads leave this function
    // two calls a minute: throttled, the pacer slows down to a call every 16 s, and most copies cannot be made in time.
    const { ecs, clock } = fakePort({ latencyMs: 100, rateLimitPerMinute: 2 });
    seedFleet(ecs, 40);
    const startedAt = clock.now();

    const report = await runCopies(
      orderFor({ SourceTag: [FLEET_TAG] }),
      SETTINGS,
      { ecs, ...tools(clock) },
      CREDENTIALS,
      invocationDeadline(120, startedAt, clock.now),
    );

    // The deadline: FC's 120 s less the 5 s the function keeps to log and answer.
    expect(clock.now() - startedAt).toBeLessThanOrEqual(115_000);
    expect(ecs.calls.every((call) => call.at - startedAt < 115_000)).toBe(true);
    const left = report.Copies.filter((copy) => copy.Outcome === 'left');
    expect(left.length).toBeGreaterThan(0);
    expect(left.every((copy) => copy.Code === 'DeadlineExceeded')).toBe(true);
    const asked = new Set(ecs.calls.filter((call) => call.Action === 'CopySnapshot').map((call) => call.params.SnapshotId));
    expect(left.filter((copy) => asked.has(copy.SourceSnapshotId))).toEqual([]);
    expect(report.Copies).toHaveLength(40);
    expect(report.Summary.Copied).toBeGreaterThan(0);
    expect(report.Summary.Copied + report.Summary.Left + report.Summary.Failed).toBe(40);
    // A copy whose retries the deadline cut short is reported with what ECS last answered, not as a timeout.
    const failed = report.Copies.filter((copy) => copy.Outcome === 'failed');
    expect(failed.every((copy) => copy.Code === 'Throttling.User' && (copy.Attempts ?? 0) > 0)).toBe(true);
    expect(report.Summary).toMatchObject({ Left: left.length, ProtectedDisks: 40, ApiCalls: ecs.calls.length });
    expect(report.Rpo).toHaveLength(40);
    expect(report.Rpo.every((status) => status.DestinationRegionId === DESTINATION && !status.WithinRpo)).toBe(true);
  });

  it('makes every copy when the timeout leaves time for them', async () => {
    const { ecs, clock } = fakePort({ latencyMs: 100, rateLimitPerMinute: 20 });
    seedFleet(ecs, 40);

    const report = await runCopies(
      orderFor({ SourceTag: [FLEET_TAG] }),
      SETTINGS,
      { ecs, ...tools(clock) },
      CREDENTIALS,
      invocationDeadline(900, clock.now(), clock.now),
    );

    expect(report.Summary).toMatchObject({ Copied: 40, Left: 0, Failed: 0 });
    expect(ecs.snapshots(DESTINATION)).toHaveLength(40);
  });
});

describe('a run, step by step', () => {
  it("refuses an HTTP caller's selection of more copies than CALLER_MAX_COPIES once the sources are known, before any destination is listed", async () => {
    const { ecs, clock } = fakePort();
    seedFleet(ecs, 3);
    const callerPolicy = {
      SourceRegions: undefined,
      DestinationRegions: undefined,
      FixedFields: [],
      MaxCopies: 2,
      MaxDrillDisks: 1,
      MaxDrillDiskGiB: 512,
      DrillDiskCategories: [],
    };

    const run = runCopies(
      orderFor({ SourceTag: [FLEET_TAG] }),
      { ...SETTINGS, callerPolicy },
      { ecs, ...tools(clock) },
      CREDENTIALS,
      invocationDeadline(60, clock.now(), clock.now),
    );

    await expect(run).rejects.toMatchObject({ Code: 'Forbidden.CallerPolicy', errorClass: 'forbidden' });
    expect(ecs.calls.map((call) => [call.Action, call.params.RegionId])).toEqual([['DescribeSnapshots', SOURCE]]);
  });
});

describe("a copy's status", () => {
  it('is read through the same resilient ECS as a run: a throttled read is retried', async () => {
    const { ecs, clock } = fakePort();
    const source = snapshot('a1', 'a');
    const copy = ecs.addSnapshot(seedOf(copyOf(source, 'c1')));
    ecs.injectFault({ Action: 'DescribeSnapshots', fault: { kind: 'throttle' } });

    const status = await describeCopy(
      copy.SnapshotId,
      DESTINATION,
      { ecs, ...tools(clock) },
      CREDENTIALS,
      invocationDeadline(10, clock.now(), clock.now),
    );

    expect(status).toMatchObject({
      SnapshotId: copy.SnapshotId,
      Status: 'accomplished',
      SourceSnapshotId: source.SnapshotId,
      SourceRegionId: SOURCE,
    });
    expect(ecs.calls).toHaveLength(2);
  });
});
