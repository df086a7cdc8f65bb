import { DEFAULT_RETRY_POLICY } from '../../lib/calls/retry';
import { invocationContext } from '../support/context';
import { asHttp, httpEvent } from '../support/events';
import { closeAfterEach, type Harness, startHarness } from '../support/harness';
import { expectNoSecretLeaked, outcomeLog } from '../support/output';
import { retriesWithTheSameClientToken, WIRE_FAULTS } from '../support/retry-scenarios';

/**
 * What the real pop-core client makes of ECS and the network failing, end to end against the local ECS endpoint.
 * Every error class, retry path and timeout is in test/unit/faults.test.ts, on the fake ECS and a virtual clock.
 */
const MAX_ATTEMPTS = 8; // DEFAULT_RETRY_POLICY.maxAttempts, which the harness keeps

/** The harness of the test running, when its describe asked for a fresh one for each test. */
let harness: Harness;

/** A fresh harness for each test of the enclosing describe, checked for leaked secrets and closed after it. */
function freshHarnessForEachTest(): void {
  beforeEach(async () => {
    harness = await startHarness();
  });

  closeAfterEach(() => harness);
}

describe('a failure named by its ECS code, end to end', () => {
  freshHarnessForEachTest();

  it('classifies a code it does not know by its HTTP status, retries it, and keeps the Code and ECS RequestId', async () => {
    harness.ecs.injectFault({ Action: 'CopySnapshot', fault: { kind: 'error', Code: 'Brand.NewOutage', status: 500 }, times: 100 });

    const response = asHttp(await harness.handler(httpEvent({ SnapshotId: harness.source() })));

    expect(response.statusCode).toBe(502);
    expect(response.body).toMatchObject({
      Code: 'Brand.NewOutage',
      Class: 'transient',
      RequestId: expect.stringMatching(/^[0-9A-F-]{36}$/),
    });
    expect(harness.ecs.calls.filter((call) => call.Action === 'CopySnapshot')).toHaveLength(MAX_ATTEMPTS);
    expect(outcomeLog(harness.logs)).toMatchObject({
      level: 'error',
      message: 'copy-failed',
      Code: 'Brand.NewOutage',
      Class: 'transient',
      Attempts: MAX_ATTEMPTS,
      RequestId: response.body.RequestId,
      Advice: expect.any(String),
    });
  });
});

describe('a failure of the function itself', () => {
  it('is answered and logged as InternalFailure without its message, and the instance keeps working', async () => {
    let broken = true;
    const harness = await startHarness({
      handler: {
        createEcs: () => ({
          describeSnapshots: async (query) => {
            if (broken) throw new TypeError('Cannot read properties of undefined (internal detail)');
            const snapshot = {
              SnapshotId: 's-bp1fakesource000001',
              RegionId: query.RegionId,
              SourceDiskId: 'd-bp1fakedisk00000001',
              Status: 'accomplished' as const,
              Progress: '100%',
              CreationTime: Date.now(),
              SnapshotType: 'auto',
              Category: 'standard',
              Encrypted: false,
              Tags: [],
            };
            return { RequestId: 'R-0', NextToken: undefined, Snapshots: query.SnapshotIds ? [snapshot] : [] };
          },
          copySnapshot: async () => ({ SnapshotId: 's-bp1fakecopy00000001', RequestId: 'R-1' }),
        }),
      },
    });
    try {
      const failed = asHttp(await harness.handler(httpEvent({ SnapshotId: 's-bp1fakesource000001' })));
      broken = false;
      const next = asHttp(await harness.handler(httpEvent({ SnapshotId: 's-bp1fakesource000001' })));

      expect(failed.statusCode).toBe(500);
      expect(failed.body).toMatchObject({ Code: 'InternalFailure', Class: 'internal' });
      expect(harness.logs.join('\n')).not.toContain('internal detail');
      expect(next.statusCode).toBe(202);
    } finally {
      await harness.close();
    }
  });
});

describe('every way the network fails makes exactly one copy, end to end', () => {
  freshHarnessForEachTest();

  it.each(WIRE_FAULTS)('retries after %s with the same ClientToken', (_, fault, Code) =>
    retriesWithTheSameClientToken(harness, fault, Code),
  );
});

describe('the function timeout, end to end', () => {
  it('answers a slow ECS with EcsTimeout before FC would kill the invocation', async () => {
    // Attempts of at most 1 s in a 2 s timeout (1.8 s once the time to answer is kept back): the second attempt's
    // read timeout is cut to what is left, and nothing is tried past it.
    const slow = await startHarness({ handler: { retryPolicy: { ...DEFAULT_RETRY_POLICY, attemptTimeoutMs: 1_000 } } });
    try {
      slow.ecs.injectFault({ Action: 'CopySnapshot', fault: { kind: 'delay', ms: 20_000 }, times: 100 });

      const http = asHttp(await slow.handler(httpEvent({ SnapshotId: slow.source() }), invocationContext({ timeoutSeconds: 2 })));

      expect(http.statusCode).toBe(504);
      expect(http.body).toMatchObject({ Code: 'EcsTimeout', Class: 'transient' });
      expectNoSecretLeaked(slow);
    } finally {
      await slow.close();
    }
  });
});
