import { createServer, type Server } from 'node:net';

import { type LocalEcs, startLocalEcs } from '../../ecs-local';
import type { CopySnapshotParameters } from '../../lib/ecs/copy-snapshot-parameters';
import type { EcsCall } from '../../lib/ecs/ecs';
import { adviceFor } from '../../lib/ecs/ecs-error-advice';
import { ListingGuard, MAX_SNAPSHOTS_PER_LISTING } from '../../lib/ecs/listing-guard';
import { PopCoreEcs } from '../../lib/ecs/pop-core-ecs';
import { CopyFailure, ValidationError } from '../../lib/failures/errors';

// The pop-core adapter against the local ECS endpoint: what real ECS (and what stands between it and the function)
// may answer, and what the adapter makes of it.

const CREDENTIAL = { accessKeyId: 'LTAI-adapter-key', accessKeySecret: 'Adapter/Secret+0001=' };
const SOURCE_REGION = 'cn-hangzhou';
const DESTINATION_REGION = 'cn-shanghai';
const CALL: EcsCall = { credentials: CREDENTIAL, timeoutMs: 2000 };

let ecs: LocalEcs;
let adapter: PopCoreEcs;

beforeEach(async () => {
  ecs = await startLocalEcs({ credentials: [CREDENTIAL], copyDurationMs: 60_000 });
  adapter = new PopCoreEcs(ecs.url);
});

afterEach(async () => {
  await ecs.close();
});

async function failureOf(promise: Promise<unknown>): Promise<CopyFailure> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof CopyFailure)) throw new Error(`expected a CopyFailure, got ${String(error)}`);
  const text = JSON.stringify({ ...error, message: error.message });
  expect(text).not.toContain(CREDENTIAL.accessKeySecret);
  expect(text).not.toContain(encodeURIComponent(CREDENTIAL.accessKeySecret));
  return error;
}

function copyParameters(SnapshotId: string, overrides: Partial<CopySnapshotParameters> = {}): CopySnapshotParameters {
  return {
    RegionId: SOURCE_REGION,
    SnapshotId,
    DestinationRegionId: DESTINATION_REGION,
    DestinationSnapshotName: 'dr-copy',
    DestinationSnapshotDescription: 'Disaster recovery copy',
    Tag: [],
    ClientToken: `token-${SnapshotId}`,
    ...overrides,
  };
}

