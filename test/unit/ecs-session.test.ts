import type { Deadline } from '../../lib/calls/deadline';
import { EcsSession } from '../../lib/calls/ecs-session';
import { DEFAULT_RETRY_POLICY, type RetryEvent } from '../../lib/calls/retry';
import { fakePort, seedOf } from './support/fake-port';
import { NOW, SOURCE, snapshot } from './support/orders';

const CREDENTIALS = { accessKeyId: 'LTAI5tUnitTestKeyId01', accessKeySecret: 'unit-test-secret' };

function setUp(options: { callsPerMinute?: number; deadlineMs?: number } = {}) {
  const { ecs: port, clock } = fakePort();
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

const describeOne = (ecs: EcsSession) => ecs.describeSnapshots({ RegionId: SOURCE, MaxResults: 1 });

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
