import { localControl } from '../support/local-control';

import RPCClient = require('@alicloud/pop-core/lib/rpc');

import * as z from 'zod';
import { type LocalEcs, type LocalEcsOptions, startLocalEcs } from '../../ecs-local';
import { callEcs, copySnapshotParams, ecsFailureOf, popCoreClient, seedSource } from '../support/pop-core-client';

// Snapshot lock on the local endpoint (LockSnapshot, DescribeLockedSnapshots, UnlockSnapshot, and DeleteSnapshot of a
// locked snapshot), driven through the real pop-core client as the function drives ECS. The rules and the codes this
// endpoint chose where no source names one (UNVERIFIED) are in docs/ecs-local.md#snapshot-lock.

const CREDENTIAL = { accessKeyId: 'LTAI-locks-key', accessKeySecret: 'locks-secret-value' };
const REGION = 'cn-shanghai';
const OTHER_REGION = 'eu-central-1';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const COPY_DURATION_MS = 2 * HOUR;

let ecs: LocalEcs;
let client: RPCClient;
let clockMs = 0;

async function start(options: Partial<LocalEcsOptions> = {}): Promise<void> {
  await ecs?.close();
  ecs = await startLocalEcs({
    credentials: [CREDENTIAL],
    copyDurationMs: COPY_DURATION_MS,
    now: () => clockMs,
    // The clock moves days ahead of the real time pop-core signs with.
    timestampWindowMs: 400 * DAY,
    ...options,
  });
  client = popCoreClient(ecs, CREDENTIAL);
}

beforeEach(async () => {
  clockMs = Math.floor(Date.now() / 1000) * 1000;
  await start();
});

afterEach(async () => {
  await ecs.close();
});

const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The nine fields of the SDK model, and nothing else. */
const InfoSchema = z.strictObject({
  SnapshotId: z.string(),
  LockMode: z.literal('compliance'),
  LockStatus: z.enum(['compliance-cooloff', 'compliance', 'expired']),
  LockDuration: z.number().int(),
  CoolOffPeriod: z.number().int(),
  CoolOffPeriodExpiredTime: z.string().regex(TIME),
  LockCreationTime: z.string().regex(TIME),
  LockDurationStartTime: z.union([z.string().regex(TIME), z.literal('')]),
  LockExpiredTime: z.union([z.string().regex(TIME), z.literal('')]),
});
type Info = z.infer<typeof InfoSchema>;
const LockAnswerSchema = z.strictObject({ RequestId: z.string(), LockedSnapshotInfo: InfoSchema });
const PageSchema = z.strictObject({ RequestId: z.string(), NextToken: z.string(), LockedSnapshotsInfo: z.array(InfoSchema) });

const snapshot = (RegionId = REGION, overrides: { Status?: 'progressing' | 'failed'; CreationTime?: string } = {}): string =>
  seedSource(ecs, { RegionId, ...overrides });

/** A snapshot made ten days ago, that a seeded lock may be older than today. */
const oldSnapshot = (): string => snapshot(REGION, { CreationTime: iso(clockMs - 10 * DAY) });

const lockParams = (SnapshotId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  RegionId: REGION,
  SnapshotId,
  LockMode: 'compliance',
  LockDuration: 7,
  CoolOffPeriod: 24,
  ...overrides,
});

/** The nine fields of a lock ECS answers, for a lock made at `lockedAt` whose duration runs from then. */
const lockInfo = (
  SnapshotId: string,
  LockStatus: string,
  lockedAt: number,
  { LockDuration, CoolOffPeriod }: { LockDuration: number; CoolOffPeriod: number },
) => ({
  SnapshotId,
  LockMode: 'compliance',
  LockStatus,
  LockDuration,
  CoolOffPeriod,
  CoolOffPeriodExpiredTime: iso(lockedAt + CoolOffPeriod * HOUR),
  LockCreationTime: iso(lockedAt),
  LockDurationStartTime: iso(lockedAt),
  LockExpiredTime: iso(lockedAt + LockDuration * DAY),
});

