import { type LocalEcs, startLocalEcs } from '../../ecs-local';
import { faultLabel, type RandomFaultOptions, RandomFaults, randomFaultCatalogue } from '../../ecs-local/random-faults';
import { createHandler } from '../../functions/copy-snapshot/index';
import { DEFAULT_RETRY_POLICY } from '../../lib/calls/retry';
import {
  countCopies,
  MATRIX_CREDENTIALS,
  runScenario,
  runScenarios,
  scenarioFor,
  secretHits,
  summarizeScenarios,
  unclassifiedFailures,
} from '../../tools/fault-scenario';
import { type ContextCredentials, fcContext } from '../../tools/fc-fixtures';
import { invocationContext } from '../support/context';
import { timerEvent } from '../support/events';
import { expectMatrixHeld } from '../support/fault-matrix-report';
import { startHarness } from '../support/harness';
import { copiesOf, parsedLogs } from '../support/output';

/** Seeds 1..N run in the suite; `npm run fault-matrix` runs 300 and more. */
const SUITE_SCENARIOS = 100;

/** Requests as pop-core sends them, minus what changes from one signed request to the next. */
function request(Action: string, fields: Record<string, string> = {}): Map<string, string> {
  return new Map(
    Object.entries({ Action, Version: '2014-05-26', RegionId: 'cn-hangzhou', SignatureNonce: String(Math.random()), ...fields }),
  );
}

describe('random faults of the local ECS endpoint', () => {
  it('draws the same fault for the same request from the same seed, whatever order requests arrive in', () => {
    const copy = request('CopySnapshot', { SnapshotId: 's-bp1first000000000001' });
    const list = request('DescribeSnapshots', { DiskId: 'd-bp1first000000000001' });
    const inOrder = new RandomFaults({ seed: 7, probability: 0.5 });
    const reversed = new RandomFaults({ seed: 7, probability: 0.5 });

    const first = [1, 2, 3, 4, 5, 6].map(() => [inOrder.draw(copy), inOrder.draw(list)]);
    const second = [1, 2, 3, 4, 5, 6].map(() => {
      const listed = reversed.draw(list);
      return [reversed.draw(copy), listed];
    });

    expect(second).toEqual(first);
    expect(first.flat().some((fault) => fault !== undefined)).toBe(true);
    const otherSeed = new RandomFaults({ seed: 8, probability: 0.5 });
    expect([1, 2, 3, 4, 5, 6].map(() => [otherSeed.draw(copy), otherSeed.draw(list)])).not.toEqual(first);
  });

  it('gives a share of requests close to the probability a fault, of every kind of the catalogue', () => {
    const faults = new RandomFaults({ seed: 1, probability: 0.3, delayMs: 450 });

    const drawn = Array.from({ length: 4000 }, (_, index) => faults.draw(request('CopySnapshot', { SnapshotId: `s-bp1many${index}` })));

    const applied = drawn.filter((fault) => fault !== undefined);
    expect(applied.length / drawn.length).toBeGreaterThan(0.27);
    expect(applied.length / drawn.length).toBeLessThan(0.33);
    expect(new Set(applied.map(faultLabel))).toEqual(new Set(randomFaultCatalogue().map(faultLabel)));
    expect(applied).toContainEqual({ kind: 'delay', ms: 450 });
    expect(applied).toContainEqual({ kind: 'error', Code: 'SignatureNonceUsed', status: 400 });
  });

  it('draws nothing at probability 0, always at 1, and only of the kinds and for the Actions asked', () => {
    const never = new RandomFaults({ seed: 3, probability: 0 });
    const always = new RandomFaults({ seed: 3, probability: 1, kinds: ['throttle', 'drop'], Actions: ['CopySnapshot'] });

    const requests = Array.from({ length: 200 }, (_, index) => request('CopySnapshot', { SnapshotId: `s-bp1kind${index}` }));

    expect(requests.map((params) => never.draw(params)).filter((fault) => fault !== undefined)).toEqual([]);
    expect(new Set(requests.map((params) => always.draw(params)?.kind))).toEqual(new Set(['throttle', 'drop']));
    expect(always.draw(request('DescribeSnapshots'))).toBeUndefined();
  });

  it.each<[RandomFaultOptions, RegExp]>([
    [{ seed: 1.5, probability: 0.2 }, /randomFaults\.seed/],
    [{ seed: 1, probability: 2 }, /randomFaults\.probability/],
    // As an untyped caller (a JavaScript test, a JSON file) could send it.
    [{ seed: 1, probability: 0.2, kinds: JSON.parse('["meteor"]') as RandomFaultOptions['kinds'] }, /randomFaults\.kinds/],
    [{ seed: 1, probability: 0.2, kinds: [] }, /randomFaults\.kinds/],
    [{ seed: 1, probability: 0.2, delayMs: -1 }, /randomFaults\.delayMs/],
  ])('refuses the options %j, naming the option, before opening a port', async (randomFaults, message) => {
    await expect(startLocalEcs({ credentials: [{ ...MATRIX_CREDENTIALS }], randomFaults })).rejects.toThrow(message);
  });

  it('lets a scripted fault go first, and applies random ones to the requests of a real invocation', async () => {
    const harness = await startHarness({
      ecs: { randomFaults: { seed: 5, probability: 1, kinds: ['throttle'], Actions: ['CopySnapshot'] } },
    });
    try {
      const SnapshotId = harness.source();
      harness.ecs.injectFault({ Action: 'CopySnapshot', fault: { kind: 'error', Code: 'InternalError', status: 500 } });
      // Throttling on every attempt but the scripted first one, until faults are turned off.
      const handler = createHandler({
        env: { ECS_ENDPOINT: harness.ecs.url, DESTINATION_REGION_ID: 'us-east-1' },
        logSink: (line) => harness.logs.push(line),
        random: () => 0,
        sleep: async () => undefined,
        retryPolicy: { ...DEFAULT_RETRY_POLICY, maxAttempts: 3 },
      });

      const context = invocationContext({ timeoutSeconds: 60 });
      await expect(handler(timerEvent({ SnapshotId }), context)).rejects.toThrow(/^Throttling\.User \(throttled\)/);
      harness.ecs.setRandomFaults(undefined);
      await handler(timerEvent({ SnapshotId }), context);

      const codes = harness.ecs.calls.filter((call) => call.Action === 'CopySnapshot').map((call) => call.Code ?? String(call.status));
      expect(codes).toEqual(['InternalError', 'Throttling.User', 'Throttling.User', '200']);
      expect(harness.ecs.injectedRandomFaults).toEqual([
        { Action: 'CopySnapshot', fault: { kind: 'throttle' } },
        { Action: 'CopySnapshot', fault: { kind: 'throttle' } },
      ]);
      expect(copiesOf(harness.ecs, SnapshotId)).toHaveLength(1);
    } finally {
      await harness.close();
    }
  });
});

