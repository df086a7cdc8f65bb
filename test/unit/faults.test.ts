import type { Fault } from '../../ecs-local';
import { invocationContext } from '../support/context';
import { asHttp, httpEvent, timerEvent } from '../support/events';
import { type FakeHarness, startFakeHarness } from '../support/fake-harness';
import { copiesOf, expectNoSecretLeaked, outcomeLog } from '../support/output';
import { retriesWithTheSameClientToken, WIRE_FAULTS } from '../support/retry-scenarios';

/** How ECS failing shows, on the fake ECS (which fails as the pop-core adapter reports it) and the virtual clock. */
const MAX_ATTEMPTS = 8; // DEFAULT_RETRY_POLICY.maxAttempts, which the harness keeps

/** The harness of the test running: a fresh one for each test, checked for leaked secrets after it. */
let harness: FakeHarness;

beforeEach(() => {
  harness = startFakeHarness();
});

afterEach(() => {
  expectNoSecretLeaked(harness);
});

describe('every error class, as ECS answers it', () => {
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

describe('every retry path makes exactly one copy', () => {
  it.each([
    ['throttling', { kind: 'throttle' }, 'Throttling.User'],
    ['ServiceUnavailable', { kind: 'error', Code: 'ServiceUnavailable', status: 503 }, 'ServiceUnavailable'],
    ['InternalError', { kind: 'error', Code: 'InternalError', status: 500 }, 'InternalError'],
    ['a reused nonce', { kind: 'error', Code: 'SignatureNonceUsed', status: 400 }, 'SignatureNonceUsed'],
    ...WIRE_FAULTS,
    ['an answer slower than the attempt timeout', { kind: 'delay', ms: 2_500 }, 'EcsTimeout'],
  ] as Array<[string, Fault, string]>)('retries after %s with the same ClientToken', (_, fault, Code) =>
    // A delayed first attempt acts when its delay is over, after the second attempt answered: let all time pass.
    retriesWithTheSameClientToken(harness, fault, Code, () => harness.clock.runAll()),
  );
});

describe('the function timeout', () => {
  it('ends the copy, retries included, before FC would kill the invocation, and reports a timeout', async () => {
    harness.ecs.injectFault({ Action: 'CopySnapshot', fault: { kind: 'delay', ms: 20_000 }, times: 100 });
    const startedAt = harness.clock.now();

    const timer = await harness.invoke(timerEvent({ SnapshotId: harness.source() }), invocationContext({ timeoutSeconds: 4 }));
    const elapsedMs = harness.clock.now() - startedAt;
    const http = asHttp(await harness.handler(httpEvent({ SnapshotId: harness.source() }), invocationContext({ timeoutSeconds: 4 })));

    expect(elapsedMs).toBeLessThan(4_000);
    expect(!timer.ok && timer.error.message).toMatch(/^EcsTimeout \(transient\)/);
    expect(http.statusCode).toBe(504);
    expect(http.body).toMatchObject({ Code: 'EcsTimeout', Class: 'transient' });
  });
});
