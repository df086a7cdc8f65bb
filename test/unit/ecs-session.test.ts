import type { Deadline } from '../../lib/calls/deadline';
import { EcsSession } from '../../lib/calls/ecs-session';
import { DEFAULT_RETRY_POLICY, type RetryEvent } from '../../lib/calls/retry';
import { fakePort, seedOf } from './support/fake-port';
import { DESTINATION, NOW, SOURCE, snapshot } from './support/orders';

const CREDENTIALS = { accessKeyId: 'LTAI5tUnitTestKeyId01', accessKeySecret: 'unit-test-secret' };

function setUp(options: { callsPerMinute?: number; deadlineMs?: number; rateLimitPerMinute?: number } = {}) {
  const { ecs: port, clock } = fakePort(options.rateLimitPerMinute !== undefined ? { rateLimitPerMinute: options.rateLimitPerMinute } : {});
  const endsAt = clock.now() + (options.deadlineMs ?? 60_000);
  const deadline: Deadline = { remainingMs: () => Math.max(0, endsAt - clock.now()) };
  const retries: Array<RetryEvent & { Action: string }> = [];
  const ecs = new EcsSession({
    ecs: port,
    credentials: CREDENTIALS,
    deadline,
    retryPolicy: DEFAULT_RETRY_POLICY,
    callsPerMinute: options.callsPerMinute ?? 60,
    tools: { random: () => 0.5, sleep: clock.sleep, now: clock.now },
    onRetry: (event) => retries.push(event),
  });
  return { clock, port, ecs, retries };
}

const describeOne = (ecs: EcsSession, RegionId = SOURCE) => ecs.describeSnapshots({ RegionId, MaxResults: 1 });

/** When each call of `Action` in `RegionId` reached ECS, from NOW, with its answer (a status, or the error's Code). */
function callsOf(port: ReturnType<typeof fakePort>['ecs'], Action: string, RegionId: string): Array<[number, number | string]> {
  return port.calls
    .filter((call) => call.Action === Action && call.RegionId === RegionId)
    .map((call) => [call.at - NOW, call.Code ?? call.status]);
}

/** A CopySnapshot of a snapshot seeded in `RegionId`, each with a ClientToken of its own. */
function copyFrom(port: ReturnType<typeof fakePort>['ecs'], RegionId: string, name: string) {
  const source = port.addSnapshot(seedOf(snapshot(name, name, { RegionId, CreationTime: NOW - 60_000 })));
  return {
    RegionId,
    SnapshotId: source.SnapshotId,
    DestinationRegionId: RegionId === DESTINATION ? SOURCE : DESTINATION,
    DestinationSnapshotName: `dr-${name}`,
    DestinationSnapshotDescription: 'a DR copy',
    Tag: [],
    ClientToken: `token-${name}`,
  };
}

