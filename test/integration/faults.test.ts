import type { Fault } from '../../ecs-local';
import {
  asHttp,
  copiesOf,
  expectNoSecretLeaked,
  fcContext,
  type Harness,
  httpEvent,
  outcomeLog,
  parsedLogs,
  startHarness,
  timerEvent,
} from '../support/harness';

const MAX_ATTEMPTS = 8; // DEFAULT_RETRY_POLICY.maxAttempts, which the harness keeps

/** The harness of the test running, when its describe asked for a fresh one for each test. */
let harness: Harness;

/** A fresh harness for each test of the enclosing describe, checked for leaked secrets and closed after it. */
function freshHarnessForEachTest(): void {
  beforeEach(async () => {
    harness = await startHarness();
  });

  afterEach(async () => {
    expectNoSecretLeaked(harness);
    await harness.close();
  });
}

describe('every error class, as ECS answers it', () => {
  freshHarnessForEachTest();

  it.each([
    ['invalid-request', { kind: 'error', Code: 'Duplicate.TagKey', status: 400 }, 400, 1],
    ['forbidden', { kind: 'error', Code: 'InvalidUser.NotInWhiteList', status: 403 }, 403, 1],
    ['forbidden', { kind: 'error', Code: 'Forbidden.RAM', status: 403 }, 403, 1],
    ['account', { kind: 'error', Code: 'InvalidAccountStatus.NotEnoughBalance', status: 403 }, 403, 1],
    ['account', { kind: 'error', Code: 'InvalidAccountStatus.SnapshotServiceUnavailable', status: 403 }, 403, 1],
    ['unknown', { kind: 'error', Code: 'Brand.NewProblem', status: 403 }, 502, 1],
    ['throttled', { kind: 'throttle' }, 429, MAX_ATTEMPTS],
    ['transient', { kind: 'error', Code: 'ServiceUnavailable', status: 503 }, 503, MAX_ATTEMPTS],
    ['transient', { kind: 'error', Code: 'InternalError', status: 500 }, 502, MAX_ATTEMPTS],
    ['transient', { kind: 'error', Code: 'Brand.NewOutage', status: 500 }, 502, MAX_ATTEMPTS],
  ] as Array<[string, Fault, number, number]>)(
    'reports %s for %j with HTTP %i after %i attempt(s), keeping the Code and ECS RequestId',
    async (errorClass, fault, status, attempts) => {
      harness.ecs.injectFault({ Action: 'CopySnapshot', fault, times: 100 });

      const response = asHttp(await harness.handler(httpEvent({ SnapshotId: harness.source() })));

      const Code = fault.kind === 'error' ? fault.Code : 'Throttling.User';
      expect(response.statusCode).toBe(status);
      expect(response.body).toMatchObject({ Code, Class: errorClass, RequestId: expect.stringMatching(/^[0-9A-F-]{36}$/) });
      expect(harness.ecs.calls.filter((call) => call.Action === 'CopySnapshot')).toHaveLength(attempts);
      expect(outcomeLog(harness.logs)).toMatchObject({
        level: 'error',
        message: 'copy-failed',
        Code,
        Class: errorClass,
        Attempts: attempts,
        RequestId: response.body.RequestId,
      });
    },
  );

  it('reports not-found for a snapshot that does not exist, without retrying', async () => {
    const response = asHttp(await harness.handler(httpEvent({ SnapshotId: 's-bp1doesnotexist0001' })));

    expect(response.statusCode).toBe(404);
    expect(response.body).toMatchObject({ Code: 'InvalidSnapshotId.NotFound', Class: 'not-found' });
    expect(harness.ecs.calls).toHaveLength(1);
  });

  it('reports not-ready for a source still being created, and rejects the timer so FC retries later', async () => {
    const SnapshotId = harness.source({ Status: 'progressing' });

    const result = await harness.invoke(timerEvent({ SnapshotId }));

    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message).toMatch(
      /^InvalidSnapshotId\.NotReady \(not-ready\): the source snapshot is still being created/,
    );
    // Reported from DescribeSnapshots, not attempted blindly.
    expect(harness.ecs.calls.map((call) => call.Action)).toEqual(['DescribeSnapshots']);
    expect(outcomeLog(harness.logs)).toMatchObject({
      message: 'copy-not-ready',
      level: 'error',
      Outcome: 'not-ready',
      SourceSnapshotId: SnapshotId,
      RegionId: 'cn-hangzhou',
      DestinationRegionId: 'us-east-1',
      Code: 'InvalidSnapshotId.NotReady',
      Class: 'not-ready',
      Advice: expect.stringMatching(/a later run/),
    });
  });

  it('reports not-ready while an earlier copy of the same disk is still running', async () => {
    const first = harness.source({ DiskId: 'd-bp1samedisk000000001' });
    const second = harness.source({ DiskId: 'd-bp1samedisk000000001' });
    await harness.handler(httpEvent({ SnapshotId: first }));

    const response = asHttp(await harness.handler(httpEvent({ SnapshotId: second })));

    expect(response.statusCode).toBe(409);
    expect(response.body).toMatchObject({ Code: 'InvalidOperation.DiskHasUnfinishedSnapshotCopy', Class: 'not-ready' });
    expect(copiesOf(harness.ecs, second)).toHaveLength(0);
  });

  it('reports a server-side failure without its message (expose only client errors)', async () => {
    harness.ecs.injectFault({
      Action: 'CopySnapshot',
      fault: { kind: 'error', Code: 'Brand.NewProblem', Message: 'internal: shard 7 at 10.1.2.3', status: 403 },
    });

    const response = asHttp(await harness.handler(httpEvent({ SnapshotId: harness.source() })));

    expect(JSON.stringify(response.body)).not.toContain('shard 7');
    expect(outcomeLog(harness.logs).Message).toBe('internal: shard 7 at 10.1.2.3');
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

describe('every retry path makes exactly one copy', () => {
  freshHarnessForEachTest();

  it.each([
    ['throttling', { kind: 'throttle' }, 'Throttling.User'],
    ['ServiceUnavailable', { kind: 'error', Code: 'ServiceUnavailable', status: 503 }, 'ServiceUnavailable'],
    ['InternalError', { kind: 'error', Code: 'InternalError', status: 500 }, 'InternalError'],
    ['a reused nonce', { kind: 'error', Code: 'SignatureNonceUsed', status: 400 }, 'SignatureNonceUsed'],
    ['a 503 without Code', { kind: 'status-without-code', status: 503 }, 'EcsBadResponse'],
    ['an HTML 502 from a proxy', { kind: 'html', status: 502 }, 'EcsBadResponse'],
    ['a cut-off JSON answer after the copy was made', { kind: 'truncated-json' }, 'EcsBadResponse'],
    ['a dropped connection', { kind: 'drop' }, 'EcsUnreachable'],
    ['an answer lost after the copy was made', { kind: 'lose-answer' }, 'EcsUnreachable'],
    ['an answer slower than the attempt timeout', { kind: 'delay', ms: 2_500 }, 'EcsTimeout'],
  ] as Array<[string, Fault, string]>)('retries after %s with the same ClientToken', async (_, fault, Code) => {
    const SnapshotId = harness.source();
    harness.ecs.injectFault({ Action: 'CopySnapshot', fault });

    const result = await harness.invoke(timerEvent({ SnapshotId }));

    expect(result.ok).toBe(true);
    const copies = copiesOf(harness.ecs, SnapshotId);
    expect(copies).toHaveLength(1);
    expect(result.ok && result.value).toMatchObject({ SnapshotId: copies[0]?.SnapshotId, Attempts: 2 });
    // A delayed first attempt is recorded, and acts, when its delay is over: after the second attempt answered.
    if (fault.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(copiesOf(harness.ecs, SnapshotId)).toHaveLength(1);
    const attempts = harness.ecs.calls.filter((call) => call.Action === 'CopySnapshot');
    expect(attempts).toHaveLength(2);
    expect(new Set(attempts.map((call) => call.params.ClientToken)).size).toBe(1);
    expect(parsedLogs(harness.logs).filter((line) => line.message === 'copy-attempt-failed')).toEqual([
      expect.objectContaining({ level: 'warn', Code, Class: Code === 'Throttling.User' ? 'throttled' : 'transient', Attempt: 1 }),
    ]);
  });
});

describe('the function timeout', () => {
  it('ends the copy, retries included, before FC would kill the invocation, and reports a timeout', async () => {
    const harness = await startHarness();
    try {
      harness.ecs.injectFault({ Action: 'CopySnapshot', fault: { kind: 'delay', ms: 20_000 }, times: 100 });
      const context = fcContext({ function: { timeout: 4 } });
      const startedAt = Date.now();

      const timer = await harness.invoke(timerEvent({ SnapshotId: harness.source() }), context);
      const elapsedMs = Date.now() - startedAt;
      const http = asHttp(await harness.handler(httpEvent({ SnapshotId: harness.source() }), fcContext({ function: { timeout: 4 } })));

      expect(elapsedMs).toBeLessThan(4_000);
      expect(!timer.ok && timer.error.message).toMatch(/^EcsTimeout \(transient\)/);
      expect(http.statusCode).toBe(504);
      expect(http.body).toMatchObject({ Code: 'EcsTimeout', Class: 'transient' });
      expectNoSecretLeaked(harness);
    } finally {
      await harness.close();
    }
  });
});
