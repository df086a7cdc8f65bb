import { backoffDelayMs, callWithRetries, DEFAULT_RETRY_POLICY, deadlineExceeded, type RetryEvent } from '../../lib/calls/retry';
import { CopyFailure } from '../../lib/failures/errors';

const transient = () => new CopyFailure({ Code: 'ServiceUnavailable', Message: 'busy', errorClass: 'transient' });
const throttled = () => new CopyFailure({ Code: 'Throttling.User', Message: 'slow down', errorClass: 'throttled' });
const final = () => new CopyFailure({ Code: 'Forbidden.RAM', Message: 'no', errorClass: 'forbidden' });

/** An attempt that throws a new `failure()` every time, and how many attempts were made. */
function alwaysFailing(failure: () => unknown) {
  let calls = 0;
  return {
    attempt: async (): Promise<never> => {
      calls++;
      throw failure();
    },
    calls: () => calls,
  };
}

/** An attempt that answers each call with the next of `answers`, a CopyFailure thrown. */
function answering(...answers: Array<string | CopyFailure>) {
  return async () => {
    const next = answers.shift();
    if (next instanceof CopyFailure) throw next;
    return next;
  };
}

function clock(start = 0) {
  let time = start;
  return {
    now: () => time,
    sleep: async (ms: number) => {
      time += ms;
    },
  };
}

describe('backoffDelayMs', () => {
  it('draws from zero to the capped exponential bound (full jitter)', () => {
    expect(backoffDelayMs(0, 200, 20_000, () => 1)).toBe(200);
    expect(backoffDelayMs(3, 200, 20_000, () => 1)).toBe(1600);
    expect(backoffDelayMs(10, 200, 20_000, () => 1)).toBe(20_000);
    expect(backoffDelayMs(3, 200, 20_000, () => 0.5)).toBe(800);
    expect(backoffDelayMs(3, 200, 20_000, () => 0)).toBe(0);
  });
});

describe('callWithRetries', () => {
  it('retries transient failures and returns the first success with the attempt count', async () => {
    const time = clock();
    const events: RetryEvent[] = [];

    const result = await callWithRetries(
      answering(transient(), transient(), 'copied'),
      DEFAULT_RETRY_POLICY,
      { remainingMs: () => 60_000 - time.now() },
      { random: () => 1, sleep: time.sleep },
      (event) => events.push(event),
    );

    expect(result).toEqual({ value: 'copied', attempts: 3 });
    expect(events.map((event) => event.delayMs)).toEqual([200, 400]);
  });

  it('backs off longer after throttling', async () => {
    const time = clock();
    const events: RetryEvent[] = [];

    await callWithRetries(
      answering(throttled(), 'copied'),
      DEFAULT_RETRY_POLICY,
      { remainingMs: () => 60_000 },
      { random: () => 1, sleep: time.sleep },
      (event) => events.push(event),
    );

    expect(events[0]?.delayMs).toBe(DEFAULT_RETRY_POLICY.throttledBaseDelayMs);
  });

  it('does not retry a failure whose class says never, and counts the attempt', async () => {
    const { attempt, calls } = alwaysFailing(final);

    const promise = callWithRetries(
      attempt,
      DEFAULT_RETRY_POLICY,
      { remainingMs: () => 60_000 },
      { random: () => 1, sleep: async () => undefined },
    );

    await expect(promise).rejects.toMatchObject({ Code: 'Forbidden.RAM', attempts: 1 });
    expect(calls()).toBe(1);
  });

  it('gives up after maxAttempts with the last failure', async () => {
    const { attempt, calls } = alwaysFailing(transient);

    const promise = callWithRetries(
      attempt,
      { ...DEFAULT_RETRY_POLICY, maxAttempts: 3 },
      { remainingMs: () => 60_000 },
      { random: () => 0, sleep: async () => undefined },
    );

    await expect(promise).rejects.toMatchObject({ Code: 'ServiceUnavailable', attempts: 3 });
    expect(calls()).toBe(3);
  });

  it("stops before the deadline instead of sleeping past it, and cuts each attempt's timeout to the time left", async () => {
    const time = clock();
    const timeouts: number[] = [];
    const deadline = { remainingMs: () => Math.max(0, 3_000 - time.now()) };

    const promise = callWithRetries(
      async (timeoutMs) => {
        timeouts.push(timeoutMs);
        await time.sleep(timeoutMs);
        throw transient();
      },
      DEFAULT_RETRY_POLICY,
      deadline,
      { random: () => 1, sleep: time.sleep },
    );

    await expect(promise).rejects.toMatchObject({ Code: 'ServiceUnavailable', attempts: 1 });
    expect(timeouts).toEqual([3_000]);
    expect(time.now()).toBeLessThanOrEqual(3_000);
  });

  it('ends at once when an attempt finds no time left to call, with the failure before it and the calls made', async () => {
    const time = clock();
    let attempts = 0;

    const promise = callWithRetries(
      async () => {
        attempts++;
        throw attempts === 1 ? throttled() : deadlineExceeded();
      },
      DEFAULT_RETRY_POLICY,
      { remainingMs: () => 60_000 },
      { random: () => 0, sleep: time.sleep },
    );

    await expect(promise).rejects.toMatchObject({ Code: 'Throttling.User', attempts: 1 });
    expect(attempts).toBe(2);
  });

  it('reports DeadlineExceeded with no attempt counted when the first attempt finds no time left to call', async () => {
    const promise = callWithRetries(
      async () => {
        throw deadlineExceeded();
      },
      DEFAULT_RETRY_POLICY,
      { remainingMs: () => 60_000 },
      { random: () => 0, sleep: async () => undefined },
    );

    await expect(promise).rejects.toMatchObject({ Code: 'DeadlineExceeded', attempts: 0 });
  });

  it('does not start an attempt with no time left', async () => {
    const promise = callWithRetries(
      async () => 'never',
      DEFAULT_RETRY_POLICY,
      { remainingMs: () => 10 },
      { random: () => 0, sleep: async () => undefined },
    );

    await expect(promise).rejects.toMatchObject({ Code: 'DeadlineExceeded', errorClass: 'transient' });
  });

  it('reports an unexpected exception as an InternalFailure, not retried, its message not shown but kept as the cause', async () => {
    const defect = new TypeError('secret-ish internal detail');
    const { attempt, calls } = alwaysFailing(() => defect);
    const promise = callWithRetries(
      attempt,
      DEFAULT_RETRY_POLICY,
      { remainingMs: () => 60_000 },
      { random: () => 0, sleep: async () => undefined },
    );

    await expect(promise).rejects.toMatchObject({ Code: 'InternalFailure', errorClass: 'internal', cause: defect });
    await expect(promise).rejects.not.toMatchObject({ message: expect.stringContaining('secret-ish') });
    expect(calls()).toBe(1);
  });
});