async function lock(params: Record<string, unknown>): Promise<Info> {
  return LockAnswerSchema.parse(await callEcs(client, 'LockSnapshot', params)).LockedSnapshotInfo;
}

async function listLocks(params: Record<string, unknown> = {}): Promise<z.infer<typeof PageSchema>> {
  return PageSchema.parse(await callEcs(client, 'DescribeLockedSnapshots', { RegionId: REGION, ...params }));
}

async function lockOf(SnapshotId: string): Promise<Info | undefined> {
  return (await listLocks({ SnapshotIds: [SnapshotId] })).LockedSnapshotsInfo[0];
}

const deleteSnapshot = (SnapshotId: string, extra: Record<string, unknown> = {}) =>
  client.request('DeleteSnapshot', { SnapshotId, ...extra }, { method: 'POST', timeout: 3000 });

/** DeleteSnapshot has no RegionId: it is sent to the region's endpoint (`/<RegionId>/`), as the function sends it. */
function regionalClient(): RPCClient {
  return new RPCClient({ endpoint: `${ecs.url}/${REGION}`, apiVersion: '2014-05-26', ...CREDENTIAL });
}

describe('LockSnapshot', () => {
  it('locks an accomplished snapshot: the nine fields, its duration from now, cool-off → compliance → expired on the clock', async () => {
    const SnapshotId = snapshot();
    const lockedAt = clockMs;

    const answer = await lock(lockParams(SnapshotId, { LockDuration: 2, CoolOffPeriod: 3 }));
    const during = await lockOf(SnapshotId);
    clockMs = lockedAt + 3 * HOUR;
    const after = await lockOf(SnapshotId);
    clockMs = lockedAt + 2 * DAY - 1000;
    const last = await lockOf(SnapshotId);
    clockMs = lockedAt + 2 * DAY;
    const expired = await lockOf(SnapshotId);

    expect(answer).toEqual(lockInfo(SnapshotId, 'compliance-cooloff', lockedAt, { LockDuration: 2, CoolOffPeriod: 3 }));
    expect(during).toEqual(answer);
    expect(after?.LockStatus).toBe('compliance');
    expect(last?.LockStatus).toBe('compliance');
    expect(expired).toEqual({ ...answer, LockStatus: 'expired' });
    expect(ecs.locks(REGION)).toEqual([expired]);
  });

  it('locks at once with CoolOffPeriod 0', async () => {
    const SnapshotId = snapshot();

    const answer = await lock(lockParams(SnapshotId, { CoolOffPeriod: 0 }));

    expect(answer.LockStatus).toBe('compliance');
    expect(answer.CoolOffPeriodExpiredTime).toBe(answer.LockCreationTime);
  });

  it('locks a copy while it is progressing: no start or expiry until it is accomplished, the duration counted from then', async () => {
    const copyMs = 2 * DAY;
    await start({ copyDurationMs: copyMs });
    const source = seedSource(ecs, { RegionId: 'cn-hangzhou' });
    const copied = z.object({ SnapshotId: z.string() }).parse(await callEcs(client, 'CopySnapshot', copySnapshotParams(source, REGION)));
    const startedAt = clockMs;

    const answer = await lock(lockParams(copied.SnapshotId, { LockDuration: 1, CoolOffPeriod: 0 }));
    // Past a day from the lock, the copy still progressing: the lock has not started, so it has not expired.
    clockMs = startedAt + copyMs - 1000;
    const progressing = await lockOf(copied.SnapshotId);
    clockMs = startedAt + copyMs;
    const accomplished = await lockOf(copied.SnapshotId);
    clockMs = startedAt + copyMs + DAY;
    const expired = await lockOf(copied.SnapshotId);

    expect(answer).toMatchObject({ LockStatus: 'compliance', LockDurationStartTime: '', LockExpiredTime: '' });
    expect(progressing).toMatchObject({ LockStatus: 'compliance', LockDurationStartTime: '', LockExpiredTime: '' });
    expect(accomplished).toMatchObject({
      LockStatus: 'compliance',
      LockCreationTime: iso(startedAt),
      LockDurationStartTime: iso(startedAt + copyMs),
      LockExpiredTime: iso(startedAt + copyMs + DAY),
    });
    expect(expired?.LockStatus).toBe('expired');
  });

  it('refuses a lock that would end after the snapshot retention period', async () => {
    const source = seedSource(ecs, { RegionId: 'cn-hangzhou' });
    const copied = z
      .object({ SnapshotId: z.string() })
      .parse(await callEcs(client, 'CopySnapshot', copySnapshotParams(source, REGION, { RetentionDays: 3 })));
    clockMs += COPY_DURATION_MS;

    // Three days from the copy's accomplishment end after three days from its creation.
    const tooLong = await ecsFailureOf(
      callEcs(client, 'LockSnapshot', lockParams(copied.SnapshotId, { LockDuration: 3, CoolOffPeriod: 0 })),
    );
    const fits = await lock(lockParams(copied.SnapshotId, { LockDuration: 2, CoolOffPeriod: 0 }));
    clockMs += 12 * HOUR;
    // An extension may not outlast the retention either.
    const extendedTooFar = await ecsFailureOf(
      callEcs(client, 'LockSnapshot', lockParams(copied.SnapshotId, { LockDuration: 3, CoolOffPeriod: 0 })),
    );

    expect(tooLong).toMatchObject({ code: 'OperationDenied.RetentionPeriodTooShort', status: 403 });
    expect(fits.LockDuration).toBe(2);
    expect(extendedTooFar.code).toBe('OperationDenied.RetentionPeriodTooShort');
    expect(ecs.locks(REGION)).toEqual([{ ...fits, LockStatus: 'compliance' }]);
  });

  it('re-configures a lock in its cool-off: every parameter and every time anew, a shorter lock allowed', async () => {
    const SnapshotId = snapshot();
    await lock(lockParams(SnapshotId, { LockDuration: 30, CoolOffPeriod: 24 }));
    clockMs += HOUR;

    const again = await lock(lockParams(SnapshotId, { LockDuration: 2, CoolOffPeriod: 1 }));

    expect(again).toEqual(lockInfo(SnapshotId, 'compliance-cooloff', clockMs, { LockDuration: 2, CoolOffPeriod: 1 }));
  });

  it('after the cool-off only extends: CoolOffPeriod must be 0, a shorter lock is refused, a blind repeat extends it', async () => {
    const SnapshotId = snapshot();
    const first = await lock(lockParams(SnapshotId, { LockDuration: 10, CoolOffPeriod: 1 }));
    clockMs += 2 * DAY;

    const withCoolOff = await ecsFailureOf(callEcs(client, 'LockSnapshot', lockParams(SnapshotId, { LockDuration: 20, CoolOffPeriod: 1 })));
    const shorter = await ecsFailureOf(callEcs(client, 'LockSnapshot', lockParams(SnapshotId, { LockDuration: 5, CoolOffPeriod: 0 })));
    const unchanged = await lockOf(SnapshotId);
    // The same request again, two days on and without a ClientToken, ends two days later.
    const repeated = await lock(lockParams(SnapshotId, { LockDuration: 10, CoolOffPeriod: 0 }));
    const longer = await lock(lockParams(SnapshotId, { LockDuration: 20, CoolOffPeriod: 0 }));

    expect(withCoolOff).toMatchObject({ code: 'OperationDenied.CoolOffPeriodExpired', status: 403 });
    expect(shorter).toMatchObject({ code: 'OperationDenied.LockDurationShortened', status: 403 });
    expect(unchanged).toEqual({ ...first, LockStatus: 'compliance' });
    expect(repeated).toEqual({
      ...first,
      LockStatus: 'compliance',
      LockDurationStartTime: iso(clockMs),
      LockExpiredTime: iso(clockMs + 10 * DAY),
    });
    expect(longer).toMatchObject({ LockDuration: 20, LockCreationTime: first.LockCreationTime, LockExpiredTime: iso(clockMs + 20 * DAY) });
  });

  it('locks anew a snapshot whose lock expired', async () => {
    const SnapshotId = snapshot();
    await lock(lockParams(SnapshotId, { LockDuration: 1, CoolOffPeriod: 0 }));
    clockMs += 2 * DAY;

    const renewed = await lock(lockParams(SnapshotId, { LockDuration: 1, CoolOffPeriod: 5 }));

    expect(renewed).toMatchObject({ LockStatus: 'compliance-cooloff', LockCreationTime: iso(clockMs), CoolOffPeriod: 5 });
  });

  it('answers a repeated ClientToken as the first call, without extending, and IdempotentParameterMismatch to other parameters', async () => {
    const SnapshotId = snapshot();
    const params = lockParams(SnapshotId, { LockDuration: 3, CoolOffPeriod: 0, ClientToken: 'lock-copy-1' });
    const first = await lock(params);
    clockMs += DAY;

    const repeated = await lock(params);
    const mismatch = await ecsFailureOf(callEcs(client, 'LockSnapshot', { ...params, LockDuration: 4 }));
    const badToken = await ecsFailureOf(callEcs(client, 'LockSnapshot', { ...params, ClientToken: 'x'.repeat(65) }));

    expect(repeated).toEqual(first);
    expect(await lockOf(SnapshotId)).toEqual(first);
    expect(mismatch).toMatchObject({ code: 'IdempotentParameterMismatch', status: 400 });
    expect(badToken.code).toBe('InvalidParameter.ClientToken');
  });

  it('makes every check on a DryRun and answers DryRunOperation, locking nothing', async () => {
    const SnapshotId = snapshot();

    const passed = await ecsFailureOf(callEcs(client, 'LockSnapshot', lockParams(SnapshotId, { DryRun: true })));
    const missing = await ecsFailureOf(callEcs(client, 'LockSnapshot', lockParams('s-nosuchsnapshot', { DryRun: true })));

    expect(passed).toMatchObject({ code: 'DryRunOperation', status: 400 });
    expect(missing.code).toBe('InvalidSnapshotId.NotFound');
    expect(ecs.locks(REGION)).toEqual([]);
  });

  it.each([
    ['no LockMode', { LockMode: undefined }, 'MissingLockMode', 400],
    ['no LockDuration', { LockDuration: undefined }, 'MissingLockDuration', 400],
    ['no CoolOffPeriod', { CoolOffPeriod: undefined }, 'MissingCoolOffPeriod', 400],
    ['no SnapshotId', { SnapshotId: undefined }, 'MissingSnapshotId', 400],
    ['another mode', { LockMode: 'governance' }, 'InvalidParameter.LockMode', 400],
    ['a duration of 0 days', { LockDuration: 0 }, 'InvalidParameter.LockDuration', 400],
    ['a duration past 36500 days', { LockDuration: 36501 }, 'InvalidParameter.LockDuration', 400],
    ['a duration that is no number', { LockDuration: 'week' }, 'InvalidParameter.LockDuration', 400],
    ['a cool-off past 72 hours', { CoolOffPeriod: 73 }, 'InvalidParameter.CoolOffPeriod', 400],
    ['a negative cool-off', { CoolOffPeriod: -1 }, 'InvalidParameter.CoolOffPeriod', 400],
    ['an unknown region', { RegionId: 'xx-nowhere-1' }, 'InvalidRegionId.NotFound', 400],
    ['an unknown snapshot', { SnapshotId: 's-nosuchsnapshot' }, 'InvalidSnapshotId.NotFound', 404],
  ])('refuses %s', async (_case, overrides, code, status) => {
    const params = Object.fromEntries(Object.entries(lockParams(snapshot(), overrides)).filter(([, value]) => value !== undefined));

    expect(await ecsFailureOf(callEcs(client, 'LockSnapshot', params))).toMatchObject({ code, status });
    expect(ecs.locks(REGION)).toEqual([]);
  });

  it('does not find a snapshot of another region, and refuses a failed one', async () => {
    const elsewhere = snapshot(OTHER_REGION);
    const failed = snapshot(REGION, { Status: 'failed' });

    expect((await ecsFailureOf(callEcs(client, 'LockSnapshot', lockParams(elsewhere)))).code).toBe('InvalidSnapshotId.NotFound');
    expect(await ecsFailureOf(callEcs(client, 'LockSnapshot', lockParams(failed)))).toMatchObject({
      code: 'IncorrectSnapshotStatus',
      status: 403,
    });
  });

  it('does not carry a lock over to a copy of the locked snapshot', async () => {
    const source = seedSource(ecs, { RegionId: 'cn-hangzhou' });
    await lock(lockParams(source, { RegionId: 'cn-hangzhou' }));

    const copied = z.object({ SnapshotId: z.string() }).parse(await callEcs(client, 'CopySnapshot', copySnapshotParams(source, REGION)));

    expect(ecs.locks('cn-hangzhou').map((info) => info.SnapshotId)).toEqual([source]);
    expect(await lockOf(copied.SnapshotId)).toBeUndefined();
  });

  it('adds no field to DescribeSnapshots (no source shows a lock there)', async () => {
    const SnapshotId = snapshot();
    const before = await callEcs(client, 'DescribeSnapshots', { RegionId: REGION, SnapshotIds: JSON.stringify([SnapshotId]) });
    await lock(lockParams(SnapshotId));

    const after = await callEcs(client, 'DescribeSnapshots', { RegionId: REGION, SnapshotIds: JSON.stringify([SnapshotId]) });

    expect({ ...(after as object), RequestId: '' }).toEqual({ ...(before as object), RequestId: '' });
  });
});

