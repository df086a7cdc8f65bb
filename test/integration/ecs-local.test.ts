import { createHmac, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import * as z from 'zod';

import RPCClient = require('@alicloud/pop-core/lib/rpc');

import { type LocalEcs, type LocalEcsCredential, type LocalEcsOptions, type SeedSnapshot, startLocalEcs } from '../../ecs-local';
import { EcsTimeSchema, TagsSchema } from '../support/ecs-response-schemas';
import { copySnapshotParams, seedSource } from '../support/pop-core-client';

// The local endpoint is driven with the real pop-core client, as the function will drive ECS, and with a few
// hand-made requests where a signing detail must be controlled.

const API_VERSION = '2014-05-26';
const CREDENTIAL: LocalEcsCredential = { accessKeyId: 'LTAI-test-key', accessKeySecret: 'test-secret-value' };
const OTHER_CREDENTIAL: LocalEcsCredential = { accessKeyId: 'LTAI-other-key', accessKeySecret: 'other-secret-value' };
const STS_CREDENTIAL: LocalEcsCredential = {
  accessKeyId: 'STS.test-key',
  accessKeySecret: 'sts-secret-value',
  securityToken: 'sts-token-value',
  expiration: new Date(Date.now() + 60 * 60 * 1000),
};
const SOURCE_REGION = 'cn-hangzhou';
const DESTINATION_REGION = 'cn-shanghai';
const COPY_DURATION_MS = 2000;

// ---- what the client sees ----------------------------------------------------------------------------------

const ErrorBodySchema = z.strictObject({
  RequestId: z.string(),
  HostId: z.string(),
  Code: z.string(),
  Message: z.string(),
  Recommend: z.string(),
});

/** What pop-core throws for an answer with a Code: the parsed body in `data`, the HTTP status in `entry`. */
const PopCoreEcsErrorSchema = z.object({
  code: z.string(),
  data: ErrorBodySchema,
  entry: z.object({ response: z.object({ statusCode: z.number() }) }),
});

/** Every field of the SDK model DescribeSnapshotsResponseBodySnapshotsSnapshot (@alicloud/ecs20140526), and only those. */
const SnapshotSchema = z.strictObject({
  SnapshotId: z.string().regex(/^s-[a-z0-9]{20}$/),
  SnapshotName: z.string(),
  Description: z.string(),
  Status: z.enum(['progressing', 'accomplished', 'failed']),
  Progress: z.string().regex(/^\d{1,3}%$/),
  Available: z.boolean(),
  Encrypted: z.boolean(),
  KMSKeyId: z.string(),
  Category: z.enum(['standard', 'flash', 'archive']),
  InstantAccess: z.boolean(),
  InstantAccessRetentionDays: z.number().int(),
  RetentionDays: z.number().optional(),
  RemainTime: z.number().int().nonnegative(),
  SourceDiskId: z.string(),
  SourceDiskSize: z.string(),
  SourceDiskType: z.enum(['system', 'data']),
  SourceStorageType: z.string(),
  SourceSnapshotId: z.string().optional(),
  SourceRegionId: z.string().optional(),
  SnapshotType: z.enum(['auto', 'user', 'timer']),
  SnapshotSN: z.string().min(1),
  SnapshotLinkId: z.string().regex(/^sl-[a-z0-9]{20}$/),
  FullSnapshotSizeInBytes: z.number().nonnegative(),
  Usage: z.string(),
  ResourceGroupId: z.string(),
  ProductCode: z.string(),
  CreationTime: EcsTimeSchema,
  LastModifiedTime: EcsTimeSchema,
  Tags: TagsSchema,
  RegionId: z.string(),
});

const DescribeTokenPageSchema = z.strictObject({
  RequestId: z.string(),
  TotalCount: z.number(),
  NextToken: z.string(),
  Snapshots: z.strictObject({ Snapshot: z.array(SnapshotSchema) }),
});

const DescribePageNumberSchema = z.strictObject({
  RequestId: z.string(),
  TotalCount: z.number(),
  PageNumber: z.number(),
  PageSize: z.number(),
  Snapshots: z.strictObject({ Snapshot: z.array(SnapshotSchema) }),
});

const CopyAnswerSchema = z.strictObject({ RequestId: z.string(), SnapshotId: z.string().regex(/^s-[a-z0-9]{20}$/) });

const REQUEST_ID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;

// ---- the server under test, with a clock that only moves when a test moves it --------------------------------

let ecs: LocalEcs;
let clockMs = Date.now();
const servers: LocalEcs[] = [];

async function start(options: Partial<LocalEcsOptions> = {}): Promise<LocalEcs> {
  const started = await startLocalEcs({
    credentials: [CREDENTIAL, OTHER_CREDENTIAL, STS_CREDENTIAL],
    copyDurationMs: COPY_DURATION_MS,
    now: () => clockMs,
    ...options,
  });
  servers.push(started);
  return started;
}

beforeEach(async () => {
  clockMs = Date.now();
  ecs = await start();
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

function clientFor(credential: LocalEcsCredential = CREDENTIAL, apiVersion = API_VERSION, server: LocalEcs = ecs): RPCClient {
  return new RPCClient({
    endpoint: server.url,
    apiVersion,
    accessKeyId: credential.accessKeyId,
    accessKeySecret: credential.accessKeySecret,
    ...(credential.securityToken === undefined ? {} : { securityToken: credential.securityToken }),
  });
}

function call(
  action: string,
  params: Record<string, unknown>,
  options: { client?: RPCClient; method?: 'GET' | 'POST'; timeout?: number } = {},
) {
  return (options.client ?? clientFor()).request(action, params, { method: options.method ?? 'POST', timeout: options.timeout ?? 3000 });
}

/** The error a call failed with; fails the test when the call succeeded. */
async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (answer) => {
      throw new Error(`expected the call to fail, it answered ${JSON.stringify(answer)}`);
    },
    (error: unknown) => error,
  );
}

/** The ECS error a call failed with: its Code, HTTP status and body. */
async function ecsFailureOf(promise: Promise<unknown>): Promise<{ code: string; status: number; body: z.infer<typeof ErrorBodySchema> }> {
  const error = PopCoreEcsErrorSchema.parse(await failureOf(promise));
  return { code: error.code, status: error.entry.response.statusCode, body: error.data };
}

const seed = (overrides: Partial<SeedSnapshot> = {}): string => seedSource(ecs, overrides);

const copyParams = (SnapshotId: string, overrides: Record<string, unknown> = {}) =>
  copySnapshotParams(SnapshotId, DESTINATION_REGION, overrides);

async function copy(params: Record<string, unknown>, client?: RPCClient): Promise<z.infer<typeof CopyAnswerSchema>> {
  return CopyAnswerSchema.parse(await call('CopySnapshot', params, client === undefined ? {} : { client }));
}

async function listSnapshots(params: Record<string, unknown>, method: 'GET' | 'POST' = 'POST') {
  return DescribeTokenPageSchema.parse(await call('DescribeSnapshots', params, { method }));
}

// ---- hand-made requests ----------------------------------------------------------------------------------------

function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function ecsTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function commonParams(action: string, credential: LocalEcsCredential = CREDENTIAL): Record<string, string> {
  return {
    Action: action,
    Format: 'JSON',
    Version: API_VERSION,
    AccessKeyId: credential.accessKeyId,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: randomUUID(),
    Timestamp: ecsTimestamp(Date.now()),
  };
}

/** Signs as https://www.alibabacloud.com/help/en/sdk/product-overview/rpc-mechanism describes, independently of the
 * server's code; `encode` can be swapped to sign wrongly. */
function signedQuery(method: string, params: Record<string, string>, secret: string, encode: (value: string) => string = rfc3986): string {
  const canonical = Object.entries(params)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${encode(name)}=${encode(value)}`)
    .join('&');
  const signature = createHmac('sha1', `${secret}&`)
    .update(`${method}&%2F&${rfc3986(canonical)}`)
    .digest('base64');
  return `${canonical}&Signature=${rfc3986(signature)}`;
}

interface RawAnswer {
  status: number;
  contentType: string | undefined;
  text: string;
}

function raw(options: { method: string; path: string; body?: string | Buffer; headers?: Record<string, string> }): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const url = new URL(options.path, ecs.url);
    const req = httpRequest(url, { method: options.method, headers: options.headers ?? {}, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], text: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

function rawErrorCode(answer: RawAnswer): string {
  return ErrorBodySchema.parse(JSON.parse(answer.text)).Code;
}

// ---- signature ---------------------------------------------------------------------------------------------------

describe('signature V1', () => {
  it('accepts a request signed by pop-core sent as POST and records it without secrets', async () => {
    const answer = await listSnapshots({ RegionId: SOURCE_REGION }, 'POST');

    expect(answer.RequestId).toMatch(REQUEST_ID);
    const recorded = ecs.calls.at(-1);
    expect(recorded).toMatchObject({
      Action: 'DescribeSnapshots',
      RegionId: SOURCE_REGION,
      status: 200,
      transport: { kind: 'http', method: 'POST' },
    });
    expect(recorded?.params).not.toHaveProperty('Signature');
    expect(recorded?.params).not.toHaveProperty('AccessKeyId');
    expect(recorded?.params).not.toHaveProperty('SignatureNonce');
    expect(recorded?.params).toMatchObject({ Version: API_VERSION, Format: 'JSON' });
  });

  it('accepts a request signed by pop-core sent as GET', async () => {
    await listSnapshots({ RegionId: SOURCE_REGION }, 'GET');

    expect(ecs.calls.at(-1)).toMatchObject({ Action: 'DescribeSnapshots', status: 200, transport: { kind: 'http', method: 'GET' } });
  });

  it('answers with the JSON content type and a RequestId header', async () => {
    const answer = await raw({
      method: 'POST',
      path: '/',
      headers: FORM,
      body: signedQuery('POST', { ...commonParams('DescribeSnapshots'), RegionId: SOURCE_REGION }, CREDENTIAL.accessKeySecret),
    });

    expect(answer.status).toBe(200);
    expect(answer.contentType).toBe('application/json;charset=utf-8');
  });

  it('verifies values with spaces, * and ~ encoded per RFC 3986, in GET and POST', async () => {
    const name = 'a b*c~d(e)!';
    ecs.addSnapshot({ RegionId: SOURCE_REGION, DiskId: 'd-rfc', SnapshotName: name });

    for (const method of ['GET', 'POST'] as const) {
      const answer = await listSnapshots({ RegionId: SOURCE_REGION, SnapshotName: name }, method);
      expect(answer.Snapshots.Snapshot.map((snapshot) => snapshot.SnapshotName)).toEqual([name]);
    }
  });

  it('refuses a signature computed with * left unencoded', async () => {
    const params = { ...commonParams('DescribeSnapshots'), RegionId: SOURCE_REGION, SnapshotName: 'a*b' };
    const sloppy = (value: string) => encodeURIComponent(value);

    const answer = await raw({
      method: 'POST',
      path: '/',
      headers: FORM,
      body: signedQuery('POST', params, CREDENTIAL.accessKeySecret, sloppy),
    });

    expect(answer.status).toBe(400);
    expect(rawErrorCode(answer)).toBe('SignatureDoesNotMatch');
  });

  it('refuses a request signed for another method', async () => {
    const query = signedQuery('POST', { ...commonParams('DescribeSnapshots'), RegionId: SOURCE_REGION }, CREDENTIAL.accessKeySecret);

    const answer = await raw({ method: 'GET', path: `/?${query}` });

    expect(rawErrorCode(answer)).toBe('SignatureDoesNotMatch');
  });

  it('answers SignatureDoesNotMatch to a wrong secret, without echoing either secret', async () => {
    const wrong = { accessKeyId: CREDENTIAL.accessKeyId, accessKeySecret: 'not-the-secret' };

    const failure = await ecsFailureOf(call('DescribeSnapshots', { RegionId: SOURCE_REGION }, { client: clientFor(wrong) }));

    expect(failure).toMatchObject({ code: 'SignatureDoesNotMatch', status: 400 });
    expect(failure.body.RequestId).toMatch(REQUEST_ID);
    expect(failure.body.Message).not.toContain(CREDENTIAL.accessKeySecret);
    expect(failure.body.Message).not.toContain('not-the-secret');
    expect(ecs.calls.at(-1)).toMatchObject({ status: 400, Code: 'SignatureDoesNotMatch' });
  });

  it('answers 404 InvalidAccessKeyId.NotFound to an unknown AccessKeyId', async () => {
    const unknown = { accessKeyId: 'LTAI-nobody', accessKeySecret: 'whatever' };

    const failure = await ecsFailureOf(call('DescribeSnapshots', { RegionId: SOURCE_REGION }, { client: clientFor(unknown) }));

    expect(failure).toMatchObject({ code: 'InvalidAccessKeyId.NotFound', status: 404 });
  });

  it('answers SignatureNonceUsed to a nonce reused by the same AccessKeyId, not by another', async () => {
    const params = { ...commonParams('DescribeSnapshots'), RegionId: SOURCE_REGION, SignatureNonce: 'fixed-nonce-1' };
    const send = (credential: LocalEcsCredential) =>
      raw({
        method: 'POST',
        path: '/',
        headers: FORM,
        body: signedQuery('POST', { ...params, AccessKeyId: credential.accessKeyId }, credential.accessKeySecret),
      });

    const first = await send(CREDENTIAL);
    const again = await send(CREDENTIAL);
    const otherKey = await send(OTHER_CREDENTIAL);

    expect(first.status).toBe(200);
    expect(again.status).toBe(400);
    expect(rawErrorCode(again)).toBe('SignatureNonceUsed');
    expect(otherKey.status).toBe(200);
  });

  it('answers IllegalTimestamp to a Timestamp outside the window', async () => {
    const stale = { ...commonParams('DescribeSnapshots'), RegionId: SOURCE_REGION, Timestamp: ecsTimestamp(Date.now() - 16 * 60 * 1000) };

    const answer = await raw({ method: 'POST', path: '/', headers: FORM, body: signedQuery('POST', stale, CREDENTIAL.accessKeySecret) });

    expect(answer.status).toBe(400);
    expect(rawErrorCode(answer)).toBe('IllegalTimestamp');
  });

  it('answers IllegalTimestamp when the server clock is past the window of pop-core’s Timestamp', async () => {
    clockMs = Date.now() + 16 * 60 * 1000;

    const failure = await ecsFailureOf(call('DescribeSnapshots', { RegionId: SOURCE_REGION }));

    expect(failure).toMatchObject({ code: 'IllegalTimestamp', status: 400 });
  });

  it('honours a narrower timestampWindowMs', async () => {
    const narrow = await start({ timestampWindowMs: 60 * 1000 });
    clockMs = Date.now() + 2 * 60 * 1000;

    const failure = await ecsFailureOf(
      call('DescribeSnapshots', { RegionId: SOURCE_REGION }, { client: clientFor(CREDENTIAL, API_VERSION, narrow) }),
    );

    expect(failure.code).toBe('IllegalTimestamp');
  });

  it.each([
    ['Signature', 'MissingSignature'],
    ['SignatureNonce', 'MissingSignatureNonce'],
    ['Timestamp', 'MissingTimestamp'],
    ['AccessKeyId', 'MissingAccessKeyId'],
    ['Version', 'MissingVersion'],
  ])('answers 400 %s missing with %s', async (name, code) => {
    const query = signedQuery('POST', { ...commonParams('DescribeSnapshots'), RegionId: SOURCE_REGION }, CREDENTIAL.accessKeySecret);
    const without = query
      .split('&')
      .filter((pair) => !pair.startsWith(`${name}=`))
      .join('&');

    const answer = await raw({ method: 'POST', path: '/', headers: FORM, body: without });

    expect(answer.status).toBe(400);
    expect(rawErrorCode(answer)).toBe(code);
  });

  it('answers IncompleteSignature to an unsupported SignatureMethod', async () => {
    const params = { ...commonParams('DescribeSnapshots'), RegionId: SOURCE_REGION, SignatureMethod: 'HMAC-SHA256' };

    const answer = await raw({ method: 'POST', path: '/', headers: FORM, body: signedQuery('POST', params, CREDENTIAL.accessKeySecret) });

    expect(answer.status).toBe(400);
    expect(rawErrorCode(answer)).toBe('IncompleteSignature');
  });

  it('accepts an STS credential with its SecurityToken', async () => {
    await listSnapshots({ RegionId: SOURCE_REGION });
    const answer = await call('DescribeSnapshots', { RegionId: SOURCE_REGION }, { client: clientFor(STS_CREDENTIAL) });

    expect(DescribeTokenPageSchema.parse(answer).TotalCount).toBe(0);
    expect(ecs.calls.at(-1)?.params).not.toHaveProperty('SecurityToken');
  });

  it('answers InvalidSecurityToken.Malformed to an STS AccessKeyId without SecurityToken', async () => {
    const withoutToken = { accessKeyId: STS_CREDENTIAL.accessKeyId, accessKeySecret: STS_CREDENTIAL.accessKeySecret };

    const failure = await ecsFailureOf(call('DescribeSnapshots', { RegionId: SOURCE_REGION }, { client: clientFor(withoutToken) }));

    expect(failure).toMatchObject({ code: 'InvalidSecurityToken.Malformed', status: 400 });
  });

  it('answers InvalidSecurityToken.Mismatch to another SecurityToken', async () => {
    const failure = await ecsFailureOf(
      call('DescribeSnapshots', { RegionId: SOURCE_REGION }, { client: clientFor({ ...STS_CREDENTIAL, securityToken: 'other-token' }) }),
    );

    expect(failure).toMatchObject({ code: 'InvalidSecurityToken.Mismatch', status: 400 });
  });

  it('answers InvalidSecurityToken.Expired once the clock passes the expiration', async () => {
    const expiring = { ...STS_CREDENTIAL, expiration: new Date(clockMs + 60 * 1000) };
    const server = await start({ credentials: [expiring] });
    const client = clientFor(expiring, API_VERSION, server);
    await call('DescribeSnapshots', { RegionId: SOURCE_REGION }, { client });

    clockMs += 61 * 1000;
    const failure = await ecsFailureOf(call('DescribeSnapshots', { RegionId: SOURCE_REGION }, { client }));

    expect(failure).toMatchObject({ code: 'InvalidSecurityToken.Expired', status: 400 });
  });

  it('answers InvalidVersion to another API version', async () => {
    const failure = await ecsFailureOf(
      call('DescribeSnapshots', { RegionId: SOURCE_REGION }, { client: clientFor(CREDENTIAL, '2016-03-14') }),
    );

    expect(failure).toMatchObject({ code: 'InvalidVersion', status: 400 });
  });

  it('answers 404 InvalidAction.NotFound to an unknown Action', async () => {
    const failure = await ecsFailureOf(call('DescribeNothing', { RegionId: SOURCE_REGION }));

    expect(failure).toMatchObject({ code: 'InvalidAction.NotFound', status: 404 });
  });
});

// ---- robustness ---------------------------------------------------------------------------------------------------

describe('malformed input', () => {
  it('answers 400 to malformed percent-encoding and to bytes that are not UTF-8, and keeps serving', async () => {
    const badEscape = await raw({ method: 'POST', path: '/', headers: FORM, body: 'Action=DescribeSnapshots&RegionId=%E0%A4%A' });
    const notUtf8Escape = await raw({ method: 'GET', path: '/?Action=DescribeSnapshots&RegionId=%FF%FE' });
    const notUtf8Body = await raw({ method: 'POST', path: '/', headers: FORM, body: Buffer.from([0x41, 0x3d, 0xff, 0xfe, 0x26]) });

    expect([badEscape.status, notUtf8Escape.status, notUtf8Body.status]).toEqual([400, 400, 400]);
    expect(rawErrorCode(badEscape)).toBe('InvalidParameter.Encoding');
    await expect(listSnapshots({ RegionId: SOURCE_REGION })).resolves.toBeDefined();
  });

  it('answers 413 to a body over 1 MB, and keeps serving', async () => {
    const huge = `Action=DescribeSnapshots&Pad=${'x'.repeat(1024 * 1024 + 10)}`;

    const answer = await raw({ method: 'POST', path: '/', headers: FORM, body: huge });

    expect(answer.status).toBe(413);
    await expect(listSnapshots({ RegionId: SOURCE_REGION })).resolves.toBeDefined();
  });

  it('answers an ECS error, never a crash, to junk requests', async () => {
    const answers = await Promise.all([
      raw({ method: 'GET', path: '/' }),
      raw({ method: 'GET', path: '/?&&=&=x&Action' }),
      raw({ method: 'PUT', path: '/' }),
      raw({ method: 'GET', path: '/elsewhere' }),
      raw({ method: 'POST', path: '/', headers: { 'content-type': 'application/json' }, body: '{"Action":"DescribeSnapshots"}' }),
    ]);

    for (const answer of answers) {
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(ErrorBodySchema.parse(JSON.parse(answer.text)).RequestId).toMatch(REQUEST_ID);
    }
    expect(ecs.calls).toHaveLength(answers.length);
    await expect(listSnapshots({ RegionId: SOURCE_REGION })).resolves.toBeDefined();
  });

  it('answers 400 to a missing or unknown RegionId', async () => {
    const missing = await ecsFailureOf(call('DescribeSnapshots', {}));
    const unknown = await ecsFailureOf(call('DescribeSnapshots', { RegionId: 'xx-nowhere-1' }));

    expect(missing).toMatchObject({ code: 'MissingRegionId', status: 400 });
    expect(unknown).toMatchObject({ code: 'InvalidRegionId.NotFound', status: 400 });
  });
});

// ---- CopySnapshot --------------------------------------------------------------------------------------------------

describe('CopySnapshot', () => {
  it('creates a progressing copy in the destination that becomes accomplished with the clock', async () => {
    const source = ecs.addSnapshot({ RegionId: SOURCE_REGION, DiskId: 'd-data', SourceDiskSize: 100 });

    const answer = await copy(
      copyParams(source.SnapshotId, {
        RetentionDays: 30,
        Tag: [
          { Key: 'dr', Value: 'yes' },
          { Key: 'empty', Value: '' },
        ],
      }),
    );

    expect(answer.RequestId).toMatch(REQUEST_ID);
    expect(ecs.snapshots(SOURCE_REGION).map((snapshot) => snapshot.SnapshotId)).toEqual([source.SnapshotId]);
    const [made] = ecs.snapshots(DESTINATION_REGION);
    expect(made).toMatchObject({
      SnapshotId: answer.SnapshotId,
      Status: 'progressing',
      Progress: '0%',
      SnapshotName: 'dr-copy',
      Description: 'Disaster recovery copy',
      SourceSnapshotId: source.SnapshotId,
      SourceRegionId: SOURCE_REGION,
      SourceDiskId: 'd-data',
      SourceDiskSize: '100',
      RetentionDays: 30,
      SnapshotType: 'user',
      Encrypted: false,
      Tags: {
        Tag: [
          { TagKey: 'dr', TagValue: 'yes' },
          { TagKey: 'empty', TagValue: '' },
        ],
      },
      RegionId: DESTINATION_REGION,
    });

    clockMs += COPY_DURATION_MS * 0.37;
    const midway = await listSnapshots({ RegionId: DESTINATION_REGION, SnapshotIds: JSON.stringify([answer.SnapshotId]) });
    expect(midway.Snapshots.Snapshot[0]).toMatchObject({ Status: 'progressing', Progress: '37%' });

    clockMs += COPY_DURATION_MS;
    const done = await listSnapshots({ RegionId: DESTINATION_REGION });
    expect(done.Snapshots.Snapshot[0]).toMatchObject({ SnapshotId: answer.SnapshotId, Status: 'accomplished', Progress: '100%' });
  });

  it('carries Encrypted and KMSKeyId to the copy', async () => {
    const answer = await copy(copyParams(seed(), { Encrypted: true, KMSKeyId: 'key-in-destination' }));

    expect(ecs.snapshots(DESTINATION_REGION)[0]).toMatchObject({
      SnapshotId: answer.SnapshotId,
      Encrypted: true,
      KMSKeyId: 'key-in-destination',
    });
  });

  it('answers the same SnapshotId, and makes no second copy, to the same ClientToken with the same parameters', async () => {
    const params = copyParams(seed(), { ClientToken: 'token-1', Tag: [{ Key: 'k', Value: 'v' }] });

    const first = await copy(params);
    const retry = await copy(params, clientFor(OTHER_CREDENTIAL));

    expect(retry.SnapshotId).toBe(first.SnapshotId);
    expect(retry.RequestId).not.toBe(first.RequestId);
    expect(ecs.snapshots(DESTINATION_REGION)).toHaveLength(1);
  });

  it.each([
    ['DestinationSnapshotName', { DestinationSnapshotName: 'other-name' }],
    ['DestinationSnapshotDescription', { DestinationSnapshotDescription: 'Other description' }],
    ['DestinationRegionId', { DestinationRegionId: 'cn-beijing' }],
    ['RetentionDays', { RetentionDays: 7 }],
    ['Tag', { Tag: [{ Key: 'k', Value: 'other' }] }],
    ['Encrypted', { Encrypted: true }],
    ['RegionId', { RegionId: 'cn-beijing' }],
  ])('answers IdempotentParameterMismatch to the same ClientToken with another %s', async (_name, change) => {
    const params = copyParams(seed(), { ClientToken: 'token-2', Tag: [{ Key: 'k', Value: 'v' }] });
    await copy(params);

    const failure = await ecsFailureOf(call('CopySnapshot', { ...params, ...change }));

    expect(failure).toMatchObject({ code: 'IdempotentParameterMismatch', status: 400 });
    expect(ecs.snapshots(DESTINATION_REGION)).toHaveLength(1);
  });

  it('answers IdempotentParameterMismatch to the same ClientToken with another KMSKeyId', async () => {
    const params = copyParams(seed(), { ClientToken: 'token-kms', Encrypted: true, KMSKeyId: 'key-a' });
    await copy(params);

    const failure = await ecsFailureOf(call('CopySnapshot', { ...params, KMSKeyId: 'key-b' }));

    expect(failure.code).toBe('IdempotentParameterMismatch');
  });

  it('answers IdempotentParameterMismatch to the same ClientToken for another source', async () => {
    await copy(copyParams(seed(), { ClientToken: 'token-3' }));

    const failure = await ecsFailureOf(call('CopySnapshot', copyParams(seed(), { ClientToken: 'token-3' })));

    expect(failure.code).toBe('IdempotentParameterMismatch');
  });

  it('treats ClientTokens as case-sensitive', async () => {
    const source = seed();
    await copy(copyParams(source, { ClientToken: 'Token-Case' }));

    const failure = await ecsFailureOf(call('CopySnapshot', copyParams(source, { ClientToken: 'token-case' })));

    expect(failure.code).toBe('InvalidOperation.DiskHasUnfinishedSnapshotCopy');
  });

  it('answers 403 InvalidSnapshotId.NotFound to an unknown source or one in another region', async () => {
    const elsewhere = ecs.addSnapshot({ RegionId: 'cn-beijing', DiskId: 'd-beijing' }).SnapshotId;

    const unknown = await ecsFailureOf(call('CopySnapshot', copyParams('s-doesnotexist0000000')));
    const wrongRegion = await ecsFailureOf(call('CopySnapshot', copyParams(elsewhere)));

    expect(unknown).toMatchObject({ code: 'InvalidSnapshotId.NotFound', status: 403 });
    expect(wrongRegion).toMatchObject({ code: 'InvalidSnapshotId.NotFound', status: 403 });
  });

  it('answers 403 InvalidSnapshotId.NotReady to a progressing source', async () => {
    const failure = await ecsFailureOf(call('CopySnapshot', copyParams(seed({ Status: 'progressing' }))));

    expect(failure).toMatchObject({ code: 'InvalidSnapshotId.NotReady', status: 403 });
  });

  it('answers NotReady to a copy still progressing as a source, and copies it once accomplished', async () => {
    const first = await copy(copyParams(seed()));
    const onward = { ...copyParams(first.SnapshotId), RegionId: DESTINATION_REGION, DestinationRegionId: 'cn-beijing' };

    const early = await ecsFailureOf(call('CopySnapshot', onward));
    clockMs += COPY_DURATION_MS;
    const later = await copy(onward);

    expect(early.code).toBe('InvalidSnapshotId.NotReady');
    expect(ecs.snapshots('cn-beijing')[0]).toMatchObject({
      SnapshotId: later.SnapshotId,
      SourceSnapshotId: first.SnapshotId,
      SourceRegionId: DESTINATION_REGION,
    });
  });

  it.each([
    ['a local snapshot', { Local: true }],
    ['an archive snapshot', { Category: 'archive' as const }],
  ])('answers 403 InvalidSnapshotId.NotSupported to %s', async (_what, overrides) => {
    const failure = await ecsFailureOf(call('CopySnapshot', copyParams(seed(overrides))));

    expect(failure).toMatchObject({ code: 'InvalidSnapshotId.NotSupported', status: 403 });
  });

  it('answers 403 InvalidOperation.NotSupportCopyInSameRegion', async () => {
    const failure = await ecsFailureOf(call('CopySnapshot', copyParams(seed(), { DestinationRegionId: SOURCE_REGION })));

    expect(failure).toMatchObject({ code: 'InvalidOperation.NotSupportCopyInSameRegion', status: 403 });
  });

  it('answers DiskHasUnfinishedSnapshotCopy while a copy of the same disk to the same destination runs', async () => {
    const older = seed({ DiskId: 'd-busy', CreationTime: '2024-05-01T02:00:00Z' });
    const newer = seed({ DiskId: 'd-busy', CreationTime: '2024-05-02T02:00:00Z' });
    await copy(copyParams(older));

    const busy = await ecsFailureOf(call('CopySnapshot', copyParams(newer)));
    const otherDestination = await copy(copyParams(newer, { DestinationRegionId: 'cn-beijing' }));
    clockMs += COPY_DURATION_MS;
    const afterwards = await copy(copyParams(newer));

    expect(busy).toMatchObject({ code: 'InvalidOperation.DiskHasUnfinishedSnapshotCopy', status: 403 });
    expect(otherDestination.SnapshotId).not.toBe(afterwards.SnapshotId);
    expect(ecs.snapshots(DESTINATION_REGION).map((snapshot) => snapshot.SourceSnapshotId)).toEqual([newer, older]);
  });

  it.each(['RegionId', 'SnapshotId', 'DestinationRegionId', 'DestinationSnapshotName', 'DestinationSnapshotDescription'])(
    'answers 400 Missing%s when it is absent',
    async (name) => {
      const params = copyParams(seed());
      delete params[name];

      const failure = await ecsFailureOf(call('CopySnapshot', params));

      expect(failure).toMatchObject({ code: `Missing${name}`, status: 400 });
    },
  );

  it('answers InvalidRegionId.NotFound and InvalidDestinationRegionId.NotFound to unknown regions', async () => {
    const source = seed();

    const region = await ecsFailureOf(call('CopySnapshot', copyParams(source, { RegionId: 'xx-nowhere-1' })));
    const destination = await ecsFailureOf(call('CopySnapshot', copyParams(source, { DestinationRegionId: 'xx-nowhere-1' })));

    expect(region).toMatchObject({ code: 'InvalidRegionId.NotFound', status: 400 });
    expect(destination).toMatchObject({ code: 'InvalidDestinationRegionId.NotFound', status: 400 });
  });

  const twentyTags = Array.from({ length: 20 }, (_, i) => ({ Key: `key-${i}`, Value: `value-${i}` }));
  const invalidCases: [string, Record<string, unknown>, string][] = [
    ['a one-character name', { DestinationSnapshotName: 'a' }, 'InvalidDestinationSnapshotName.Malformed'],
    ['a 129-character name', { DestinationSnapshotName: `a${'b'.repeat(128)}` }, 'InvalidDestinationSnapshotName.Malformed'],
    ['a name starting with a digit', { DestinationSnapshotName: '1copy' }, 'InvalidDestinationSnapshotName.Malformed'],
    ['a name with a space', { DestinationSnapshotName: 'dr copy' }, 'InvalidDestinationSnapshotName.Malformed'],
    ['a name with a slash', { DestinationSnapshotName: 'dr/copy' }, 'InvalidDestinationSnapshotName.Malformed'],
    ['a name starting with http://', { DestinationSnapshotName: 'http://copy' }, 'InvalidDestinationSnapshotName.Malformed'],
    ['a one-character description', { DestinationSnapshotDescription: 'x' }, 'InvalidDestinationSnapshotDescription.Malformed'],
    ['a 257-character description', { DestinationSnapshotDescription: 'x'.repeat(257) }, 'InvalidDestinationSnapshotDescription.Malformed'],
    [
      'a description starting with https://',
      { DestinationSnapshotDescription: 'https://example.com' },
      'InvalidDestinationSnapshotDescription.Malformed',
    ],
    ['RetentionDays 0', { RetentionDays: 0 }, 'InvalidRetentionDays.Malformed'],
    ['RetentionDays 65537', { RetentionDays: 65537 }, 'InvalidRetentionDays.Malformed'],
    ['RetentionDays 1.5', { RetentionDays: 1.5 }, 'InvalidRetentionDays.Malformed'],
    ['RetentionDays abc', { RetentionDays: 'abc' }, 'InvalidRetentionDays.Malformed'],
    ['an empty tag key', { Tag: [{ Key: '', Value: 'v' }] }, 'InvalidTagKey.Malformed'],
    ['a tag value without key', { 'Tag.1.Value': 'v' }, 'InvalidTagKey.Malformed'],
    ['a 129-character tag key', { Tag: [{ Key: 'k'.repeat(129), Value: 'v' }] }, 'InvalidTagKey.Malformed'],
    ['a tag key containing http://', { Tag: [{ Key: 'see-http://x', Value: 'v' }] }, 'InvalidTagKey.Malformed'],
    ['a tag key starting with acs:', { Tag: [{ Key: 'acs:owner', Value: 'v' }] }, 'InvalidTagKey.Malformed'],
    ['a tag key starting with aliyun', { Tag: [{ Key: 'aliyun-owner', Value: 'v' }] }, 'InvalidTagKey.Malformed'],
    ['a 129-character tag value', { Tag: [{ Key: 'k', Value: 'v'.repeat(129) }] }, 'InvalidTagValue.Malformed'],
    ['a tag value containing https://', { Tag: [{ Key: 'k', Value: 'at https://x' }] }, 'InvalidTagValue.Malformed'],
    ['a tag value starting with acs:', { Tag: [{ Key: 'k', Value: 'acs:v' }] }, 'InvalidTagValue.Malformed'],
    ['a tag value starting with aliyun', { Tag: [{ Key: 'k', Value: 'aliyunv' }] }, 'InvalidTagValue.Malformed'],
    [
      'duplicate tag keys',
      {
        Tag: [
          { Key: 'k', Value: '1' },
          { Key: 'k', Value: '2' },
        ],
      },
      'Duplicate.TagKey',
    ],
    ['21 tags', { Tag: [...twentyTags, { Key: 'one-more', Value: 'v' }] }, 'InvalidTagCount'],
    ['KMSKeyId without Encrypted', { KMSKeyId: 'key-1' }, 'InvalidParameter.KMSKeyId'],
    ['KMSKeyId with Encrypted false', { KMSKeyId: 'key-1', Encrypted: false }, 'InvalidParameter.KMSKeyId'],
    ['Encrypted yes', { Encrypted: 'yes' }, 'InvalidParameter.Encrypted'],
    ['a 65-character ClientToken', { ClientToken: 't'.repeat(65) }, 'InvalidParameter.ClientToken'],
    ['a non-ASCII ClientToken', { ClientToken: 'tøken' }, 'InvalidParameter.ClientToken'],
  ];

  it.each(invalidCases)('answers 400 to %s', async (_what, change, code) => {
    const failure = await ecsFailureOf(call('CopySnapshot', copyParams(seed(), change)));

    expect(failure).toMatchObject({ code, status: 400 });
    expect(ecs.snapshots(DESTINATION_REGION)).toHaveLength(0);
  });

  const validCases: [string, Record<string, unknown>][] = [
    ['a two-character name', { DestinationSnapshotName: 'ab' }],
    ['a 128-character name', { DestinationSnapshotName: `a${'b'.repeat(127)}` }],
    ['a name with : _ . -', { DestinationSnapshotName: 'dr:copy_1.2-3' }],
    ['a name in Chinese letters', { DestinationSnapshotName: '快照副本' }],
    ['a 256-character description', { DestinationSnapshotDescription: 'x'.repeat(256) }],
    ['a description containing a URL after its start', { DestinationSnapshotDescription: 'see https://example.com' }],
    ['RetentionDays 1', { RetentionDays: 1 }],
    ['RetentionDays 65536', { RetentionDays: 65536 }],
    ['20 tags', { Tag: twentyTags }],
    ['a 128-character tag key and value', { Tag: [{ Key: 'k'.repeat(128), Value: 'v'.repeat(128) }] }],
    ['a 64-character ClientToken', { ClientToken: 't'.repeat(64) }],
  ];

  it.each(validCases)('accepts %s', async (_what, change) => {
    const answer = await copy(copyParams(seed(), change));

    expect(ecs.snapshots(DESTINATION_REGION).map((snapshot) => snapshot.SnapshotId)).toEqual([answer.SnapshotId]);
  });
});

// ---- DescribeSnapshots ---------------------------------------------------------------------------------------------

describe('DescribeSnapshots', () => {
  function seedVariety(): Record<string, string> {
    return {
      autoA: seed({
        DiskId: 'd-a',
        InstanceId: 'i-1',
        SnapshotType: 'auto',
        CreationTime: '2024-05-01T02:00:00Z',
        Tags: [
          { Key: 'env', Value: 'prod' },
          { Key: 'team', Value: 'db' },
        ],
      }),
      userA: seed({
        DiskId: 'd-a',
        InstanceId: 'i-1',
        SnapshotType: 'user',
        SnapshotName: 'before-upgrade',
        CreationTime: '2024-05-02T02:00:00Z',
        Tags: [{ Key: 'env', Value: 'test' }],
      }),
      progressingB: seed({
        DiskId: 'd-b',
        Status: 'progressing',
        CreationTime: '2024-05-03T02:00:00Z',
        Tags: [{ Key: 'env', Value: 'prod' }],
      }),
      failedB: seed({ DiskId: 'd-b', Status: 'failed', CreationTime: '2024-04-30T02:00:00Z' }),
      encryptedC: seed({
        DiskId: 'd-c',
        Encrypted: true,
        Category: 'flash',
        CreationTime: '2024-04-29T02:00:00Z',
        Tags: [{ Key: 'team', Value: 'web' }],
      }),
    };
  }

  async function ids(params: Record<string, unknown>): Promise<string[]> {
    const answer = await listSnapshots({ RegionId: SOURCE_REGION, MaxResults: 100, ...params });
    expect(answer.TotalCount).toBe(answer.Snapshots.Snapshot.length);
    return answer.Snapshots.Snapshot.map((snapshot) => snapshot.SnapshotId);
  }

  it('lists a region newest first, in the documented shape', async () => {
    const s = seedVariety();

    const answer = await listSnapshots({ RegionId: SOURCE_REGION });

    expect(answer.NextToken).toBe('');
    expect(answer.Snapshots.Snapshot.map((snapshot) => snapshot.SnapshotId)).toEqual([
      s.progressingB,
      s.userA,
      s.autoA,
      s.failedB,
      s.encryptedC,
    ]);
    expect(answer.Snapshots.Snapshot[2]).toMatchObject({
      SourceDiskId: 'd-a',
      SourceDiskSize: '40',
      SnapshotType: 'auto',
      SnapshotName: 'auto_20240501_1',
      Status: 'accomplished',
      Progress: '100%',
      Category: 'standard',
      CreationTime: '2024-05-01T02:00:00Z',
      Tags: {
        Tag: [
          { TagKey: 'env', TagValue: 'prod' },
          { TagKey: 'team', TagValue: 'db' },
        ],
      },
    });
    expect(answer.Snapshots.Snapshot[2]).not.toHaveProperty('SourceSnapshotId');
  });

  it('filters by DiskId, InstanceId, SnapshotName, Status, SnapshotType, Category and Encrypted', async () => {
    const s = seedVariety();

    expect(await ids({ DiskId: 'd-b' })).toEqual([s.progressingB, s.failedB]);
    expect(await ids({ InstanceId: 'i-1' })).toEqual([s.userA, s.autoA]);
    expect(await ids({ SnapshotName: 'before-upgrade' })).toEqual([s.userA]);
    expect(await ids({ Status: 'progressing' })).toEqual([s.progressingB]);
    expect(await ids({ Status: 'failed' })).toEqual([s.failedB]);
    expect(await ids({ Status: 'all' })).toHaveLength(5);
    expect(await ids({ SnapshotType: 'auto' })).toEqual([s.autoA]);
    expect(await ids({ SnapshotType: 'all' })).toHaveLength(5);
    expect(await ids({ Category: 'flash' })).toEqual([s.encryptedC]);
    expect(await ids({ Encrypted: true })).toEqual([s.encryptedC]);
    expect(await ids({ Encrypted: false, DiskId: 'd-a' })).toEqual([s.userA, s.autoA]);
  });

  it('filters by SnapshotIds given as a JSON array', async () => {
    const s = seedVariety();

    expect(await ids({ SnapshotIds: JSON.stringify([s.autoA, s.encryptedC, 's-unknown']) })).toEqual([s.autoA, s.encryptedC]);
  });

  it.each([
    ['more than 100 SnapshotIds', JSON.stringify(Array.from({ length: 101 }, (_, i) => `s-${i}`))],
    ['SnapshotIds that are not JSON', 's-abc,s-def'],
    ['SnapshotIds that are not an array of strings', '{"id":"s-abc"}'],
  ])('answers 403 InvalidSnapshotIds.Malformed to %s', async (_what, value) => {
    const failure = await ecsFailureOf(call('DescribeSnapshots', { RegionId: SOURCE_REGION, SnapshotIds: value }));

    expect(failure).toMatchObject({ code: 'InvalidSnapshotIds.Malformed', status: 403 });
  });

  it('filters by tags: every tag must match, a key without value matches any value', async () => {
    const s = seedVariety();

    expect(await ids({ Tag: [{ Key: 'env', Value: 'prod' }] })).toEqual([s.progressingB, s.autoA]);
    expect(await ids({ Tag: [{ Key: 'env' }] })).toEqual([s.progressingB, s.userA, s.autoA]);
    expect(
      await ids({
        Tag: [
          { Key: 'env', Value: 'prod' },
          { Key: 'team', Value: 'db' },
        ],
      }),
    ).toEqual([s.autoA]);
    expect(
      await ids({
        Tag: [
          { Key: 'env', Value: 'prod' },
          { Key: 'team', Value: 'web' },
        ],
      }),
    ).toEqual([]);
    expect(await ids({ Tag: [{ Key: 'team' }], Status: 'accomplished' })).toEqual([s.autoA, s.encryptedC]);
  });

  it('finds copies by the tag they were given and shows their source', async () => {
    const source = seed({ DiskId: 'd-tagged' });
    const made = await copy(copyParams(source, { Tag: [{ Key: 'copied-from', Value: source }] }));

    const answer = await listSnapshots({ RegionId: DESTINATION_REGION, Tag: [{ Key: 'copied-from', Value: source }] });

    expect(answer.Snapshots.Snapshot).toHaveLength(1);
    expect(answer.Snapshots.Snapshot[0]).toMatchObject({
      SnapshotId: made.SnapshotId,
      SourceSnapshotId: source,
      SourceRegionId: SOURCE_REGION,
    });
  });

  it('pages with MaxResults and NextToken over more than 100 snapshots, newest first, without gaps or repeats', async () => {
    const base = Date.parse('2024-01-01T00:00:00Z');
    const seeded = Array.from({ length: 250 }, (_, i) =>
      // Pairs share a CreationTime, so the order among equal times must be stable too.
      ecs.addSnapshot({
        RegionId: SOURCE_REGION,
        DiskId: `d-${i % 3}`,
        CreationTime: new Date(base + Math.floor(i / 2) * 60_000).toISOString(),
      }),
    );

    const pages: z.infer<typeof DescribeTokenPageSchema>[] = [];
    let NextToken: string | undefined;
    do {
      const page = await listSnapshots({ RegionId: SOURCE_REGION, MaxResults: 100, ...(NextToken === undefined ? {} : { NextToken }) });
      pages.push(page);
      NextToken = page.NextToken === '' ? undefined : page.NextToken;
    } while (NextToken !== undefined);

    expect(pages.map((page) => page.Snapshots.Snapshot.length)).toEqual([100, 100, 50]);
    expect(pages.every((page) => page.TotalCount === 250)).toBe(true);
    const listed = pages.flatMap((page) => page.Snapshots.Snapshot.map((snapshot) => snapshot.SnapshotId));
    expect(new Set(listed).size).toBe(250);
    expect(listed).toEqual(seeded.map((snapshot) => snapshot.SnapshotId).reverse());
  });

  it('keeps paging by NextToken with a filter and does not repeat after a new snapshot appears', async () => {
    for (let i = 0; i < 15; i += 1)
      seed({ DiskId: 'd-page', CreationTime: new Date(Date.parse('2024-01-01T00:00:00Z') + i * 1000).toISOString() });
    seed({ DiskId: 'd-other' });

    const first = await listSnapshots({ RegionId: SOURCE_REGION, DiskId: 'd-page', MaxResults: 10 });
    seed({ DiskId: 'd-page' });
    const second = await listSnapshots({ RegionId: SOURCE_REGION, DiskId: 'd-page', MaxResults: 10, NextToken: first.NextToken });

    expect(first.Snapshots.Snapshot).toHaveLength(10);
    expect(second.Snapshots.Snapshot).toHaveLength(5);
    expect(second.NextToken).toBe('');
    const firstIds = new Set(first.Snapshots.Snapshot.map((snapshot) => snapshot.SnapshotId));
    expect(second.Snapshots.Snapshot.some((snapshot) => firstIds.has(snapshot.SnapshotId))).toBe(false);
  });

  it.each([
    ['garbage', 'not-a-token'],
    ['base64 of something else', Buffer.from('{"a":1}').toString('base64url')],
  ])('answers 400 InvalidParameter.NextToken to %s', async (_what, NextToken) => {
    const failure = await ecsFailureOf(call('DescribeSnapshots', { RegionId: SOURCE_REGION, NextToken }));

    expect(failure).toMatchObject({ code: 'InvalidParameter.NextToken', status: 400 });
  });

  it('answers InvalidParameter.NextToken to a token of another query', async () => {
    for (let i = 0; i < 3; i += 1) seed({ DiskId: 'd-x' });
    const page = await listSnapshots({ RegionId: SOURCE_REGION, MaxResults: 1 });

    const failure = await ecsFailureOf(
      call('DescribeSnapshots', { RegionId: SOURCE_REGION, MaxResults: 1, DiskId: 'd-x', NextToken: page.NextToken }),
    );

    expect(failure.code).toBe('InvalidParameter.NextToken');
  });

  it.each([0, 101, 'ten'])('answers 400 InvalidParameter.MaxResults to MaxResults %s', async (MaxResults) => {
    const failure = await ecsFailureOf(call('DescribeSnapshots', { RegionId: SOURCE_REGION, MaxResults }));

    expect(failure).toMatchObject({ code: 'InvalidParameter.MaxResults', status: 400 });
  });

  it('defaults to pages of 10', async () => {
    for (let i = 0; i < 12; i += 1) seed();

    const answer = await listSnapshots({ RegionId: SOURCE_REGION });

    expect(answer.Snapshots.Snapshot).toHaveLength(10);
    expect(answer.TotalCount).toBe(12);
    expect(answer.NextToken).not.toBe('');
  });

  it('pages with the older PageNumber and PageSize', async () => {
    const made = Array.from({ length: 7 }, (_, i) =>
      seed({ CreationTime: new Date(Date.parse('2024-02-01T00:00:00Z') + i * 1000).toISOString() }),
    ).reverse();

    const answer = DescribePageNumberSchema.parse(await call('DescribeSnapshots', { RegionId: SOURCE_REGION, PageNumber: 2, PageSize: 3 }));

    expect(answer).toMatchObject({ TotalCount: 7, PageNumber: 2, PageSize: 3 });
    expect(answer.Snapshots.Snapshot.map((snapshot) => snapshot.SnapshotId)).toEqual(made.slice(3, 6));
  });

  it.each([
    ['Category', 'premium'],
    ['Encrypted', 'maybe'],
    ['PageSize', '101'],
  ])('answers 400 InvalidParameter.%s to %s', async (name, value) => {
    const failure = await ecsFailureOf(call('DescribeSnapshots', { RegionId: SOURCE_REGION, [name]: value }));

    expect(failure).toMatchObject({ code: `InvalidParameter.${name}`, status: 400 });
  });
});

// ---- faults --------------------------------------------------------------------------------------------------------

describe('faults', () => {
  it('answers an injected ECS error once, with its status and Code, without doing the action', async () => {
    const source = seed();
    ecs.injectFault({ Action: 'CopySnapshot', fault: { kind: 'error', Code: 'InternalError', status: 500 } });

    const failure = await ecsFailureOf(call('CopySnapshot', copyParams(source)));
    const noCopy = ecs.snapshots(DESTINATION_REGION).length;
    await copy(copyParams(source));

    expect(failure).toMatchObject({ code: 'InternalError', status: 500 });
    expect(failure.body.Message).not.toBe('');
    expect(noCopy).toBe(0);
    expect(ecs.calls.map((recorded) => [recorded.status, recorded.Code])).toEqual([
      [500, 'InternalError'],
      [200, undefined],
    ]);
  });

  it('applies a fault `times` times, only to its Action, in FIFO order', async () => {
    ecs.injectFault({ Action: 'CopySnapshot', fault: { kind: 'throttle' }, times: 2 });
    ecs.injectFault({ Action: 'CopySnapshot', fault: { kind: 'error', Code: 'ServiceUnavailable', status: 503 } });
    const source = seed();

    await expect(listSnapshots({ RegionId: SOURCE_REGION })).resolves.toBeDefined();
    const codes: string[] = [];
    for (let i = 0; i < 3; i += 1) codes.push((await ecsFailureOf(call('CopySnapshot', copyParams(source)))).code);
    await copy(copyParams(source));

    expect(codes).toEqual(['Throttling.User', 'Throttling.User', 'ServiceUnavailable']);
  });

  it('answers a throttle as 400 Throttling.User', async () => {
    ecs.injectFault({ fault: { kind: 'throttle' } });

    const failure = await ecsFailureOf(call('DescribeSnapshots', { RegionId: SOURCE_REGION }));

    expect(failure).toMatchObject({ code: 'Throttling.User', status: 400 });
  });

  it('applies faults only after the signature is verified', async () => {
    ecs.injectFault({ fault: { kind: 'error', Code: 'InternalError', status: 500 } });
    const wrong = clientFor({ accessKeyId: CREDENTIAL.accessKeyId, accessKeySecret: 'wrong' });

    const unsigned = await ecsFailureOf(call('DescribeSnapshots', { RegionId: SOURCE_REGION }, { client: wrong }));
    const signed = await ecsFailureOf(call('DescribeSnapshots', { RegionId: SOURCE_REGION }));

    expect(unsigned.code).toBe('SignatureDoesNotMatch');
    expect(signed.code).toBe('InternalError');
  });

  it('answers a status without Code, which pop-core takes for a success', async () => {
    ecs.injectFault({ fault: { kind: 'status-without-code', status: 503 } });
    const verbose = new RPCClient({ endpoint: ecs.url, apiVersion: API_VERSION, ...CREDENTIAL }, true);

    const answer = z
      .tuple([z.strictObject({ RequestId: z.string() }), z.object({ response: z.object({ statusCode: z.number() }) })])
      .parse(await verbose.request('DescribeSnapshots', { RegionId: SOURCE_REGION }, { method: 'POST', timeout: 3000 }));

    expect(answer[0].RequestId).toMatch(REQUEST_ID);
    expect(answer[1].response.statusCode).toBe(503);
    expect(ecs.calls.at(-1)).toMatchObject({ status: 503 });
    expect(ecs.calls.at(-1)).not.toHaveProperty('Code');
  });

  it('answers an HTML page, on which pop-core throws a SyntaxError-named object', async () => {
    ecs.injectFault({ fault: { kind: 'html', status: 502 } });
    ecs.injectFault({ fault: { kind: 'html', status: 502 } });

    const error = await failureOf(call('DescribeSnapshots', { RegionId: SOURCE_REGION }));
    const page = await raw({
      method: 'POST',
      path: '/',
      headers: FORM,
      body: signedQuery('POST', { ...commonParams('DescribeSnapshots'), RegionId: SOURCE_REGION }, CREDENTIAL.accessKeySecret),
    });

    // json-bigint throws a plain object named SyntaxError, not an Error instance.
    expect(error).toMatchObject({ name: 'SyntaxError' });
    expect(page.status).toBe(502);
    expect(page.contentType).toBe('text/html');
    expect(page.text).toContain('502 Bad Gateway');
  });

  it('answers half a JSON body after doing the action', async () => {
    ecs.injectFault({ Action: 'CopySnapshot', fault: { kind: 'truncated-json' } });

    const error = await failureOf(call('CopySnapshot', copyParams(seed())));

    expect(error).toMatchObject({ name: 'SyntaxError' });
    expect(ecs.snapshots(DESTINATION_REGION)).toHaveLength(1);
    expect(ecs.calls.at(-1)).toMatchObject({ status: 200 });
  });

  it('delays an answer past the client timeout, and still does the action', async () => {
    ecs.injectFault({ Action: 'CopySnapshot', fault: { kind: 'delay', ms: 400 } });

    const error = await failureOf(call('CopySnapshot', copyParams(seed()), { timeout: 100 }));
    await new Promise((resolve) => setTimeout(resolve, 500));

    expect(error).toMatchObject({ name: 'RequestTimeoutError' });
    expect(ecs.snapshots(DESTINATION_REGION)).toHaveLength(1);
  });

  it('delays an answer within the client timeout, which then arrives normally', async () => {
    ecs.injectFault({ fault: { kind: 'delay', ms: 200 } });
    const startedAt = Date.now();

    await listSnapshots({ RegionId: SOURCE_REGION });

    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(190);
  });

  it('drops the connection before checking the signature, without doing the action', async () => {
    ecs.injectFault({ fault: { kind: 'drop' } });
    const wrong = clientFor({ accessKeyId: CREDENTIAL.accessKeyId, accessKeySecret: 'wrong' });

    const error = await failureOf(call('CopySnapshot', copyParams(seed()), { client: wrong }));

    expect(error).toMatchObject({ code: expect.stringMatching(/^(ECONNRESET|EPIPE)$/) });
    expect(ecs.snapshots(DESTINATION_REGION)).toHaveLength(0);
    expect(ecs.calls.at(-1)).toMatchObject({ Action: 'CopySnapshot', status: 0 });
  });

  it('loses the answer after making the copy; a retry with the same ClientToken gets that copy', async () => {
    const params = copyParams(seed(), { ClientToken: 'lost-answer-token' });
    ecs.injectFault({ Action: 'CopySnapshot', fault: { kind: 'lose-answer' } });

    const error = await failureOf(call('CopySnapshot', params));
    const made = ecs.snapshots(DESTINATION_REGION);
    const retry = await copy(params);

    expect(error).toMatchObject({ code: expect.stringMatching(/^(ECONNRESET|EPIPE)$/) });
    expect(made).toHaveLength(1);
    expect(retry.SnapshotId).toBe(made[0]?.SnapshotId);
    expect(ecs.calls.map((recorded) => recorded.status)).toEqual([0, 200]);
  });

  it('clears staged faults', async () => {
    ecs.injectFault({ fault: { kind: 'throttle' }, times: 5 });
    ecs.clearFaults();

    await expect(listSnapshots({ RegionId: SOURCE_REGION })).resolves.toBeDefined();
  });

  it('refuses a malformed fault rule', () => {
    expect(() => ecs.injectFault({ fault: { kind: 'error', Code: '', status: 500 } })).toThrow();
    expect(() => ecs.injectFault({ fault: { kind: 'delay', ms: -1 } })).toThrow();
    expect(() => ecs.injectFault({ fault: { kind: 'throttle' }, times: 0 })).toThrow();
  });

  it('adds latencyMs to every answer', async () => {
    const slow = await start({ latencyMs: 150 });
    const startedAt = Date.now();

    await call('DescribeSnapshots', { RegionId: SOURCE_REGION }, { client: clientFor(CREDENTIAL, API_VERSION, slow) });

    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(140);
  });
});

// ---- control API ---------------------------------------------------------------------------------------------------

describe('control API under /_local/', () => {
  it('seeds snapshots, stages and clears faults and lists calls over HTTP', async () => {
    const added = await raw({
      method: 'POST',
      path: '/_local/snapshots',
      body: JSON.stringify({ RegionId: SOURCE_REGION, DiskId: 'd-http', Status: 'accomplished' }),
    });
    const snapshot = SnapshotSchema.parse(JSON.parse(added.text));
    const listed = await raw({ method: 'GET', path: `/_local/snapshots?RegionId=${SOURCE_REGION}` });
    const staged = await raw({
      method: 'POST',
      path: '/_local/faults',
      body: JSON.stringify({ Action: 'CopySnapshot', fault: { kind: 'throttle' } }),
    });
    const throttled = await ecsFailureOf(call('CopySnapshot', copyParams(snapshot.SnapshotId)));
    await raw({ method: 'POST', path: '/_local/faults', body: JSON.stringify({ fault: { kind: 'throttle' } }) });
    const cleared = await raw({ method: 'DELETE', path: '/_local/faults' });
    await copy(copyParams(snapshot.SnapshotId));
    const calls = await raw({ method: 'GET', path: '/_local/calls' });

    expect(added.status).toBe(200);
    expect(snapshot).toMatchObject({ RegionId: SOURCE_REGION, SourceDiskId: 'd-http' });
    expect(
      z
        .array(SnapshotSchema)
        .parse(JSON.parse(listed.text))
        .map((listedSnapshot) => listedSnapshot.SnapshotId),
    ).toEqual([snapshot.SnapshotId]);
    expect([staged.status, cleared.status]).toEqual([204, 204]);
    expect(throttled.code).toBe('Throttling.User');
    expect(JSON.parse(calls.text)).toEqual(ecs.calls);
    expect(ecs.calls.map((recorded) => recorded.status)).toEqual([400, 200]);
  });

  it('answers 400 to a misspelt seed or fault rule', async () => {
    const seedAnswer = await raw({
      method: 'POST',
      path: '/_local/snapshots',
      body: JSON.stringify({ RegionId: SOURCE_REGION, DiskID: 'd-typo' }),
    });
    const faultAnswer = await raw({ method: 'POST', path: '/_local/faults', body: JSON.stringify({ fault: { kind: 'explode' } }) });
    const unknownRegion = await raw({
      method: 'POST',
      path: '/_local/snapshots',
      body: JSON.stringify({ RegionId: 'xx-nowhere-1', DiskId: 'd-1' }),
    });

    expect([seedAnswer.status, faultAnswer.status, unknownRegion.status]).toEqual([400, 400, 400]);
    expect(ecs.snapshots(SOURCE_REGION)).toHaveLength(0);
  });
});