describe('the fault matrix', () => {
  it(`leaves every requested copy exactly once, every failure classified and no secret anywhere, over ${SUITE_SCENARIOS} scenarios`, async () => {
    const seeds = Array.from({ length: SUITE_SCENARIOS }, (_, index) => index + 1);

    const report = summarizeScenarios(await runScenarios(seeds, 4));

    expectMatrixHeld(report, SUITE_SCENARIOS);
    // pop-core's default GET would put the signed URL, STS token included, into its errors
    // (https://github.com/aliyun/openapi-core-nodejs-sdk/issues/99).
    expect(report.nonPostCalls).toBe(0);
    expect(report.ecsCalls).toBeGreaterThan(SUITE_SCENARIOS * 5);
  }, 120_000);

  it('replays a scenario from its seed: the same faults hit the same requests, with the same outcome', async () => {
    // Seed 8: a fleet of four disks to two regions, 25 % of requests faulty, a timeout among the faults.
    const spec = scenarioFor(8);

    const first = await runScenario(spec);
    const second = await runScenario(spec);

    expect(first.faultTrace.length).toBeGreaterThan(3);
    expect(second.faultTrace).toEqual(first.faultTrace);
    expect(second.deliveries).toBe(first.deliveries);
    expect(second.calls).toBe(first.calls);
  });
});