describe('DeleteSnapshot of a locked snapshot', () => {
  it('is refused in the cool-off and after it, even with Force, and deletes the snapshot once the lock has expired', async () => {
    const regional = regionalClient();
    const SnapshotId = snapshot();
    await lock(lockParams(SnapshotId, { LockDuration: 1, CoolOffPeriod: 2 }));
    const del = (extra: Record<string, unknown> = {}) =>
      regional.request('DeleteSnapshot', { SnapshotId, ...extra }, { method: 'POST', timeout: 3000 });

    const inCoolOff = await ecsFailureOf(del());
    clockMs += 3 * HOUR;
    const inCompliance = await ecsFailureOf(del({ Force: true }));
    clockMs += DAY;
    await del();

    expect(inCoolOff).toMatchObject({ code: 'OperationDenied.SnapshotLocked', status: 403 });
    expect(inCompliance).toMatchObject({ code: 'OperationDenied.SnapshotLocked', status: 403 });
    expect(ecs.snapshots(REGION)).toEqual([]);
    expect(ecs.locks(REGION)).toEqual([]);
  });

  it('is refused through the global endpoint too', async () => {
    const SnapshotId = snapshot();
    await lock(lockParams(SnapshotId));

    expect((await ecsFailureOf(deleteSnapshot(SnapshotId))).code).toBe('OperationDenied.SnapshotLocked');
    expect(ecs.snapshots(REGION)).toHaveLength(1);
  });
});