describe('DescribeSnapshots through the adapter', () => {
  it('lists automatic snapshots typed timer as auto', async () => {
    ecs.setVariants({ automaticSnapshotType: 'timer' });
    const automatic = ecs.addSnapshot({ RegionId: SOURCE_REGION, DiskId: 'd-timer', SnapshotType: 'auto' }).SnapshotId;

    const page = await adapter.describeSnapshots({ RegionId: SOURCE_REGION, SnapshotType: 'auto', MaxResults: 100 }, CALL);

    expect(page.Snapshots.map((snapshot) => [snapshot.SnapshotId, snapshot.SnapshotType])).toEqual([[automatic, 'auto']]);
  });

  it('gives the source of every copy, including one another tool made without tags', async () => {
    const source = ecs.addSnapshot({ RegionId: SOURCE_REGION, DiskId: 'd-origin' }).SnapshotId;
    const theirs = ecs.addSnapshot({
      RegionId: DESTINATION_REGION,
      DiskId: 'd-origin',
      SourceSnapshotId: source,
      SourceRegionId: SOURCE_REGION,
    }).SnapshotId;

    const page = await adapter.describeSnapshots({ RegionId: DESTINATION_REGION, MaxResults: 100 }, CALL);

    expect(page.Snapshots).toEqual([
      expect.objectContaining({ SnapshotId: theirs, SourceSnapshotId: source, SourceRegionId: SOURCE_REGION, Tags: [] }),
    ]);
  });

  it('reports a snapshot with an unknown Status on its own and keeps the others of the page', async () => {
    const odd = ecs.addSnapshot({ RegionId: SOURCE_REGION, DiskId: 'd-odd', ListedAs: { Status: 'archiving' } }).SnapshotId;
    const noProgress = ecs.addSnapshot({
      RegionId: SOURCE_REGION,
      DiskId: 'd-quiet',
      ListedAs: { Progress: null, Extra: [1, 2] },
    }).SnapshotId;
    const plain = ecs.addSnapshot({ RegionId: SOURCE_REGION, DiskId: 'd-plain' }).SnapshotId;

    const page = await adapter.describeSnapshots({ RegionId: SOURCE_REGION, MaxResults: 100 }, CALL);

    expect(page.Snapshots.map((snapshot) => snapshot.SnapshotId).sort()).toEqual([noProgress, plain].sort());
    expect(page.Snapshots.find((snapshot) => snapshot.SnapshotId === noProgress)?.Progress).toBe('');
    expect(page.Unrecognized).toEqual([
      { SnapshotId: odd, SourceDiskId: 'd-odd', reason: 'Status is "archiving", which this function does not know how to read' },
    ]);
  });

  it('has no Unrecognized list when every snapshot could be read', async () => {
    ecs.addSnapshot({ RegionId: SOURCE_REGION, DiskId: 'd-plain' });

    const page = await adapter.describeSnapshots({ RegionId: SOURCE_REGION, MaxResults: 100 }, CALL);

    expect(page).not.toHaveProperty('Unrecognized');
  });

  it('sends at least 10 as MaxResults, which an ECS that refuses less accepts', async () => {
    ecs.setVariants({ minMaxResults: 10 });
    const only = ecs.addSnapshot({ RegionId: SOURCE_REGION, DiskId: 'd-one' }).SnapshotId;

    const page = await adapter.describeSnapshots({ RegionId: SOURCE_REGION, SnapshotIds: [only], MaxResults: 1 }, CALL);

    expect(page.Snapshots.map((snapshot) => snapshot.SnapshotId)).toEqual([only]);
    expect(ecs.calls.at(-1)?.params.MaxResults).toBe('10');
  });

  it("hands a page that names itself as the next on to the listing's guard, which ends the listing: the call is not failed, so not retried", async () => {
    for (let n = 0; n < 25; n++) ecs.addSnapshot({ RegionId: SOURCE_REGION, DiskId: `d-many${n}` });
    const guard = new ListingGuard({ RegionId: SOURCE_REGION }, MAX_SNAPSHOTS_PER_LISTING);
    const first = await adapter.describeSnapshots({ RegionId: SOURCE_REGION, MaxResults: 10 }, CALL);
    guard.admit(first);
    ecs.injectFault({ Action: 'DescribeSnapshots', fault: { kind: 'repeat-next-token' } });

    const again = await adapter.describeSnapshots(
      { RegionId: SOURCE_REGION, MaxResults: 10, ...(first.NextToken ? { NextToken: first.NextToken } : {}) },
      CALL,
    );

    expect(again.NextToken).toBe(first.NextToken);
    expect(() => guard.admit(again)).toThrow(
      expect.objectContaining({ Code: 'EcsBadResponse', RequestId: again.RequestId, Message: expect.stringMatching(/NextToken/) }),
    );
  });

  it('classifies a null body with HTTP 200 as a bad answer', async () => {
    ecs.injectFault({ fault: { kind: 'body', status: 200, body: 'null' } });

    const failure = await failureOf(adapter.describeSnapshots({ RegionId: SOURCE_REGION, MaxResults: 10 }, CALL));

    expect(failure).toMatchObject({ Code: 'EcsBadResponse', errorClass: 'transient' });
  });

  it('classifies an answer with a numeric Code and HTTP 503 as transient', async () => {
    ecs.injectFault({ fault: { kind: 'body', status: 503, body: '{"Code":503,"Message":"Service busy","RequestId":"R-503"}' } });

    const failure = await failureOf(adapter.describeSnapshots({ RegionId: SOURCE_REGION, MaxResults: 10 }, CALL));

    expect(failure).toMatchObject({ Code: '503', errorClass: 'transient', ecsHttpStatus: 503, RequestId: 'R-503' });
  });

  it('redacts a secret a gateway echoed into the Code and the RequestId', async () => {
    const echoed = Buffer.from(CREDENTIAL.accessKeySecret).toString('base64');
    ecs.injectFault({
      fault: {
        kind: 'body',
        status: 400,
        body: JSON.stringify({ Code: `Bad.${CREDENTIAL.accessKeySecret}`, Message: 'no', RequestId: echoed }),
      },
    });

    const failure = await failureOf(adapter.describeSnapshots({ RegionId: SOURCE_REGION, MaxResults: 10 }, CALL));

    expect(failure.Code).toBe('Bad.[REDACTED]');
    expect(failure.RequestId).not.toContain(echoed);
  });
});