describe('EcsSession', () => {
  it("spaces calls at the pace after a second's worth, and counts them", async () => {
    const { clock, ecs } = setUp({ callsPerMinute: 120 });

    for (let call = 0; call < 5; call++) await describeOne(ecs);

    // 120 a minute: two at once, then one every 500 ms.
    expect(clock.now() - NOW).toBe(1_500);
    expect(ecs.apiCalls).toBe(5);
  });

  it('retries a throttled call, names the action to whoever logs it, and counts every attempt', async () => {
    const { port, ecs, retries } = setUp();
    port.injectFault({ Action: 'DescribeSnapshots', fault: { kind: 'throttle' }, times: 2 });

    const { attempts } = await describeOne(ecs);

    expect(attempts).toBe(3);
    expect(ecs.apiCalls).toBe(3);
    expect(retries.map((retry) => [retry.Action, retry.failure.Code, retry.attempt])).toEqual([
      ['DescribeSnapshots', 'Throttling.User', 1],
      ['DescribeSnapshots', 'Throttling.User', 2],
    ]);
  });

  it('cuts each attempt to the time left before the deadline', async () => {
    const { port, ecs } = setUp({ deadlineMs: 4_000 });

    await describeOne(ecs);

    expect(port.calls.map((call) => call.transport.timeoutMs)).toEqual([4_000]);
  });

  it('fails at once with DeadlineExceeded, calling nothing, when its turn would come after the deadline', async () => {
    // Two calls a minute: the second call's turn is 30 s away, the deadline 20 s.
    const { clock, port, ecs } = setUp({ callsPerMinute: 2, deadlineMs: 20_000 });
    await describeOne(ecs);

    const late = describeOne(ecs);

    await expect(late).rejects.toMatchObject({ Code: 'DeadlineExceeded', attempts: 0 });
    expect(port.calls).toHaveLength(1);
    expect(clock.now()).toBe(NOW);
  });

  it('waits for a turn that comes in time', async () => {
    const { clock, port, ecs } = setUp({ callsPerMinute: 2, deadlineMs: 40_000 });
    await describeOne(ecs);

    await describeOne(ecs);

    expect(port.calls.map((call) => call.at - NOW)).toEqual([0, 30_000]);
    expect(clock.now()).toBe(NOW + 30_000);
  });

  describe('paces each API in each region apart', () => {
    it('gives two regions a pace each: their listings run side by side, each within its own rate limit', async () => {
      // ECS (the local cloud) lets one call a second of each API in each region through, and so does the session.
      const { clock, port, ecs } = setUp({ callsPerMinute: 60, rateLimitPerMinute: 60 });

      await Promise.all([SOURCE, DESTINATION].flatMap((RegionId) => [1, 2, 3].map(() => describeOne(ecs, RegionId))));

      // One pacer for every call would have spaced the six a second apart, to 5 s.
      expect(callsOf(port, 'DescribeSnapshots', SOURCE)).toEqual([
        [0, 200],
        [1_000, 200],
        [2_000, 200],
      ]);
      expect(callsOf(port, 'DescribeSnapshots', DESTINATION)).toEqual(callsOf(port, 'DescribeSnapshots', SOURCE));
      expect(clock.now() - NOW).toBe(2_000);
    });

    it('does not slow DescribeSnapshots when CopySnapshot is throttled', async () => {
      const { port, ecs } = setUp({ callsPerMinute: 60, rateLimitPerMinute: 60 });
      // Another tool of the account has used this second's CopySnapshot in the source region.
      await port.copySnapshot(copyFrom(port, SOURCE, 'othertool'), { credentials: CREDENTIALS, timeoutMs: 1_000 });
      port.calls.length = 0;

      await Promise.all([ecs.copySnapshot(copyFrom(port, SOURCE, 'ours')), describeOne(ecs), describeOne(ecs), describeOne(ecs)]);

      // The copy is throttled and retried once ECS has a token for it (backoff 500 ms, then its turn at 1 s)...
      expect(callsOf(port, 'CopySnapshot', SOURCE)).toEqual([
        [0, 'Throttling.User'],
        [1_000, 200],
      ]);
      // ...and the listings in the same region keep their pace, one a second, never throttled.
      expect(callsOf(port, 'DescribeSnapshots', SOURCE)).toEqual([
        [0, 200],
        [1_000, 200],
        [2_000, 200],
      ]);
    });

    it('halves the pace of the throttled action in its region, and of nothing else', async () => {
      const { clock, port, ecs } = setUp({ callsPerMinute: 60 });
      const copies = [1, 2, 3].map((n) => copyFrom(port, SOURCE, `fromsource${n}`));
      const otherRegion = [1, 2, 3].map((n) => copyFrom(port, DESTINATION, `fromdest${n}`));
      // One throttled CopySnapshot in the source region: its retry succeeds after 500 ms.
      port.injectFault({ Action: 'CopySnapshot', fault: { kind: 'throttle' }, times: 1 });
      const [first, ...rest] = copies;
      if (first === undefined) throw new Error('no copy');
      await ecs.copySnapshot(first);
      const throttledAt = clock.now() - NOW;

      await Promise.all([
        ...rest.map((copy) => ecs.copySnapshot(copy)),
        ...otherRegion.map((copy) => ecs.copySnapshot(copy)),
        describeOne(ecs),
        describeOne(ecs),
      ]);

      expect(throttledAt).toBe(1_000);
      // Halved to 30 a minute, then won back by a fiftieth of 60 with each success: 2 s apart, then 60 s / 31.2.
      expect(callsOf(port, 'CopySnapshot', SOURCE).map(([at]) => Math.round(at))).toEqual([0, 1_000, 3_000, 4_923]);
      // The same action in another region, and another action in the same region, at the full pace: 1 s apart.
      expect(callsOf(port, 'CopySnapshot', DESTINATION).map(([at]) => at)).toEqual([1_000, 2_000, 3_000]);
      expect(callsOf(port, 'DescribeSnapshots', SOURCE).map(([at]) => at)).toEqual([1_000, 2_000]);
    });

    it("says how long a call would wait for its turn: of its action and region, or the longest of the session's", async () => {
      const { ecs } = setUp({ callsPerMinute: 60 });
      const copySource = { Action: 'CopySnapshot', RegionId: SOURCE };

      await describeOne(ecs);

      expect(ecs.waitMs({ Action: 'DescribeSnapshots', RegionId: SOURCE })).toBe(1_000);
      expect(ecs.waitMs({ Action: 'DescribeSnapshots', RegionId: DESTINATION })).toBe(0);
      expect(ecs.waitMs(copySource)).toBe(0);
      expect(ecs.waitMs()).toBe(1_000);
    });
  });

  it('reads every page of a listing, 100 snapshots a call', async () => {
    const { port, ecs } = setUp({ callsPerMinute: 1000 });
    for (let n = 0; n < 250; n++) port.addSnapshot(seedOf(snapshot(`page${n}`, `page${n}`, { CreationTime: NOW - n * 1000 })));

    const pages: number[] = [];
    for await (const page of ecs.snapshotPages({ RegionId: SOURCE })) pages.push(page.Snapshots.length);

    expect(pages).toEqual([100, 100, 50]);
    expect(port.calls.map((call) => [call.params.MaxResults, call.params.NextToken !== undefined])).toEqual([
      ['100', false],
      ['100', true],
      ['100', true],
    ]);
  });
});