describe('UnlockSnapshot', () => {
  it('removes a lock in its cool-off: it is no longer listed and the snapshot can be deleted', async () => {
    const SnapshotId = snapshot();
    await lock(lockParams(SnapshotId, { CoolOffPeriod: 24 }));

    const answer = await callEcs(client, 'UnlockSnapshot', { RegionId: REGION, SnapshotId, ClientToken: 'unlock-1' });
    const repeated = await callEcs(client, 'UnlockSnapshot', { RegionId: REGION, SnapshotId, ClientToken: 'unlock-1' });
    const listed = await listLocks();
    await regionalClient().request('DeleteSnapshot', { SnapshotId }, { method: 'POST', timeout: 3000 });

    expect(z.strictObject({ RequestId: z.string() }).safeParse(answer).success).toBe(true);
    expect(z.strictObject({ RequestId: z.string() }).safeParse(repeated).success).toBe(true);
    expect(listed.LockedSnapshotsInfo).toEqual([]);
    expect(ecs.snapshots(REGION)).toEqual([]);
  });

  it('is refused after the cool-off, for a snapshot without a lock or with an expired one, and for an unknown snapshot', async () => {
    const locked = snapshot();
    const free = snapshot();
    const lapsed = oldSnapshot();
    await lock(lockParams(locked, { CoolOffPeriod: 1 }));
    ecs.addLock({ RegionId: REGION, SnapshotId: lapsed, LockDuration: 1, LockCreationTime: iso(clockMs - 2 * DAY) });
    clockMs += HOUR;
    const unlock = (SnapshotId: string) => ecsFailureOf(callEcs(client, 'UnlockSnapshot', { RegionId: REGION, SnapshotId }));

    expect(await unlock(locked)).toMatchObject({ code: 'OperationDenied.CoolOffPeriodExpired', status: 403 });
    expect(await unlock(free)).toMatchObject({ code: 'OperationDenied.SnapshotNotLocked', status: 403 });
    expect((await unlock(lapsed)).code).toBe('OperationDenied.SnapshotNotLocked');
    expect(await unlock('s-nosuchsnapshot')).toMatchObject({ code: 'InvalidSnapshotId.NotFound', status: 404 });
    expect(ecs.locks(REGION).map((info) => [info.SnapshotId, info.LockStatus])).toEqual([
      [locked, 'compliance'],
      [lapsed, 'expired'],
    ]);
  });

  it('answers DryRunOperation on a DryRun and keeps the lock', async () => {
    const SnapshotId = snapshot();
    await lock(lockParams(SnapshotId));

    const dryRun = await ecsFailureOf(callEcs(client, 'UnlockSnapshot', { RegionId: REGION, SnapshotId, DryRun: true }));

    expect(dryRun.code).toBe('DryRunOperation');
    expect(ecs.locks(REGION)).toHaveLength(1);
  });
});