describe('CopySnapshot through the adapter', () => {
  it('reads a copy already running to the destination, whoever started it, as not-ready', async () => {
    ecs.setVariants({ unfinishedCopyCode: 'UnfinishedCrossRegionCopy' });
    const source = ecs.addSnapshot({ RegionId: SOURCE_REGION, DiskId: 'd-policy' }).SnapshotId;
    ecs.addSnapshot({
      RegionId: DESTINATION_REGION,
      DiskId: 'd-policy',
      SourceSnapshotId: source,
      SourceRegionId: SOURCE_REGION,
      Status: 'progressing',
    });

    const failure = await failureOf(adapter.copySnapshot(copyParameters(source), CALL));

    expect(failure).toMatchObject({ Code: 'InvalidOperation.UnfinishedCrossRegionCopy', errorClass: 'not-ready', ecsHttpStatus: 403 });
  });

  it('reads a refused region pair as a request that cannot be made, and says why', async () => {
    ecs.setVariants({ refusedRegionPairs: 'cross-border' });
    const source = ecs.addSnapshot({ RegionId: SOURCE_REGION, DiskId: 'd-border' }).SnapshotId;

    const failure = await failureOf(adapter.copySnapshot(copyParameters(source, { DestinationRegionId: 'us-east-1' }), CALL));

    expect(failure).toMatchObject({ Code: 'OperationDenied.NonCompliantDestinationRegion', errorClass: 'invalid-request' });
    expect(adviceFor(failure.Code, failure.errorClass)).toMatch(/This pair cannot be copied/);
  });

  it('reads a second call with a ClientToken still in flight as a conflict to retry', async () => {
    ecs.setVariants({ clientTokenInFlight: 'conflict' });
    const source = ecs.addSnapshot({ RegionId: SOURCE_REGION, DiskId: 'd-conflict' }).SnapshotId;
    ecs.injectFault({ Action: 'CopySnapshot', fault: { kind: 'delay', ms: 300 } });

    const first = adapter.copySnapshot(copyParameters(source), CALL);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const failure = await failureOf(adapter.copySnapshot(copyParameters(source), CALL));
    const made = await first;
    const retried = await adapter.copySnapshot(copyParameters(source), CALL);

    expect(failure).toMatchObject({ Code: 'InvalidOperation.Conflict', errorClass: 'transient', ecsHttpStatus: 409 });
    expect(retried.SnapshotId).toBe(made.SnapshotId);
  });

  it('refuses text that is not well-formed Unicode before any call, naming the parameter', async () => {
    const source = ecs.addSnapshot({ RegionId: SOURCE_REGION, DiskId: 'd-text' }).SnapshotId;

    const failure = await failureOf(adapter.copySnapshot(copyParameters(source, { Tag: [{ Key: 'team', Value: 'db\uD800' }] }), CALL));

    expect(failure).toBeInstanceOf(ValidationError);
    expect(failure.Message).toBe('Tag.1.Value: must be well-formed Unicode text (it holds a lone UTF-16 surrogate)');
    expect(ecs.calls).toEqual([]);
  });
});

