import fc from 'fast-check';
import { type LocalEcs, startLocalEcs } from '../../ecs-local';
import { CopySnapshotFailed, createHandler } from '../../functions/copy-snapshot/index';
import { DEFAULT_ECS_ENDPOINT } from '../../lib/config/configuration';
import { REGION_ID_PATTERN, SNAPSHOT_ID_PATTERN } from '../../lib/ecs/identifiers';
import { PopCoreEcs } from '../../lib/ecs/pop-core-ecs';
import { MAX_BODY_BYTES } from '../../lib/fc/http-trigger';
import { CopyRequestSchema } from '../../lib/request/copy-request';
import { CANARY_CREDENTIALS as CANARY } from '../../tools/fc-fixtures';
import { invocationContext } from '../support/context';
import { copiesOf, expectNoSecretLeaked } from '../support/output';

/**
 * Whatever reaches the function, from FC's gateway, a timer's configured payload or a direct invoker, gets a 4xx
 * (or a rejected invocation) that says what was wrong, before any ECS call; nothing crashes the instance or
 * reaches Object.prototype. Every property runs against one handler instance, as FC reuses one for many events.
 */

const RUNS = 300;
const SOURCE_REGION = 'cn-hangzhou';
const REQUEST_FIELDS = Object.keys(CopyRequestSchema.def.shape);
const DANGEROUS_KEYS = ['__proto__', 'constructor', 'prototype'] as const;
/** The refusals of this function's own making: a malformed event, or a request that breaks a rule. */
const REJECTION = /^(?:InvalidEvent|InvalidParameter) \(invalid-request\): ./s;

let ecs: LocalEcs;
let handler: ReturnType<typeof createHandler>;
const logs: string[] = [];
const outputs: string[] = [];

beforeAll(async () => {
  ecs = await startLocalEcs({ credentials: [{ ...CANARY }], copyDurationMs: 60_000 });
  handler = createHandler({
    env: { ECS_ENDPOINT: ecs.url, SOURCE_REGION_ID: SOURCE_REGION, DESTINATION_REGION_ID: 'us-east-1', API_CALLS_PER_MINUTE: '1000' },
    logSink: (line) => logs.push(line),
    random: () => 0,
  });
});

afterAll(async () => {
  await ecs.close();
});

afterEach(async () => {
  // Every log line is still one JSON object, no canary leaked, and the instance answers a valid request.
  for (const line of logs) expect(() => JSON.parse(line) as unknown).not.toThrow();
  expectNoSecretLeaked({ logs, outputs });
  logs.length = 0;
  outputs.length = 0;
  const SnapshotId = ecs.addSnapshot({
    RegionId: SOURCE_REGION,
    DiskId: `d-bp1alive${String(ecs.calls.length).padStart(10, '0')}`,
  }).SnapshotId;
  const answer = await invoke(httpEvent({ body: JSON.stringify({ SnapshotId }) }));
  expect(answer).toMatchObject({ kind: 'answer', value: { statusCode: 202 } });
  expect(copiesOf(ecs, SnapshotId)).toHaveLength(1);
});

type Outcome = { kind: 'answer'; value: unknown } | { kind: 'rejected'; error: unknown };

async function invoke(event: unknown): Promise<Outcome> {
  const context = invocationContext({ requestId: 'fc-hostile', region: SOURCE_REGION, timeoutSeconds: 30 });
  try {
    const value = await handler(event, context);
    outputs.push(JSON.stringify(value));
    return { kind: 'answer', value };
  } catch (error) {
    outputs.push(error instanceof Error ? `${error.name} ${error.message} ${error.stack ?? ''} ${JSON.stringify(error)}` : String(error));
    return { kind: 'rejected', error };
  }
}

function httpEvent(fields: {
  body?: string;
  method?: string;
  rawPath?: string;
  headers?: Record<string, string>;
  isBase64Encoded?: boolean;
  queryParameters?: Record<string, string>;
}): Buffer {
  return Buffer.from(
    JSON.stringify({
      version: 'v1',
      rawPath: fields.rawPath ?? '/copies',
      body: fields.body ?? '',
      isBase64Encoded: fields.isBase64Encoded ?? false,
      headers: fields.headers ?? { 'Content-Type': 'application/json' },
      ...(fields.queryParameters ? { queryParameters: fields.queryParameters } : {}),
      requestContext: {
        requestId: 'http-hostile',
        timeEpoch: '1795806300000',
        http: { method: fields.method ?? 'POST', path: fields.rawPath ?? '/copies' },
      },
    }),
  );
}

