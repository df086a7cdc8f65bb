import { Readable } from 'node:stream';
import * as $OpenApi from '@alicloud/openapi-core';
import { RuntimeOptions } from '@darabonba/typescript';
import * as z from 'zod';
import {
  FC_API_VERSION,
  type LocalEcs,
  type LocalEcsCredential,
  type LocalFunctionContext,
  type LocalFunctionOptions,
  MAX_ASYNC_PAYLOAD_BYTES,
  startLocalEcs,
} from '../../ecs-local';
import { invoke, signedInvocation } from '../support/fc-invoke';
import { assumeRole, credentialOf, hubSessionKey, stsClient } from '../support/org-clients';
import { callEcs, ListingSchema, popCoreClient } from '../support/pop-core-client';

// FC 3.0's asynchronous InvokeFunction on the local cloud, signed with ACS3-HMAC-SHA256 and sent by fetch (and once by
// FC's SDK core): what a hub that fans out one worker per (account, region) meets (docs/ecs-local.md, "FC asynchronous
// invocation"). Most tests deliver by hand on a clock of their own (`scheduleAt` that does nothing, `deliverDue`).

const HUB = 'hub-account';
const HUB_ROLE_ARN = `acs:ram::${HUB}:role/snapshot-copy-hub`;
const FUNCTION = 'snapshot-copy';
const HUB_KEY = hubSessionKey(HUB);
const OTHER_ACCOUNT_KEY: LocalEcsCredential = { accessKeyId: 'LTAI-other', accessKeySecret: 'other-secret', accountId: 'other-account' };

const ErrorBodySchema = z.strictObject({ Code: z.string(), Message: z.string(), RequestId: z.string() });

interface Delivered {
  event: string;
  context: LocalFunctionContext;
}

let clockMs: number;
let ecs: LocalEcs;
let delivered: Delivered[];
/** What the function does with each delivery; it succeeds unless a test says otherwise. */
let outcome: (delivery: Delivered) => Promise<void>;

async function start(options: LocalFunctionOptions = {}, manual = true): Promise<void> {
  ecs = await startLocalEcs({
    credentials: [HUB_KEY, OTHER_ACCOUNT_KEY],
    now: () => clockMs,
    ...(manual ? { scheduleAt: () => undefined } : {}),
  });
  ecs.registerFunction(
    FUNCTION,
    async (event, context) => {
      const delivery = { event: event.toString('utf8'), context };
      delivered.push(delivery);
      await outcome(delivery);
    },
    { accountId: HUB, failureDestination: `acs:mns:cn-hangzhou:${HUB}:/queues/snapshot-copy-failures/messages`, ...options },
  );
}

beforeEach(() => {
  clockMs = Date.parse('2026-11-28T03:00:00Z');
  delivered = [];
  outcome = async () => {};
});

afterEach(async () => {
  await ecs.close();
});

const send = (body: string | Buffer, headers: { taskId?: string; invocationType?: string } = {}, key = HUB_KEY) =>
  invoke(ecs.url, key, { functionName: FUNCTION, body, ...headers }, clockMs);
const errorOf = (text: string) => ErrorBodySchema.parse(JSON.parse(text));