describe('failures on the way to ECS', () => {
  it('names the host of an endpoint that does not answer, and nothing secret', async () => {
    const closed = await unusedPort();
    const unreachable = new PopCoreEcs(`http://127.0.0.1:${closed}`);

    const failure = await failureOf(unreachable.describeSnapshots({ RegionId: SOURCE_REGION, MaxResults: 10 }, CALL));

    expect(failure).toMatchObject({
      Code: 'EcsUnreachable',
      errorClass: 'transient',
      Message: `The connection to 127.0.0.1:${closed} failed (ECONNREFUSED)`,
    });
  });

  it('gives a host name that does not resolve its own code, which is not retried', async () => {
    const nowhere = new PopCoreEcs('http://ecs.{RegionId}.invalid');

    const failure = await failureOf(nowhere.describeSnapshots({ RegionId: 'cn-nowhere-1', MaxResults: 10 }, CALL));

    expect(failure).toMatchObject({ Code: 'EcsNameNotResolved', errorClass: 'invalid-request' });
    expect(failure.Message).toMatch(/^The host name ecs\.cn-nowhere-1\.invalid did not resolve \((ENOTFOUND|EAI_AGAIN)\)$/);
  });

  it('gives a TLS failure its own code and advice, naming the host', async () => {
    const overTls = new PopCoreEcs(ecs.url.replace('http://', 'https://'));

    const failure = await failureOf(overTls.describeSnapshots({ RegionId: SOURCE_REGION, MaxResults: 10 }, CALL));

    expect(failure).toMatchObject({ Code: 'EcsTlsError', errorClass: 'configuration' });
    expect(failure.Message).toContain(new URL(ecs.url).host);
    expect(adviceFor(failure.Code, failure.errorClass)).toMatch(/TLS/);
  });

  it('gives an answer that is not HTTP its own code', async () => {
    ecs.injectFault({ fault: { kind: 'not-http' } });

    const failure = await failureOf(adapter.describeSnapshots({ RegionId: SOURCE_REGION, MaxResults: 10 }, CALL));

    expect(failure).toMatchObject({ Code: 'EcsProtocolError', errorClass: 'transient' });
    expect(failure.Message).toContain(new URL(ecs.url).host);
  });

  it('never shows a password the endpoint template carries', async () => {
    const closed = await unusedPort();
    const withPassword = new PopCoreEcs(`http://proxyuser:ProxyPassword0001@127.0.0.1:${closed}`);

    const failure = await failureOf(withPassword.describeSnapshots({ RegionId: SOURCE_REGION, MaxResults: 10 }, CALL));

    expect(failure.Message).toBe(`The connection to 127.0.0.1:${closed} failed (ECONNREFUSED)`);
    expect(JSON.stringify({ ...failure, message: failure.message })).not.toContain('ProxyPassword0001');
  });
});

describe('the clients kept per endpoint', () => {
  it('keeps at most 32 however many regions callers name', async () => {
    const perRegion = new PopCoreEcs(`${ecs.url}/{RegionId}`);

    for (let n = 0; n < 40; n++) {
      await perRegion.describeSnapshots({ RegionId: `xx-region-${n}`, MaxResults: 10 }, CALL).catch(() => undefined);
    }

    expect(perRegion.clientCount).toBe(32);
  });
});

function unusedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server: Server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

describe('credentials of invocations that run at once', () => {
  it('signs each request with its own invocation credentials, across adapters and while requests overlap', async () => {
    await ecs.close();
    ecs = await startLocalEcs({ credentials: [CREDENTIAL], copyDurationMs: 60_000, latencyMs: 40 });
    const first = new PopCoreEcs(ecs.url);
    const second = new PopCoreEcs(ecs.url);
    const wrong: EcsCall = { credentials: { accessKeyId: 'LTAI-someone-else', accessKeySecret: 'Other/Secret+0002=' }, timeoutMs: 2000 };
    const query = { RegionId: SOURCE_REGION, MaxResults: 10 };

    // Twelve requests in flight together, alternating good and bad credentials over two adapters: a request that
    // read another invocation's credentials would succeed where it must fail, or fail where it must succeed.
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, index) => {
        const adapterOf = index % 4 < 2 ? first : second;
        const call = index % 2 === 0 ? CALL : wrong;
        return adapterOf.describeSnapshots(query, call).then(
          () => 'ok',
          (error: unknown) => (error instanceof CopyFailure ? error.Code : 'not a CopyFailure'),
        );
      }),
    );

    expect(outcomes).toEqual(Array.from({ length: 12 }, (_, index) => (index % 2 === 0 ? 'ok' : 'InvalidAccessKeyId.NotFound')));
  });
});