describe('the checks of the fault matrix find what they look for', () => {
  let ecs: LocalEcs;

  beforeEach(async () => {
    ecs = await startLocalEcs({ credentials: [{ ...MATRIX_CREDENTIALS }] });
  });

  afterEach(async () => {
    await ecs.close();
  });

  const copyOf = (SourceSnapshotId: string, Status: 'accomplished' | 'failed' = 'accomplished') =>
    ecs.addSnapshot({
      RegionId: 'us-east-1',
      DiskId: 'd-bp1copydisk00000001',
      Status,
      Tags: [{ Key: 'snapshot-copy:source-snapshot-id', Value: SourceSnapshotId }],
    });

  it('counts a second copy as a duplicate, a missing one as lost, a failed one as none, and an unrequested one as a stray', () => {
    copyOf('s-bp1twice00000000001');
    copyOf('s-bp1twice00000000001');
    copyOf('s-bp1once000000000001');
    copyOf('s-bp1failed0000000001', 'failed');
    copyOf('s-bp1notasked00000001');

    const counted = countCopies(
      ecs,
      ['s-bp1twice00000000001', 's-bp1once000000000001', 's-bp1failed0000000001', 's-bp1never0000000001'],
      ['us-east-1'],
    );

    expect(counted.exactlyOnce).toBe(1);
    expect(counted.duplicates.map((problem) => [problem.SourceSnapshotId, problem.copies.length])).toEqual([['s-bp1twice00000000001', 2]]);
    expect(counted.lost.map((problem) => problem.SourceSnapshotId)).toEqual(['s-bp1failed0000000001', 's-bp1never0000000001']);
    expect(counted.stray.map((problem) => problem.SourceSnapshotId)).toEqual(['s-bp1notasked00000001']);
  });

  it('counts a failure without its class, in another class than the README gives, unrecognised, a broken log line and a bare rejection', () => {
    const line = (fields: Record<string, unknown>) => JSON.stringify({ level: 'error', message: 'copy-failed', ...fields });
    const rejection = (message: string) => Object.assign(new Error(message), { name: 'CopySnapshotFailed' });

    const found = unclassifiedFailures(
      [
        line({ Code: 'ServiceUnavailable', Class: 'transient' }),
        JSON.stringify({ level: 'warn', message: 'copy-attempt-failed', Code: 'Throttling.User', Class: 'throttled' }),
        line({ Code: 'ServiceUnavailable' }),
        line({ Code: 'ServiceUnavailable', Class: 'bad-luck' }),
        line({ Code: 'SignatureNonceUsed', Class: 'credentials' }),
        line({ Code: 'EcsClientError', Class: 'unknown' }),
        JSON.stringify({ level: 'warn', message: 'copy-attempt-failed', Class: 'transient' }),
        '{"level":"error","message":"copy-fai',
      ],
      [
        rejection('ServiceUnavailable (transient): The request has failed due to a temporary failure of the server.'),
        rejection('CopyRunFailed: 2 of 8 copies failed (EcsTimeout ×1, Throttling.User ×1); 1 disk and destination pair(s) outside RPO: …'),
        rejection('InternalFailure (unknown): The function failed unexpectedly'),
        rejection('CopyRunFailed: 1 of 8 copies failed (InternalFailure ×1)'),
        new TypeError('Cannot read properties of undefined'),
        'a string',
      ],
    );

    expect(found).toHaveLength(10);
    expect(found.join('\n')).not.toMatch(/temporary failure of the server|EcsTimeout ×1/);
  });

  it('counts a defect of the function, logged as internal-failure, as a failure the matrix did not cause', () => {
    const line = JSON.stringify({
      level: 'error',
      message: 'internal-failure',
      Code: 'InternalFailure',
      Class: 'internal',
      Error: 'TypeError',
    });

    expect(unclassifiedFailures([line], [])).toEqual([expect.stringContaining('a defect of the function (TypeError)')]);
  });

  it('finds the secret and the STS token as they are and percent-encoded, and an unredacted signature', () => {
    const { accessKeySecret, securityToken } = MATRIX_CREDENTIALS;

    const hits = secretHits(
      [
        `message ${accessKeySecret}`,
        `url ?SecurityToken=${encodeURIComponent(securityToken)}`,
        `string to sign ${encodeURIComponent(encodeURIComponent(accessKeySecret))}`,
        'POST&%2F&AccessKeyId%3DLTAI%26Signature%3DAbCd',
        'Signature=[REDACTED]&SecurityToken=[REDACTED]',
        'nothing here',
      ],
      MATRIX_CREDENTIALS,
    );

    expect(hits).toEqual([
      'AccessKey secret in output 1',
      'STS token (percent-encoded) in output 2',
      'AccessKey secret (percent-encoded twice) in output 3',
      'a signature in output 4',
    ]);
  });
});