function timerEvent(payload: unknown, triggerTime: unknown = '2026-11-27T19:00:00Z', triggerName: unknown = 'daily-copy'): Buffer {
  return Buffer.from(JSON.stringify({ triggerTime, triggerName, payload }));
}

interface Refusal {
  status: number;
  body: Record<string, unknown>;
}

// The properties below check thousands of events, so each check is one expectation a run (every expect() captures a
// stack): an object of what matters, compared with what it must be, which still shows every value when it fails.

/** Checks that the outcome is a 4xx JSON answer with a Code and a Message, and returns its status and body. */
function expectHttpRefusal(outcome: Outcome): Refusal {
  const value = outcome.kind === 'answer' ? outcome.value : undefined;
  const response = value as { statusCode: number; headers: Record<string, string>; body: string } | undefined;
  const body = (response ? JSON.parse(response.body) : {}) as Record<string, unknown>;
  expect({
    kind: outcome.kind,
    statusClass: response === undefined ? undefined : `${Math.floor(response.statusCode / 100)}xx`,
    contentType: response?.headers['content-type'],
    Code: body.Code,
    Message: body.Message,
  }).toEqual({
    kind: 'answer',
    statusClass: '4xx',
    contentType: expect.stringMatching(/^application\/json/),
    Code: expect.stringMatching(/^[A-Z][A-Za-z.]+$/),
    Message: expect.stringMatching(/./s),
  });
  return { status: response?.statusCode ?? 0, body };
}

/** A timer or direct invocation refused: CopySnapshotFailed, its message starting with the Code and class. */
function expectRejection(outcome: Outcome): string {
  const error = outcome.kind === 'rejected' ? outcome.error : undefined;
  const message = error instanceof Error ? error.message : '';
  expect({
    kind: outcome.kind,
    error: error instanceof CopySnapshotFailed ? 'a CopySnapshotFailed' : error,
    message,
  }).toEqual({ kind: 'rejected', error: 'a CopySnapshotFailed', message: expect.stringMatching(REJECTION) });
  return message;
}

/** Either refusal, whichever the event's shape asks for: an HTTP-shaped event gets an answer, any other a rejection. */
function expectRefusal(outcome: Outcome): void {
  if (outcome.kind === 'answer') expectHttpRefusal(outcome);
  else expectRejection(outcome);
}

const PROTOTYPES: ReadonlyArray<[string, object]> = [
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype],
  ['String.prototype', String.prototype],
];

/** Every own property of a built-in prototype, by value (a getter by its function), to compare after the events. */
function ownProperties(prototype: object): Map<string | symbol, unknown> {
  const properties = new Map<string | symbol, unknown>();
  for (const key of Reflect.ownKeys(prototype)) {
    const descriptor = Reflect.getOwnPropertyDescriptor(prototype, key);
    properties.set(key, descriptor?.value ?? descriptor?.get);
  }
  return properties;
}

/** The built-in prototypes before any hostile event: every event must leave them exactly so. */
let pristinePrototypes: ReadonlyArray<[string, object, ReadonlyMap<string | symbol, unknown>]>;
beforeAll(() => {
  pristinePrototypes = PROTOTYPES.map(([name, prototype]) => [name, prototype, ownProperties(prototype)]);
});

/**
 * What an event changed on the built-in prototypes since the suite began: properties added, removed or replaced, a
 * `polluted` key any object now inherits, or a plain object whose prototype is no longer Object.prototype. Compared
 * by hand rather than by a deep equality of two snapshots, which would cost seconds of CPU across the runs.
 */