describe('FC asynchronous invocation on the local cloud', () => {
  it('answers 202 with x-fc-request-id and the task ID, and delivers the event once, on the clock', async () => {
    await start();
    const answer = await send('{"AccountId":"member-b","RegionId":"cn-hangzhou"}', { taskId: 'tick-20261128T0300_member-b_cn-hangzhou' });

    expect(answer.status).toBe(202);
    expect(answer.text).toBe('');
    const requestId = answer.headers.get('x-fc-request-id') ?? '';
    expect(requestId).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect(answer.headers.get('x-fc-async-task-id')).toBe('tick-20261128T0300_member-b_cn-hangzhou');
    expect(delivered).toEqual([]);
    expect(ecs.asyncTasks().map((task) => task.status)).toEqual(['Enqueued']);

    await ecs.deliverDue();
    expect(delivered).toEqual([
      {
        event: '{"AccountId":"member-b","RegionId":"cn-hangzhou"}',
        context: {
          requestId,
          taskId: 'tick-20261128T0300_member-b_cn-hangzhou',
          functionName: FUNCTION,
          accountId: HUB,
          region: 'cn-hangzhou',
          attempt: 1,
        },
      },
    ]);
    expect(ecs.asyncTasks()).toEqual([
      expect.objectContaining({
        functionArn: `acs:fc:cn-hangzhou:${HUB}:functions/${FUNCTION}`,
        status: 'Succeeded',
        deliveries: 1,
        alreadyRetriedTimes: 0,
        taskPayload: '{"AccountId":"member-b","RegionId":"cn-hangzhou"}',
      }),
    ]);
    expect(ecs.calls.map((call) => [call.Action, call.AccountId, call.status, call.params])).toEqual([
      [
        'InvokeFunction',
        HUB,
        202,
        { functionName: FUNCTION, 'x-fc-invocation-type': 'Async', 'x-fc-async-task-id': 'tick-20261128T0300_member-b_cn-hangzhou' },
      ],
    ]);
  });

  it("accepts FC's SDK's own request (@alicloud/openapi-core, as @alicloud/fc20230330 sends InvokeFunction)", async () => {
    await start({}, false);
    clockMs = Date.now();
    const client = new $OpenApi.default(
      new $OpenApi.$OpenApiUtil.Config({
        accessKeyId: HUB_KEY.accessKeyId,
        accessKeySecret: HUB_KEY.accessKeySecret,
        securityToken: HUB_KEY.securityToken,
        endpoint: new URL(ecs.url).host,
        protocol: 'HTTP',
      }),
    );
    const response = await client.doRequest(
      new $OpenApi.$OpenApiUtil.Params({
        action: 'InvokeFunction',
        version: FC_API_VERSION,
        protocol: 'HTTP',
        pathname: `/${FC_API_VERSION}/functions/${FUNCTION}/invocations`,
        method: 'POST',
        authType: 'AK',
        style: 'ROA',
        reqBodyType: 'json',
        bodyType: 'binary',
      }),
      new $OpenApi.$OpenApiUtil.OpenApiRequest({
        headers: { 'x-fc-invocation-type': 'Async', 'x-fc-async-task-id': 'sdk-task' },
        query: {},
        stream: Readable.from([Buffer.from('{"from":"sdk"}')]),
      }),
      new RuntimeOptions({}),
    );

    expect(response.statusCode).toBe(202);
    await ecs.asyncInvocationsIdle();
    expect(delivered.map((delivery) => [delivery.event, delivery.context.taskId])).toEqual([['{"from":"sdk"}', 'sdk-task']]);
  });

  it('answers a task ID already used 409, keeps the first task and delivers it once', async () => {
    await start();
    const first = await send('{"first":true}', { taskId: 'tick-1_member-b' });
    const again = await send('{"first":false}', { taskId: 'tick-1_member-b' });
    await ecs.deliverDue();

    expect(again.status).toBe(409);
    expect(errorOf(again.text)).toEqual({
      Code: 'AsyncTaskAlreadyExists',
      Message: `async task 'tick-1_member-b' of function '${FUNCTION}' already exists`,
      RequestId: again.headers.get('x-fc-request-id'),
    });
    expect(ecs.asyncTasks().map((task) => [task.taskId, task.requestId, task.taskPayload])).toEqual([
      ['tick-1_member-b', first.headers.get('x-fc-request-id'), '{"first":true}'],
    ]);
    expect(delivered.map((delivery) => delivery.event)).toEqual(['{"first":true}']);
  });

  it('can answer a task ID already used 202 with the first request ID instead (duplicateTaskId: accepted), still one task', async () => {
    await start({ duplicateTaskId: 'accepted' });
    const first = await send('{"first":true}', { taskId: 'tick-1_member-b' });
    const again = await send('{"first":false}', { taskId: 'tick-1_member-b' });
    await ecs.deliverDue();

    expect([first.status, again.status]).toEqual([202, 202]);
    expect(again.headers.get('x-fc-request-id')).toBe(first.headers.get('x-fc-request-id'));
    expect(delivered.map((delivery) => delivery.event)).toEqual(['{"first":true}']);
  });

  it('takes a task ID that starts with a letter or _, then letters, digits, _ and -, at most 128 characters', async () => {
    await start();
    for (const taskId of ['_x', 'A-1_b', `a${'b'.repeat(127)}`]) expect((await send('{}', { taskId })).status).toBe(202);
    for (const taskId of ['1abc', '-abc', 'a.b', 'a b', `a${'b'.repeat(128)}`]) {
      const refused = await send('{}', { taskId });
      expect([refused.status, errorOf(refused.text).Code]).toEqual([400, 'InvalidArgument']);
    }
    expect(ecs.asyncTasks()).toHaveLength(3);
  });

  it('uses the request ID as the task ID when none is sent, and refuses a task ID for a function without async tasks', async () => {
    await start({ asyncTask: false });
    const plain = await send('{}');
    expect(plain.headers.get('x-fc-async-task-id')).toBe(plain.headers.get('x-fc-request-id'));
    const named = await send('{}', { taskId: 'named' });
    expect([named.status, errorOf(named.text).Code]).toEqual([400, 'InvalidArgument']);
  });

  it('delivers twice on request (duplicate-delivery): the same event, task and attempt; the task succeeds once', async () => {
    await start();
    ecs.injectDeliveryFault({ functionName: FUNCTION, fault: { kind: 'duplicate-delivery', afterMs: 5000 } });
    await send('{"pair":"b"}', { taskId: 'tick-1_b' });

    await ecs.deliverDue();
    expect(delivered).toHaveLength(1);
    clockMs += 5000;
    await ecs.deliverDue();

    expect(delivered.map((delivery) => [delivery.event, delivery.context.taskId, delivery.context.attempt])).toEqual([
      ['{"pair":"b"}', 'tick-1_b', 1],
      ['{"pair":"b"}', 'tick-1_b', 1],
    ]);
    expect(ecs.asyncTasks()).toEqual([expect.objectContaining({ status: 'Succeeded', deliveries: 2 })]);
  });

  it('delivers late on request (delay): not before its time', async () => {
    await start();
    ecs.injectDeliveryFault({ fault: { kind: 'delay', ms: 60_000 } });
    await send('{}', { taskId: 'late' });

    await ecs.deliverDue();
    clockMs += 59_999;
    await ecs.deliverDue();
    expect(delivered).toEqual([]);
    clockMs += 1;
    await ecs.deliverDue();
    expect(delivered).toHaveLength(1);
  });

  it('retries a failed invocation maxAsyncRetryAttempts times, then records the event and the error at the failure destination', async () => {
    await start({ maxAsyncRetryAttempts: 2, retryIntervalMs: 1000 });
    outcome = async ({ context }) => {
      throw new TypeError(`member-b refused attempt ${context.attempt}`);
    };
    const answer = await send('{"pair":"b"}', { taskId: 'tick-1_b' });

    for (const expected of [1, 2, 3]) {
      await ecs.deliverDue();
      expect(delivered).toHaveLength(expected);
      clockMs += 1000;
    }
    await ecs.deliverDue();

    expect(delivered.map((delivery) => delivery.context.attempt)).toEqual([1, 2, 3]);
    expect(ecs.asyncTasks()).toEqual([
      expect.objectContaining({ status: 'Failed', alreadyRetriedTimes: 2, taskErrorMessage: 'member-b refused attempt 3' }),
    ]);
    expect(ecs.failureDestinationRecords).toEqual([
      {
        destination: `acs:mns:cn-hangzhou:${HUB}:/queues/snapshot-copy-failures/messages`,
        functionArn: `acs:fc:cn-hangzhou:${HUB}:functions/${FUNCTION}`,
        functionName: FUNCTION,
        accountId: HUB,
        taskId: 'tick-1_b',
        requestId: answer.headers.get('x-fc-request-id'),
        requestPayload: '{"pair":"b"}',
        error: { errorType: 'TypeError', errorMessage: 'member-b refused attempt 3' },
        approximateInvokeCount: 3,
        at: clockMs - 1000,
      },
    ]);
  });

  it('retries three times by default; a retry that succeeds records nothing; 0 retries means one attempt', async () => {
    await start({ retryIntervalMs: 0 });
    outcome = async ({ context }) => {
      if (context.taskId === 'always' || context.attempt < 3) throw new Error('not yet');
    };
    await send('{}', { taskId: 'third-time-lucky' });
    await send('{}', { taskId: 'always' });
    await ecs.deliverDue();

    const attemptsOf = (taskId: string) => delivered.filter((delivery) => delivery.context.taskId === taskId).length;
    expect([attemptsOf('third-time-lucky'), attemptsOf('always')]).toEqual([3, 4]);
    expect(ecs.asyncTasks().map((task) => task.status)).toEqual(['Succeeded', 'Failed']);
    expect(ecs.failureDestinationRecords.map((record) => record.taskId)).toEqual(['always']);

    await ecs.close();
    delivered = [];
    await start({ maxAsyncRetryAttempts: 0 });
    outcome = async () => {
      throw new Error('no');
    };
    await send('{}', { taskId: 'once' });
    await ecs.deliverDue();
    expect(delivered).toHaveLength(1);
    expect(ecs.failureDestinationRecords).toHaveLength(1);
  });

  it('records nothing for a function without a failure destination (FC drops the event)', async () => {
    await start({ failureDestination: undefined, maxAsyncRetryAttempts: 0 });
    outcome = async () => {
      throw new Error('no');
    };
    await send('{}', { taskId: 'dropped' });
    await ecs.deliverDue();

    expect(ecs.asyncTasks().map((task) => task.status)).toEqual(['Failed']);
    expect(ecs.failureDestinationRecords).toEqual([]);
  });

  it('takes a body of 128 KB and refuses one byte more with 400 EntityTooLarge', async () => {
    await start();
    const fits = await send(Buffer.alloc(MAX_ASYNC_PAYLOAD_BYTES, 'a'), { taskId: 'fits' });
    const tooLarge = await send(Buffer.alloc(MAX_ASYNC_PAYLOAD_BYTES + 1, 'a'), { taskId: 'too-large' });

    expect(fits.status).toBe(202);
    expect([tooLarge.status, errorOf(tooLarge.text)]).toEqual([
      400,
      { Code: 'EntityTooLarge', Message: 'payload size exceeds maximum allowed size (131072 bytes)', RequestId: expect.any(String) },
    ]);
    expect(ecs.asyncTasks().map((task) => task.taskId)).toEqual(['fits']);
  });

  it('checks the ACS3 signature: a wrong secret, an unknown key, a body changed after signing, an expired token', async () => {
    await start();
    const wrongSecret = await send('{}', {}, { ...HUB_KEY, accessKeySecret: 'not-the-secret' });
    const unknownKey = await send('{}', {}, { ...HUB_KEY, accessKeyId: 'STS.unknown' });
    const signed = signedInvocation(ecs.url, HUB_KEY, { functionName: FUNCTION, body: '{"pair":"b"}' }, clockMs);
    const { host: _host, ...headers } = signed.headers;
    const tampered = await fetch(signed.url, { method: 'POST', headers, body: '{"pair":"a"}' });
    const expiring: LocalEcsCredential = { ...HUB_KEY, accessKeyId: 'STS.expiring', expiration: new Date(clockMs + 1000) };
    ecs.addCredential(expiring);
    clockMs += 1000;
    const expired = await send('{}', {}, expiring);

    expect([wrongSecret.status, errorOf(wrongSecret.text).Code]).toEqual([403, 'SignatureNotMatch']);
    expect([unknownKey.status, errorOf(unknownKey.text)]).toEqual([
      403,
      expect.objectContaining({ Code: 'InvalidAccessKeyID', Message: "invalid access key ID 'STS.unknown'" }),
    ]);
    expect([tampered.status, errorOf(await tampered.text()).Code]).toEqual([403, 'SignatureNotMatch']);
    expect(errorOf(expired.text).Code).toBe('InvalidSecurityToken.Expired');
    expect(ecs.asyncTasks()).toEqual([]);
  });

  it("finds only the caller's account's functions, and refuses a key whose policy lacks InvokeFunction", async () => {
    await start();
    const otherAccount = await send('{}', {}, OTHER_ACCOUNT_KEY);
    const narrow: LocalEcsCredential = { ...HUB_KEY, accessKeyId: 'STS.narrow', allowedActions: ['AssumeRole'] };
    ecs.addCredential(narrow);
    const refused = await send('{}', {}, narrow);

    expect([otherAccount.status, errorOf(otherAccount.text)]).toEqual([
      404,
      expect.objectContaining({ Code: 'FunctionNotFound', Message: `function '${FUNCTION}' does not exist` }),
    ]);
    expect([refused.status, errorOf(refused.text).Code]).toEqual([403, 'AccessDenied']);
  });

  it('serves asynchronous invocations only, at their path with POST', async () => {
    await start();
    const sync = await send('{}', { invocationType: 'Sync' });
    const get = await fetch(`${ecs.url}/${FC_API_VERSION}/functions/${FUNCTION}/invocations`);
    const otherPath = await fetch(`${ecs.url}/${FC_API_VERSION}/functions/${FUNCTION}`, { method: 'POST' });

    expect([sync.status, errorOf(sync.text).Code]).toEqual([400, 'InvalidArgument']);
    expect([get.status, errorOf(await get.text()).Code]).toEqual([400, 'PathNotSupported']);
    expect(otherPath.status).toBe(400);
  });

  it('has scripted faults: an answer lost after the task was accepted, retried with its task ID, runs the worker once', async () => {
    await start();
    ecs.injectFault({ Action: 'InvokeFunction', fault: { kind: 'lose-answer' } });
    ecs.injectFault({ Action: 'InvokeFunction', fault: { kind: 'error', status: 503, Code: 'ServiceUnavailable' } });

    await expect(send('{}', { taskId: 'tick-1_b' })).rejects.toThrow();
    const unavailable = await send('{}', { taskId: 'tick-1_b' });
    const retried = await send('{}', { taskId: 'tick-1_b' });
    await ecs.deliverDue();

    expect([unavailable.status, errorOf(unavailable.text).Code]).toEqual([503, 'ServiceUnavailable']);
    expect(retried.status).toBe(409);
    expect(delivered).toHaveLength(1);
    expect(ecs.calls.map((call) => call.status)).toEqual([0, 503, 409]);
  });

  it("hands a function with a role that role's session: the worker assumes a member's role with it and sees that member's snapshots", async () => {
    // pop-core signs with the real time.
    clockMs = Date.now();
    ecs = await startLocalEcs({ credentials: [HUB_KEY], now: () => clockMs, scheduleAt: () => undefined });
    ecs.addRole(
      {
        RoleName: 'snapshot-copy-hub',
        AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'fc.aliyuncs.com' } }] },
      },
      HUB,
    );
    ecs.addRole(
      {
        RoleName: 'snapshot-copy-member',
        AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: [HUB_ROLE_ARN] } }] },
        allowedActions: ['DescribeSnapshots'],
      },
      'member-b',
    );
    const theirs = ecs.addSnapshot({ RegionId: 'cn-hangzhou', DiskId: 'd-b000000000000000001' }, 'member-b');
    const seen: unknown[] = [];
    ecs.registerFunction(
      FUNCTION,
      async (event, context) => {
        const { credentials } = context;
        if (credentials === undefined) throw new Error('no credentials');
        const hubSession: LocalEcsCredential = credentials;
        const member = await assumeRole(stsClient(ecs, hubSession), {
          RoleArn: 'acs:ram::member-b:role/snapshot-copy-member',
          RoleSessionName: `worker-${context.taskId}`,
        });
        const listing = ListingSchema.parse(
          await callEcs(popCoreClient(ecs, credentialOf(member)), 'DescribeSnapshots', JSON.parse(event.toString())),
        );
        seen.push(...listing.Snapshots.Snapshot.map((snapshot) => snapshot.SnapshotId));
      },
      { accountId: HUB, role: HUB_ROLE_ARN },
    );
    expect(() => ecs.registerFunction('no-role', () => undefined, { accountId: HUB, role: 'acs:ram::hub-account:role/missing' })).toThrow(
      /missing/,
    );

    await send('{"RegionId":"cn-hangzhou"}', { taskId: 'tick-1_member-b' });
    await ecs.deliverDue();

    expect(ecs.asyncTasks().map((task) => [task.status, task.taskErrorMessage])).toEqual([['Succeeded', undefined]]);
    expect(seen).toEqual([theirs.SnapshotId]);
    expect(ecs.calls.map((call) => [call.Action, call.AccountId])).toEqual([
      ['InvokeFunction', HUB],
      ['AssumeRole', HUB],
      ['DescribeSnapshots', 'member-b'],
    ]);
  });

  it('is driven from another process through /_local/fc/: delivery faults, delivery, tasks, failures', async () => {
    await start({ maxAsyncRetryAttempts: 0 });
    outcome = async () => {
      throw new Error('refused');
    };
    const fault = await fetch(`${ecs.url}/_local/fc/delivery-faults`, {
      method: 'POST',
      body: JSON.stringify({ fault: { kind: 'duplicate-delivery' } }),
    });
    expect(fault.status).toBe(204);
    await send('{}', { taskId: 'remote' });
    expect((await fetch(`${ecs.url}/_local/fc/deliver`, { method: 'POST' })).status).toBe(204);

    expect(delivered).toHaveLength(2);
    const tasks = (await (await fetch(`${ecs.url}/_local/fc/tasks?functionName=${FUNCTION}`)).json()) as Array<{ status: string }>;
    expect(tasks.map((task) => task.status)).toEqual(['Failed']);
    const failures = (await (await fetch(`${ecs.url}/_local/fc/failures`)).json()) as Array<{ taskId: string }>;
    expect(failures.map((failure) => failure.taskId)).toEqual(['remote']);
    const malformed = await fetch(`${ecs.url}/_local/fc/delivery-faults`, {
      method: 'POST',
      body: JSON.stringify({ fault: { kind: 'twice' } }),
    });
    expect(malformed.status).toBe(400);
  });

  it('delivers by itself on real timers, side by side', async () => {
    clockMs = Date.now();
    ecs = await startLocalEcs({ credentials: [HUB_KEY] });
    let running = 0;
    let most = 0;
    ecs.registerFunction(
      FUNCTION,
      async () => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 50));
        running -= 1;
      },
      { accountId: HUB },
    );
    await Promise.all(
      ['a', 'b', 'c'].map((pair) => invoke(ecs.url, HUB_KEY, { functionName: FUNCTION, body: '{}', taskId: pair }, Date.now())),
    );
    await ecs.asyncInvocationsIdle();

    expect(ecs.asyncTasks().map((task) => task.status)).toEqual(['Succeeded', 'Succeeded', 'Succeeded']);
    expect(most).toBe(3);
  });
});