describe('an STS token that expires in the middle of a run', () => {
  it('fails the copies it had not made yet as credentials, unretried, and the re-delivery with fresh credentials makes each once', async () => {
    const HOUR = 3_600_000;
    const expiring = {
      accessKeyId: 'STS.CanaryExpiring0001',
      accessKeySecret: 'ExpiringSecret/Do+Not=Leak',
      securityToken: 'CAIS-expiring-token/+=01',
    };
    const fresh = {
      accessKeyId: 'STS.CanaryFresh000001',
      accessKeySecret: 'FreshSecret/Do+Not=Leak02',
      securityToken: 'CAIS-fresh-token/+=0002',
    };
    let local: LocalEcs | undefined;
    // The endpoint's clock passes the first token's expiry as soon as the first copy is made.
    const copyMade = () => local?.calls.some((call) => call.Action === 'CopySnapshot' && call.status === 200) ?? false;
    local = await startLocalEcs({
      credentials: [{ ...expiring, expiration: new Date(Date.now() + HOUR) }, fresh],
      now: () => Date.now() + (copyMade() ? 2 * HOUR : 0),
      timestampWindowMs: 24 * HOUR,
      copyDurationMs: 1,
    });
    const ecs = local;
    try {
      const DiskIds = [1, 2, 3, 4].map(
        (disk) => ecs.addSnapshot({ RegionId: 'cn-hangzhou', DiskId: `d-bp1stsdisk00000000${disk}` }).SourceDiskId,
      );
      const logs: string[] = [];
      const outputs: string[] = [];
      const handler = createHandler({
        env: { ECS_ENDPOINT: ecs.url, SOURCE_REGION_ID: 'cn-hangzhou', DESTINATION_REGION_ID: 'us-east-1', API_CALLS_PER_MINUTE: '1000' },
        logSink: (line) => logs.push(line),
        random: () => 0,
        sleep: async () => undefined,
      });
      const event = timerEvent({ DiskIds });
      // FC hands every invocation the role's current STS credentials: the re-delivery gets fresh ones.
      const invoke = async (credentials: ContextCredentials) => {
        try {
          const value = await handler(
            event,
            fcContext({ requestId: `sts-${outputs.length}`, region: 'cn-hangzhou', credentials, timeoutSeconds: 60 }),
          );
          outputs.push(JSON.stringify(value));
          return undefined;
        } catch (error) {
          outputs.push(error instanceof Error ? `${error.message} ${error.stack ?? ''} ${JSON.stringify(error)}` : String(error));
          return error;
        }
      };

      const firstError = await invoke(expiring);
      const secondError = await invoke(fresh);

      expect(firstError).toBeInstanceOf(Error);
      expect(firstError instanceof Error && firstError.message).toMatch(
        /^CopyRunFailed: 3 of 4 copies failed \(InvalidSecurityToken\.Expired ×3\)/,
      );
      const failed = parsedLogs(logs).filter((line) => line.message === 'copy-failed');
      expect(failed).toHaveLength(3);
      for (const line of failed) expect(line).toMatchObject({ Code: 'InvalidSecurityToken.Expired', Class: 'credentials', Attempts: 1 });
      // The copies it has just started are still running, so their disks are not yet within RPO; nothing failed.
      expect(secondError instanceof Error && secondError.message).toMatch(/^CopyRunFailed: 3 disk and destination pair\(s\) outside RPO/);
      expect(parsedLogs(logs).filter((line) => line.message === 'copy-started')).toHaveLength(4);
      const counted = countCopies(
        ecs,
        ecs.snapshots('cn-hangzhou').map((snapshot) => snapshot.SnapshotId),
        ['us-east-1'],
      );
      expect(counted).toMatchObject({ exactlyOnce: 4, duplicates: [], lost: [], stray: [] });
      expect([...secretHits([...logs, ...outputs], expiring), ...secretHits([...logs, ...outputs], fresh)]).toEqual([]);
    } finally {
      await ecs.close();
    }
  });
});