function prototypeChanges(): string[] {
  const changes: string[] = [];
  for (const [name, prototype, pristine] of pristinePrototypes) {
    const keys = Reflect.ownKeys(prototype);
    for (const key of keys) {
      const descriptor = Reflect.getOwnPropertyDescriptor(prototype, key);
      const value = descriptor?.value ?? descriptor?.get;
      if (!pristine.has(key) || pristine.get(key) !== value) changes.push(`${name}.${String(key)} set`);
    }
    if (keys.length !== pristine.size) {
      for (const key of pristine.keys()) if (!keys.includes(key)) changes.push(`${name}.${String(key)} deleted`);
    }
  }
  if (({} as Record<string, unknown>).polluted !== undefined) changes.push('{}.polluted inherited');
  if (Object.getPrototypeOf({}) !== Object.prototype) changes.push('Object.getPrototypeOf({}) is not Object.prototype');
  return changes;
}

/** Runs the event and checks what every hostile event must leave: no ECS call, no prototype touched. */
async function refusedWithoutCall(event: unknown): Promise<Outcome> {
  const callsBefore = ecs.calls.length;
  const outcome = await invoke(event);
  expect({ calls: ecs.calls.slice(callsBefore), prototypeChanges: prototypeChanges() }).toEqual({ calls: [], prototypeChanges: [] });
  return outcome;
}

// Generators ----------------------------------------------------------------------------------------------------

/** Region IDs that must never reach a host name: other hosts, ports, paths, fragments, lookalikes, junk. */
const hostileRegionId = fc
  .oneof(
    fc.constantFrom(
      'evil.com#',
      'cn-hangzhou.evil.com',
      '..',
      '127.0.0.1:80',
      'cn-hangzhou:8080',
      'cn-hangzhou/..',
      'cn-hangzhou@evil.com',
      'evil.com?',
      'cn-hangzhou#x',
      'cn-hangzhou\n',
      ' cn-hangzhou',
      'CN-HANGZHOU',
      '\u0441n-hangzhou', // Cyrillic es
      'cn-hangzhou\u200b',
      'cn\u2013hangzhou', // en dash
      'cn-hangzhou%2eevil.com',
      '[::1]',
      'cn-hangzhou\\evil',
      'localhost',
      '',
    ),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.stringMatching(/^[a-z0-9.:#@/?%[\]\\-]{1,30}$/),
  )
  .filter((region) => !REGION_ID_PATTERN.test(region));

const hostileSnapshotId = fc
  .oneof(
    fc.constantFrom(
      's-abcd1234/../x',
      's-abcd1234\n',
      's-abcd1234%0a',
      '../../etc/passwd',
      's-ABCD1234',
      `s-${'a'.repeat(63)}`,
      's-abcd1234?RegionId=evil.com',
      's-abcd1234#',
      's-abcd1234\u0000',
      'S-abcd1234',
      's_abcd1234',
      '',
    ),
    fc.string({ unit: 'binary', maxLength: 80 }),
  )
  .filter((id) => !SNAPSHOT_ID_PATTERN.test(id));

/** A JSON text in which keys are often `__proto__`, `constructor` or `prototype`, at any depth. */
const pollutingJson = fc.letrec<{ node: string; object: string; array: string; leaf: string }>((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, tie('leaf'), tie('object'), tie('array')),
  leaf: fc.oneof(
    fc.constant('{"polluted":true}'),
    fc.constant('{"toString":"x","valueOf":1}'),
    fc.jsonValue({ maxDepth: 1 }).map((value) => JSON.stringify(value)),
  ),
  object: fc
    .array(
      fc.tuple(fc.oneof(fc.constantFrom(...DANGEROUS_KEYS), fc.constantFrom(...REQUEST_FIELDS, 'Key', 'Value', 'polluted')), tie('node')),
      { maxLength: 4 },
    )
    .map((entries) => `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`),
  array: fc.array(tie('node'), { maxLength: 3 }).map((items) => `[${items.join(',')}]`),
}));

/** A copy request with at least one dangerous key at its top, and others wherever they fall. */
const pollutingRequest = fc
  .tuple(
    fc.constantFrom(...DANGEROUS_KEYS),
    pollutingJson.node,
    fc.array(fc.tuple(fc.constantFrom(...REQUEST_FIELDS, ...DANGEROUS_KEYS), pollutingJson.node), { maxLength: 4 }),
  )
  .map(([key, value, rest]) => `{${[[key, value] as const, ...rest].map(([name, text]) => `${JSON.stringify(name)}:${text}`).join(',')}}`);