describe('DescribeLockedSnapshots', () => {
  it('takes SnapshotIds as a repeated list (SnapshotIds.1, SnapshotIds.2) and answers a bare LockedSnapshotsInfo array', async () => {
    const [a, b, c] = [snapshot(), snapshot(), snapshot()];
    for (const id of [a, b, c]) await lock(lockParams(id));
    const unlocked = snapshot();
    ecs.calls.length = 0;

    const page = await listLocks({ SnapshotIds: [a, c, unlocked, 's-nosuchsnapshot'] });

    expect(page.LockedSnapshotsInfo.map((info) => info.SnapshotId).sort()).toEqual([a, c].sort());
    expect(page.NextToken).toBe('');
    const [call] = ecs.calls;
    expect(Object.keys(call?.params ?? {}).filter((name) => name.startsWith('SnapshotIds'))).toEqual([
      'SnapshotIds.1',
      'SnapshotIds.2',
      'SnapshotIds.3',
      'SnapshotIds.4',
    ]);
  });

  it('refuses SnapshotIds sent as a JSON string (the DescribeSnapshots form) and more than 100 IDs', async () => {
    const SnapshotId = snapshot();
    await lock(lockParams(SnapshotId));

    const asJson = await ecsFailureOf(
      callEcs(client, 'DescribeLockedSnapshots', { RegionId: REGION, SnapshotIds: JSON.stringify([SnapshotId]) }),
    );
    const hundred = await listLocks({ SnapshotIds: [SnapshotId, ...Array.from({ length: 99 }, (_, index) => `s-other${index}`)] });
    const tooMany = await ecsFailureOf(
      callEcs(client, 'DescribeLockedSnapshots', {
        RegionId: REGION,
        SnapshotIds: [SnapshotId, ...Array.from({ length: 100 }, (_, index) => `s-other${index}`)],
      }),
    );

    expect(asJson).toMatchObject({ code: 'InvalidParameter.SnapshotIds', status: 400 });
    expect(hundred.LockedSnapshotsInfo.map((info) => info.SnapshotId)).toEqual([SnapshotId]);
    expect(tooMany).toMatchObject({ code: 'InvalidParameter.SnapshotIds', status: 400 });
  });

  it('filters by LockStatus, as computed from the clock', async () => {
    const cooling = snapshot();
    const locked = snapshot();
    const lapsed = oldSnapshot();
    ecs.addLock({ RegionId: REGION, SnapshotId: cooling, LockDuration: 5, CoolOffPeriod: 72 });
    ecs.addLock({ RegionId: REGION, SnapshotId: locked, LockDuration: 5 });
    ecs.addLock({ RegionId: REGION, SnapshotId: lapsed, LockDuration: 1, LockCreationTime: iso(clockMs - 2 * DAY) });
    const ids = async (LockStatus: string) => (await listLocks({ LockStatus })).LockedSnapshotsInfo.map((info) => info.SnapshotId);

    expect(await ids('compliance-cooloff')).toEqual([cooling]);
    expect(await ids('compliance')).toEqual([locked]);
    expect(await ids('expired')).toEqual([lapsed]);
    expect((await ecsFailureOf(callEcs(client, 'DescribeLockedSnapshots', { RegionId: REGION, LockStatus: 'governance' }))).code).toBe(
      'InvalidParameter.LockStatus',
    );
  });

  it('pages with MaxResults brought into 10–100 and a NextToken bound to its query', async () => {
    const ids = Array.from({ length: 105 }, () => snapshot());
    for (const SnapshotId of ids) ecs.addLock({ RegionId: REGION, SnapshotId, LockDuration: 3 });

    const first = await listLocks({ MaxResults: 3 });
    const second = await listLocks({ MaxResults: 3, NextToken: first.NextToken });
    const big = await listLocks({ MaxResults: 500 });
    const rest = await listLocks({ MaxResults: 500, NextToken: big.NextToken });
    const foreign = await ecsFailureOf(
      callEcs(client, 'DescribeLockedSnapshots', { RegionId: REGION, LockStatus: 'compliance', NextToken: first.NextToken }),
    );
    const notANumber = await ecsFailureOf(callEcs(client, 'DescribeLockedSnapshots', { RegionId: REGION, MaxResults: 'ten' }));

    expect(first.LockedSnapshotsInfo).toHaveLength(10);
    expect(second.LockedSnapshotsInfo).toHaveLength(10);
    expect(new Set([...first.LockedSnapshotsInfo, ...second.LockedSnapshotsInfo].map((info) => info.SnapshotId)).size).toBe(20);
    expect(big.LockedSnapshotsInfo).toHaveLength(100);
    expect(rest.LockedSnapshotsInfo).toHaveLength(5);
    expect(rest.NextToken).toBe('');
    expect(new Set([...big.LockedSnapshotsInfo, ...rest.LockedSnapshotsInfo].map((info) => info.SnapshotId))).toEqual(new Set(ids));
    expect(foreign).toMatchObject({ code: 'InvalidParameter.NextToken', status: 400 });
    expect(notANumber.code).toBe('InvalidParameter.MaxResults');
  });

  it('lists only the region asked, and answers DryRunOperation on a DryRun', async () => {
    const here = snapshot();
    const there = snapshot(OTHER_REGION);
    await lock(lockParams(here));
    await lock(lockParams(there, { RegionId: OTHER_REGION }));

    const listed = await listLocks();
    const dryRun = await ecsFailureOf(callEcs(client, 'DescribeLockedSnapshots', { RegionId: REGION, DryRun: true }));

    expect(listed.LockedSnapshotsInfo.map((info) => info.SnapshotId)).toEqual([here]);
    expect(dryRun.code).toBe('DryRunOperation');
  });
});

describe('a region without snapshot lock (lockUnsupportedRegions)', () => {
  it('refuses the three actions there with 403 OperationDenied.NotSupportedInRegion, and serves other regions', async () => {
    const here = snapshot();
    const there = snapshot(OTHER_REGION);
    ecs.setVariants({ lockUnsupportedRegions: [REGION] });

    const locking = await ecsFailureOf(callEcs(client, 'LockSnapshot', lockParams(here)));
    const listing = await ecsFailureOf(callEcs(client, 'DescribeLockedSnapshots', { RegionId: REGION }));
    const unlocking = await ecsFailureOf(callEcs(client, 'UnlockSnapshot', { RegionId: REGION, SnapshotId: here }));
    const elsewhere = await lock(lockParams(there, { RegionId: OTHER_REGION }));

    for (const failure of [locking, listing, unlocking]) {
      expect(failure).toMatchObject({ code: 'OperationDenied.NotSupportedInRegion', status: 403 });
    }
    expect(elsewhere.SnapshotId).toBe(there);
    expect(ecs.locks(REGION)).toEqual([]);
  });
});

describe('seeding and reading locks', () => {
  const control = (method: 'GET' | 'POST', path: string, body?: unknown) => localControl(ecs.url, method, path, body);

  it('seeds a lock through POST /_local/locks, lists it through GET /_local/locks, and refuses a seed for no snapshot', async () => {
    const SnapshotId = oldSnapshot();
    const lockedAt = clockMs - 4 * DAY;

    const seeded = await control('POST', '/_local/locks', {
      RegionId: REGION,
      SnapshotId,
      LockDuration: 5,
      CoolOffPeriod: 72,
      LockCreationTime: iso(lockedAt),
    });
    const listed = await control('GET', `/_local/locks?RegionId=${REGION}`);
    const orphan = await control('POST', '/_local/locks', { RegionId: REGION, SnapshotId: 's-nosuchsnapshot', LockDuration: 5 });
    const malformed = await control('POST', '/_local/locks', { RegionId: REGION, SnapshotId, LockDuration: 0 });
    const olderThanItsSnapshot = await control('POST', '/_local/locks', {
      RegionId: REGION,
      SnapshotId: snapshot(),
      LockDuration: 5,
      LockCreationTime: iso(lockedAt),
    });

    expect(seeded).toEqual({
      status: 200,
      body: lockInfo(SnapshotId, 'compliance', lockedAt, { LockDuration: 5, CoolOffPeriod: 72 }),
    });
    expect(listed).toEqual({ status: 200, body: [seeded.body] });
    expect(orphan.status).toBe(400);
    expect(malformed.status).toBe(400);
    expect(olderThanItsSnapshot.status).toBe(400);
  });

  it('puts every lock call on the record, with its answer', async () => {
    const SnapshotId = snapshot();
    ecs.calls.length = 0;

    await lock(lockParams(SnapshotId, { ClientToken: 'lock-record' }));
    await listLocks();
    await ecsFailureOf(callEcs(client, 'UnlockSnapshot', { RegionId: REGION, SnapshotId: 's-nosuchsnapshot' }));

    expect(ecs.calls.map((call) => [call.Action, call.status, call.Code])).toEqual([
      ['LockSnapshot', 200, undefined],
      ['DescribeLockedSnapshots', 200, undefined],
      ['UnlockSnapshot', 404, 'InvalidSnapshotId.NotFound'],
    ]);
    expect(ecs.calls[0]?.params).toMatchObject({
      LockMode: 'compliance',
      LockDuration: '7',
      CoolOffPeriod: '24',
      ClientToken: 'lock-record',
    });
  });
});