/** A copy request whose fields are all this function's, with values of any type. */
const wrongTypes = fc
  .dictionary(fc.constantFrom(...REQUEST_FIELDS), fc.anything({ maxDepth: 2 }), { minKeys: 1, maxKeys: 5 })
  .filter((request) => Object.values(request).some((value) => typeof value !== 'string'));

const anyBody = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.anything({ maxDepth: 3 }).map((value) => JSON.stringify(value) ?? ''),
  wrongTypes.map((request) => JSON.stringify(request)),
  pollutingRequest,
);

// Properties ----------------------------------------------------------------------------------------------------

describe('hostile HTTP requests', () => {
  it('answers any body of POST /copies with a 4xx that names the problem, without an ECS call', async () => {
    await fc.assert(
      fc.asyncProperty(anyBody, fc.mixedCase(fc.constant('content-type')), async (body, contentType) => {
        expectHttpRefusal(await refusedWithoutCall(httpEvent({ body, headers: { [contentType]: 'application/json' } })));
      }),
      { numRuns: RUNS },
    );
  });

  it('answers random bytes, marked base64 or not, invalid base64 and invalid UTF-8 with a 400', async () => {
    const bytes = fc.uint8Array({ maxLength: 300 }).map((array) => Buffer.from(array));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          bytes.map((raw) => ({ body: raw.toString('base64'), isBase64Encoded: true })),
          bytes.map((raw) => ({ body: raw.toString('latin1'), isBase64Encoded: false })),
          fc.string({ minLength: 1, maxLength: 40 }).map((text) => ({ body: `${text}!`, isBase64Encoded: true })),
          fc
            .constantFrom(Buffer.from([0xc3, 0x28]), Buffer.from([0xff, 0xfe, 0x7b]), Buffer.from([0xed, 0xa0, 0x80]))
            .map((raw) => ({ body: raw.toString('base64'), isBase64Encoded: true })),
        ),
        async (event) => {
          expect(expectHttpRefusal(await refusedWithoutCall(httpEvent(event))).status).toBe(400);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("reads Content-Type in any case: JSON types pass on to the request's checks, others get 415", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.mixedCase(fc.constant('content-type')),
        fc.oneof(
          fc
            .mixedCase(fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/problem+json'))
            .map((value) => ({ value, json: true })),
          fc
            .mixedCase(
              fc.constantFrom('text/plain', 'application/xml', 'multipart/form-data', 'application/x-www-form-urlencoded', 'text/json'),
            )
            .map((value) => ({ value, json: false })),
        ),
        async (name, type) => {
          const refusal = expectHttpRefusal(
            await refusedWithoutCall(httpEvent({ body: '{"RetentionDay":7}', headers: { [name]: type.value } })),
          );
          expect(refusal.status).toBe(type.json ? 400 : 415);
          if (type.json) expect(refusal.body.Errors).toEqual([expect.objectContaining({ field: 'RetentionDay' })]);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('answers other methods and paths with 404 or 405', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'post', 'Post', 'TRACE', ''),
        fc.oneof(
          fc.constantFrom('/copies', '/copies/', '/COPIES', '//copies', '/copies/..', '/copies%2F..', '/', '', '/copies/s-abcd1234'),
          fc.webPath(),
        ),
        async (method, rawPath) => {
          const outcome = await refusedWithoutCall(httpEvent({ method, rawPath, body: '{}' }));
          // POST in lower case is still POST: its empty request is refused by the request's checks.
          expect([400, 404, 405]).toContain(expectHttpRefusal(outcome).status);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('answers bodies over 64 KiB with 413, plain or base64, however they are built', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: MAX_BODY_BYTES + 1, max: 4 * MAX_BODY_BYTES }),
        fc.boolean(),
        fc.boolean(),
        async (size, base64, nested) => {
          const text = nested
            ? `${'['.repeat(size / 2)}${']'.repeat(size / 2)}`.padEnd(size, ' ')
            : JSON.stringify({ SnapshotId: 's'.repeat(size) });
          const body = base64 ? Buffer.from(text).toString('base64') : text;
          expect(expectHttpRefusal(await refusedWithoutCall(httpEvent({ body, isBase64Encoded: base64 }))).status).toBe(413);
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('hostile timer and direct events', () => {
  it('rejects random bytes as the event, with InvalidEvent or InvalidParameter and a message', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 1000 }), async (bytes) => {
        expectRefusal(await refusedWithoutCall(Buffer.from(bytes)));
      }),
      { numRuns: RUNS },
    );
  });

  it('rejects any JSON value or JavaScript value as a direct event', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue().map((value) => Buffer.from(JSON.stringify(value))),
          fc.anything({ maxDepth: 3, withNullPrototype: true, withBoxedValues: true, withMap: true, withSet: true }),
          wrongTypes.map((request) => Buffer.from(JSON.stringify(request))),
          pollutingRequest.map((text) => Buffer.from(text)),
        ),
        async (event) => {
          expectRefusal(await refusedWithoutCall(event));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('rejects timer events with any payload, trigger time or name', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(anyBody, fc.anything({ maxDepth: 2 }), fc.constant('')),
        fc.oneof(
          fc.constant('2026-11-27T19:00:00Z'),
          fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
          fc.string(),
          fc.integer(),
        ),
        fc.oneof(fc.constant('daily-copy'), fc.string(), fc.anything({ maxDepth: 1 })),
        async (payload, triggerTime, triggerName) => {
          expectRejection(await refusedWithoutCall(timerEvent(payload, triggerTime, triggerName)));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('rejects huge strings and deep nesting in any event without a stack overflow', async () => {
    const depth = 100_000;
    let deepObject: unknown = 's-abcd1234';
    for (let level = 0; level < depth; level++) deepObject = { SnapshotId: deepObject };
    const cases: unknown[] = [
      Buffer.from(`${'['.repeat(depth)}${']'.repeat(depth)}`),
      Buffer.from(`${'{"SnapshotId":'.repeat(depth)}"s-abcd1234"${'}'.repeat(depth)}`),
      deepObject,
      Buffer.from(JSON.stringify({ SnapshotId: 's'.repeat(1_000_000) })),
      Buffer.from(JSON.stringify({ SnapshotIds: Array.from({ length: 100_000 }, (_, index) => `s-bp1many${index}`) })),
      timerEvent('x'.repeat(1_000_000)),
      timerEvent(JSON.stringify({ Tag: Array.from({ length: 10_000 }, (_, index) => ({ Key: `k${index}`, Value: 'v'.repeat(200) })) })),
      timerEvent(`${'['.repeat(depth)}${']'.repeat(depth)}`),
      httpEvent({ body: `${'{"Tag":'.repeat(5000)}[]${'}'.repeat(5000)}` }),
    ];
    for (const event of cases) expectRefusal(await refusedWithoutCall(event));
  });

  it('rejects requests whose fields have the wrong type, naming each field', async () => {
    await fc.assert(
      fc.asyncProperty(wrongTypes, async (request) => {
        const message = expectRejection(await refusedWithoutCall(Buffer.from(JSON.stringify(request))));
        expect(message).toMatch(/^InvalidParameter \(invalid-request\): /);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('keys that could reach a prototype', () => {
  it('refuses requests with __proto__, constructor and prototype keys at any depth, from every source, and pollutes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(pollutingRequest, fc.constantFrom('http', 'timer', 'direct'), async (text, source) => {
        const event = source === 'http' ? httpEvent({ body: text }) : source === 'timer' ? timerEvent(text) : Buffer.from(text);
        const outcome = await refusedWithoutCall(event);
        if (source === 'http') {
          const refusal = expectHttpRefusal(outcome);
          expect(refusal.body.Errors).toEqual(
            expect.arrayContaining([expect.objectContaining({ field: expect.stringMatching(/^(__proto__|constructor|prototype)$/) })]),
          );
        } else {
          expect(expectRejection(outcome)).toMatch(/(__proto__|constructor|prototype): is not a parameter this function accepts/);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("pollutes nothing through the event's own headers, query and context", async () => {
    const events = [
      '{"version":"v1","rawPath":"/copies","body":"{}","headers":{"__proto__":{"content-type":"text/plain"},"content-type":"application/json"},"requestContext":{"http":{"method":"POST"}}}',
      '{"version":"v1","rawPath":"/copies","body":"{}","headers":{"constructor":{"prototype":{"polluted":"yes"}}},"requestContext":{"http":{"method":"POST"}}}',
      '{"version":"v1","rawPath":"/copies/s-abcd1234","queryParameters":{"__proto__":{"RegionId":"evil.com#"},"RegionId":"evil.com#"},"requestContext":{"http":{"method":"GET"}}}',
      '{"version":"v1","rawPath":"/copies","body":"{}","requestContext":{"__proto__":{"polluted":true},"http":{"method":"POST","__proto__":{"polluted":true}}}}',
      '{"__proto__":{"polluted":true},"triggerTime":"2026-11-27T19:00:00Z","triggerName":"x","payload":"{\\"__proto__\\":{\\"polluted\\":true}}"}',
      '{"triggerTime":"2026-11-27T19:00:00Z","triggerName":{"__proto__":{"polluted":true}},"payload":"{}"}',
    ];
    for (const text of events) expectRefusal(await refusedWithoutCall(Buffer.from(text)));
  });
});

describe('identifiers that end up in a host name or a request', () => {
  it('refuses any region ID without the shape of one, in RegionId, DestinationRegionId and the status query, before any call', async () => {
    await fc.assert(
      fc.asyncProperty(
        hostileRegionId,
        fc.constantFrom('RegionId', 'DestinationRegionId', 'DestinationRegionIds', 'status', 'timer'),
        async (region, where) => {
          const SnapshotId = 's-bp1hostile000000001';
          if (where === 'status') {
            const refusal = expectHttpRefusal(
              await refusedWithoutCall(
                httpEvent({ method: 'GET', rawPath: `/copies/${SnapshotId}`, queryParameters: { RegionId: region } }),
              ),
            );
            expect(refusal.body.Errors).toEqual([{ field: 'RegionId', rule: 'must be a region ID such as cn-hangzhou or ap-southeast-1' }]);
            return;
          }
          if (where === 'timer') {
            expect(expectRejection(await refusedWithoutCall(timerEvent(JSON.stringify({ SnapshotId, RegionId: region }))))).toMatch(
              /RegionId: must be a region ID/,
            );
            return;
          }
          const request =
            where === 'RegionId'
              ? { SnapshotId, RegionId: region }
              : { SnapshotId, DestinationRegionId: where === 'DestinationRegionId' ? region : ['us-east-1', region] };
          const refusal = expectHttpRefusal(await refusedWithoutCall(httpEvent({ body: JSON.stringify(request) })));
          const field =
            where === 'RegionId' ? 'RegionId' : where === 'DestinationRegionId' ? 'DestinationRegionId' : 'DestinationRegionId.2';
          expect(refusal.status).toBe(400);
          expect(refusal.body.Errors).toEqual(
            expect.arrayContaining([expect.objectContaining({ field, rule: expect.stringMatching(/^must be a region ID/) })]),
          );
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('builds, from every region ID it accepts, exactly the host ecs.{RegionId}.aliyuncs.com', () => {
    const ecsAdapter = new PopCoreEcs(DEFAULT_ECS_ENDPOINT);
    fc.assert(
      fc.property(fc.stringMatching(REGION_ID_PATTERN), (region) => {
        const url = new URL(ecsAdapter.endpointFor(region));
        expect(url.protocol).toBe('https:');
        expect(url.host).toBe(`ecs.${region}.aliyuncs.com`);
        expect(url.href).toBe(`https://ecs.${region}.aliyuncs.com/`);
      }),
      { numRuns: 1000 },
    );
  });

  it("refuses tags that would forge a copy's provenance, which decides what counts as copied already", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), async (suffix, Value) => {
        const request = { SnapshotId: 's-bp1hostile000000001', Tag: [{ Key: `snapshot-copy:${suffix}`, Value }] };
        const refusal = expectHttpRefusal(await refusedWithoutCall(httpEvent({ body: JSON.stringify(request) })));
        expect(refusal.body.Errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'Tag' })]));
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses any snapshot ID without the shape of one, in the request and in the status path, before any call', async () => {
    await fc.assert(
      fc.asyncProperty(hostileSnapshotId, fc.constantFrom('body', 'SnapshotIds', 'status'), async (SnapshotId, where) => {
        if (where === 'status') {
          // The path arrives URL-encoded; one that decodes to more segments is no copy's path at all.
          expectHttpRefusal(
            await refusedWithoutCall(
              httpEvent({
                method: 'GET',
                rawPath: `/copies/${encodeURIComponent(SnapshotId)}`,
                queryParameters: { RegionId: 'us-east-1' },
              }),
            ),
          );
          return;
        }
        const request = where === 'body' ? { SnapshotId } : { SnapshotIds: ['s-bp1hostile000000001', SnapshotId] };
        const refusal = expectHttpRefusal(await refusedWithoutCall(httpEvent({ body: JSON.stringify(request) })));
        expect(refusal.body.Errors).toEqual(
          expect.arrayContaining([
            expect.objectContaining({
              field: where === 'body' ? 'SnapshotId' : 'SnapshotIds.2',
              rule: expect.stringMatching(/^must be a snapshot ID/),
            }),
          ]),
        );
      }),
      { numRuns: RUNS },
    );
  });
});

describe('edges a direct invoker can reach', () => {
  const source = () =>
    ecs.addSnapshot({ RegionId: SOURCE_REGION, DiskId: `d-bp1edge${String(ecs.calls.length).padStart(12, '0')}` }).SnapshotId;

  it("takes an HTTP event's timeEpoch only when it is a time the templates can render", async () => {
    for (const timeEpoch of ['99999999999999999999', '9000000000000000', '1e300', '-5']) {
      const event = JSON.parse(httpEvent({ body: JSON.stringify({ SnapshotId: source() }) }).toString('utf8')) as {
        requestContext: Record<string, unknown>;
      };
      event.requestContext.timeEpoch = timeEpoch;

      const outcome = await invoke(Buffer.from(JSON.stringify(event)));

      expect(outcome).toMatchObject({ kind: 'answer', value: { statusCode: 202 } });
    }
  });

  it.each([
    ['past the year 9999', '+010000-01-01T00:00:00Z'],
    ['"0", which Date.parse reads as the year 2000', '0'],
    ['"-1", which Date.parse reads as the year 2001', '-1'],
    ['on a day the month does not have, which Date.parse moves to March', '2026-02-30T00:00:00Z'],
  ])('refuses a triggerTime %s as InvalidEvent naming triggerTime, before any call', async (_name, triggerTime) => {
    const callsBefore = ecs.calls.length;

    const outcome = await invoke(timerEvent(JSON.stringify({ SnapshotId: source() }), triggerTime));

    expect(expectRejection(outcome)).toMatch(/^InvalidEvent \(invalid-request\): triggerTime: must be a real time/);
    expect(ecs.calls.length).toBe(callsBefore);
  });

  it('refuses a KMSKeyId object keyed by __proto__ instead of dropping the key', async () => {
    const callsBefore = ecs.calls.length;
    const body = `{"SnapshotId":"${source()}","Encrypted":true,"KMSKeyId":{"__proto__":"key-for-nowhere"}}`;

    const refusal = expectHttpRefusal(await invoke(httpEvent({ body })));

    expect(refusal.status).toBe(400);
    expect(String(refusal.body.Message)).toContain('KMSKeyId');
    expect(ecs.calls.length).toBe(callsBefore);
  });

  it('echoes a huge unknown field name, or thousands of them, only in part', async () => {
    const longName = await invoke(httpEvent({ body: JSON.stringify({ [`${'x'.repeat(60_000)}`]: 1 }) }));
    const manyNames = await invoke(
      Buffer.from(JSON.stringify(Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`field${i}`, i])))),
    );

    const answer = expectHttpRefusal(longName);
    expect(JSON.stringify(answer.body).length).toBeLessThan(4_096);
    expect(expectRejection(manyNames).length).toBeLessThan(4_096);
    for (const line of logs) expect(line.length).toBeLessThan(8_192);
  });
});
