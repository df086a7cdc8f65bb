import type { LocalEcsOptions } from '../../ecs-local';
import type { Snapshot } from '../../ecs-local/snapshot';
import { CANARY_CREDENTIALS } from '../../tools/fc-fixtures';
import { DESTINATION_REGION, SOURCE_REGION } from '../support/context';
import { asHttp, httpEvent, timerEvent } from '../support/events';
import { closeAfterEach, type Harness, startHarness } from '../support/harness';
import { logsNamed } from '../support/output';
import { callEcs, popCoreClient } from '../support/pop-core-client';
import { addForeignCopy, addOurCopy, addSource } from '../support/seed-copies';

// The copies' locks end to end (docs/locks.md): the handler, the real pop-core client and the local ECS endpoint,
// which serves LockSnapshot, DescribeLockedSnapshots and UnlockSnapshot with ECS's rules (docs/ecs-local.md#snapshot-lock).

const DISK = 'd-bp1lockintegr00001';
const OTHER_DISK = 'd-bp1lockintegr00002';
const HOUR = 3_600_000;
const LOCK_ENV = { LOCK_DAYS: '7', LOCK_COOL_OFF_HOURS: '12' };

let harness: Harness;

async function start(env: Record<string, string> = LOCK_ENV, ecs: Partial<LocalEcsOptions> = {}): Promise<void> {
  harness = await startHarness({ env: { SOURCE_REGION_ID: SOURCE_REGION, ...env }, ecs, endpointPerRegion: true });
}

closeAfterEach(() => harness);

const lines = (message: string) => logsNamed(harness.logs, message);
const callsOf = (Action: string) => harness.ecs.calls.filter((call) => call.Action === Action);
const lockCalls = () => callsOf('LockSnapshot').map((call) => call.params.SnapshotId);
const lockOf = (SnapshotId: string | undefined) => harness.ecs.locks(DESTINATION_REGION).find((lock) => lock.SnapshotId === SnapshotId);
const remaining = () => harness.ecs.snapshots(DESTINATION_REGION).map((copy) => copy.SnapshotId);
const iso = (ms: number) => new Date(ms).toISOString();

/** A snapshot of `DiskId` taken `hoursAgo`. */
const sourceOf = (hoursAgo: number, DiskId = DISK): Snapshot =>
  addSource(harness.ecs, { RegionId: SOURCE_REGION, DiskId, createdMs: Date.now() - hoursAgo * HOUR });

/** A snapshot of DISK taken `hoursAgo`, and this function's accomplished copy of it, as `overrides` change it. */
function ourCopy(hoursAgo: number, overrides: Parameters<typeof addOurCopy>[3] = {}, DiskId = DISK): Snapshot {
  return addOurCopy(harness.ecs, sourceOf(hoursAgo, DiskId), DESTINATION_REGION, overrides);
}

/** A lock set on a copy `hoursAgo` by someone (an earlier run, an administrator). */
const seedLock = (SnapshotId: string, hoursAgo: number, LockDuration = 30, CoolOffPeriod = 0) =>
  harness.ecs.addLock({
    RegionId: DESTINATION_REGION,
    SnapshotId,
    LockDuration,
    CoolOffPeriod,
    LockCreationTime: iso(Date.now() - hoursAgo * HOUR),
  });

const fleetRun = (payload: Record<string, unknown> = {}) => timerEvent({ DiskIds: [DISK], ...payload });

describe('each copy the function starts is locked in the same invocation', () => {
  it('right after CopySnapshot answers it: compliance mode, LOCK_DAYS and LOCK_COOL_OFF_HOURS, a ClientToken of its own', async () => {
    await start();
    const source = sourceOf(1);

    const answer = await harness.invoke(timerEvent({ SnapshotId: source.SnapshotId }));

    expect(answer.ok).toBe(true);
    const [started] = lines('copy-started');
    const SnapshotId = String(started?.SnapshotId);
    const [copy] = callsOf('CopySnapshot');
    const [lock] = callsOf('LockSnapshot');
    expect(lock?.params).toEqual(
      expect.objectContaining({
        RegionId: DESTINATION_REGION,
        SnapshotId,
        LockMode: 'compliance',
        LockDuration: '7',
        CoolOffPeriod: '12',
        ClientToken: expect.stringMatching(/^sc-[\w-]{43}$/),
      }),
    );
    expect(lock?.params.ClientToken).not.toBe(copy?.params.ClientToken);
    expect(lock?.EndpointRegionId).toBe(DESTINATION_REGION);
    const order = harness.ecs.calls.map((call) => call.Action);
    expect(order.indexOf('LockSnapshot')).toBe(order.indexOf('CopySnapshot') + 1);
    // Locked while progressing: its duration starts when the copy is accomplished.
    expect(lockOf(SnapshotId)).toEqual(
      expect.objectContaining({
        LockMode: 'compliance',
        LockStatus: 'compliance-cooloff',
        LockDuration: 7,
        CoolOffPeriod: 12,
        LockExpiredTime: '',
      }),
    );
    expect(lines('copy-locked')).toEqual([
      expect.objectContaining({
        level: 'info',
        SnapshotId,
        DestinationRegionId: DESTINATION_REGION,
        SourceSnapshotId: source.SnapshotId,
        SourceDiskId: DISK,
        LockDays: 7,
        LockCoolOffHours: 12,
        LockStatus: 'compliance-cooloff',
      }),
    ]);
    expect(lines('run-summary')).toEqual([
      expect.objectContaining({ Copied: 1, Locked: 1, LockFailed: 0, LockPlanned: 0, LockSkipped: 0, LockLeft: 0 }),
    ]);
    expect((answer.ok ? answer.value : {}) as Record<string, unknown>).toEqual(
      expect.objectContaining({ Outcome: 'copied', Lock: expect.objectContaining({ Outcome: 'locked', SnapshotId }) }),
    );
  });

  it("gives an HTTP caller's copy the operator's lock, and answers 202 with the lock in the copy's answer", async () => {
    await start({ ...LOCK_ENV, CALLER_SOURCE_REGIONS: SOURCE_REGION });
    const source = sourceOf(1);

    const answer = await harness.invoke(httpEvent({ SnapshotId: source.SnapshotId, RegionId: SOURCE_REGION }));

    const { statusCode, body } = asHttp(answer.ok ? answer.value : undefined);
    expect(statusCode).toBe(202);
    expect(body.Lock).toEqual(
      expect.objectContaining({ Outcome: 'locked', LockDays: 7, LockCoolOffHours: 12, SnapshotId: body.SnapshotId }),
    );
    expect(lockOf(String(body.SnapshotId))?.LockDuration).toBe(7);
  });

  it('a lock that fails never undoes or hides the copy: copy-lock-failed, the timer fails at its end, and the next run locks it', async () => {
    await start();
    const source = sourceOf(1);
    harness.ecs.injectFault({ Action: 'LockSnapshot', fault: { kind: 'error', Code: 'Forbidden.RAM', status: 403 } });

    const first = await harness.invoke(timerEvent({ SnapshotId: source.SnapshotId }));

    const [started] = lines('copy-started');
    const SnapshotId = String(started?.SnapshotId);
    expect(started).toEqual(expect.objectContaining({ level: 'info', Outcome: 'copied' }));
    expect(remaining()).toContain(SnapshotId);
    expect(lines('copy-lock-failed')).toEqual([
      expect.objectContaining({
        level: 'error',
        Code: 'Forbidden.RAM',
        Class: 'forbidden',
        Message: expect.any(String),
        Advice: expect.stringContaining('ecs:LockSnapshot'),
        SnapshotId,
        DestinationRegionId: DESTINATION_REGION,
        SourceDiskId: DISK,
      }),
    ]);
    expect(lockOf(SnapshotId)).toBeUndefined();
    expect(first.ok).toBe(false);
    expect(first.ok ? '' : first.error.message).toMatch(/^CopyLockFailed: 1 copy lock\(s\) failed \(Forbidden\.RAM\)/);
    expect(lines('run-summary')).toEqual([expect.objectContaining({ level: 'error', Copied: 1, LockFailed: 1 })]);

    // FC delivers it again (or the next timer fires): the copy is found, and locked now.
    const second = await harness.invoke(timerEvent({ SnapshotId: source.SnapshotId }));

    expect(second.ok).toBe(true);
    expect(lines('copy-already-present').map((line) => line.SnapshotId)).toEqual([SnapshotId]);
    expect(lockOf(SnapshotId)?.LockStatus).toBe('compliance-cooloff');
    expect(lines('copy-locked').map((line) => line.SnapshotId)).toEqual([SnapshotId]);
  });

  it("keeps an HTTP caller's answer when the lock fails, with the failed lock in it", async () => {
    await start({ ...LOCK_ENV, CALLER_SOURCE_REGIONS: SOURCE_REGION });
    const source = sourceOf(1);
    harness.ecs.injectFault({
      Action: 'LockSnapshot',
      fault: { kind: 'error', Code: 'OperationDenied.RetentionPeriodTooShort', status: 403 },
    });

    const answer = await harness.invoke(httpEvent({ SnapshotId: source.SnapshotId, RegionId: SOURCE_REGION }));

    const { statusCode, body } = asHttp(answer.ok ? answer.value : undefined);
    expect(statusCode).toBe(202);
    expect(body).toEqual(
      expect.objectContaining({
        Outcome: 'copied',
        Lock: expect.objectContaining({ Outcome: 'failed', Code: 'OperationDenied.RetentionPeriodTooShort', Class: 'configuration' }),
      }),
    );
  });

  it('retries a LockSnapshot whose answer was lost with the same ClientToken: one lock, set once', async () => {
    await start();
    const source = sourceOf(1);
    harness.ecs.injectFault({ Action: 'LockSnapshot', fault: { kind: 'lose-answer' } });

    const answer = await harness.invoke(timerEvent({ SnapshotId: source.SnapshotId }));

    expect(answer.ok).toBe(true);
    const calls = callsOf('LockSnapshot');
    expect(calls).toHaveLength(2);
    expect(new Set(calls.map((call) => call.params.ClientToken)).size).toBe(1);
    expect(lines('copy-locked')).toHaveLength(1);
    expect(harness.ecs.locks(DESTINATION_REGION)).toHaveLength(1);
  });
});

describe('every run locks the copies of ours that have no lock', () => {
  it('locks a copy made before LOCK_DAYS was set; leaves alone a locked copy, one whose lock expired, and copies that are not ours or of other disks', async () => {
    await start();
    const unlocked = ourCopy(50);
    const locked = ourCopy(74);
    const expired = ourCopy(98);
    const foreign = addForeignCopy(harness.ecs, sourceOf(26), DESTINATION_REGION);
    const otherDisk = ourCopy(2, {}, OTHER_DISK);
    const lockedBefore = seedLock(locked.SnapshotId, 73, 30, 24);
    const expiredBefore = seedLock(expired.SnapshotId, 97, 1);
    const recent = ourCopy(1);

    const answer = await harness.invoke(fleetRun());

    expect(answer.ok).toBe(true);
    expect(lines('copy-already-present').map((line) => line.SnapshotId)).toEqual([recent.SnapshotId]);
    // The newest data first.
    expect(lockCalls()).toEqual([recent.SnapshotId, unlocked.SnapshotId]);
    expect(lockCalls()).not.toContain(locked.SnapshotId);
    expect(lockOf(locked.SnapshotId)).toEqual({ ...lockedBefore, LockStatus: 'compliance' });
    expect(lockOf(expired.SnapshotId)).toEqual(expiredBefore);
    for (const copy of [foreign, otherDisk]) expect(lockOf(copy.SnapshotId)).toBeUndefined();
    // The locks of the copies found were read in one call, as a repeated list of IDs.
    const [read] = callsOf('DescribeLockedSnapshots');
    expect(Object.keys(read?.params ?? {}).filter((name) => name.startsWith('SnapshotIds'))).toHaveLength(4);
    expect(read?.params['SnapshotIds.1']).toMatch(/^s-/);
    expect(callsOf('UnlockSnapshot')).toEqual([]);
  });

  it('sends LockSnapshot for no copy on a re-delivery: every copy already has its lock', async () => {
    await start();
    ourCopy(30);
    const source = sourceOf(1);

    await harness.invoke(fleetRun());
    const calls = lockCalls().length;
    await harness.invoke(fleetRun());

    expect(calls).toBe(2);
    expect(lockCalls()).toHaveLength(calls);
    expect(lines('copy-already-present').map((line) => line.SourceSnapshotId)).toEqual([source.SnapshotId]);
  });

  it('skips, and reports, a copy whose RetentionDays would end before the lock: no call, no failure, every run', async () => {
    await start();
    const shortLived = ourCopy(49, { RetentionDays: 5 });
    ourCopy(1);

    const first = await harness.invoke(fleetRun());
    const second = await harness.invoke(fleetRun());

    expect([first.ok, second.ok]).toEqual([true, true]);
    expect(lockCalls()).not.toContain(shortLived.SnapshotId);
    expect(lines('copy-lock-skipped')).toEqual([
      expect.objectContaining({ level: 'warn', SnapshotId: shortLived.SnapshotId, Reason: expect.stringContaining('RetentionDays 5') }),
      expect.objectContaining({ SnapshotId: shortLived.SnapshotId }),
    ]);
    expect(lines('run-summary')).toEqual([
      expect.objectContaining({ level: 'info', LockSkipped: 1, Locked: 1 }),
      expect.objectContaining({ level: 'info', LockSkipped: 1, Locked: 0 }),
    ]);
  });

  it('lists in a dry run the locks it would set, and sets none', async () => {
    await start();
    const old = ourCopy(30);
    const source = sourceOf(1);

    const answer = await harness.invoke(fleetRun({ DryRun: true }));

    expect(answer.ok).toBe(true);
    expect(lines('copy-lock-planned')).toEqual([expect.objectContaining({ level: 'info', SnapshotId: old.SnapshotId, LockDays: 7 })]);
    expect(lines('copy-planned').map((line) => line.SourceSnapshotId)).toEqual([source.SnapshotId]);
    expect(callsOf('LockSnapshot')).toEqual([]);
    expect(harness.ecs.locks(DESTINATION_REGION)).toEqual([]);
    expect(lines('run-summary')).toEqual([expect.objectContaining({ DryRun: true, LockPlanned: 1, Locked: 0 })]);
  });

  it('reads the locks of 150 copies 100 IDs a call', async () => {
    await start();
    const [unlocked, ...copies] = Array.from({ length: 150 }, (_, index) => ourCopy(2 + index).SnapshotId);
    for (const SnapshotId of copies) seedLock(SnapshotId, 1);

    const answer = await harness.invoke(fleetRun());

    expect(answer.ok).toBe(true);
    const idsSent = callsOf('DescribeLockedSnapshots').map(
      (call) => Object.keys(call.params).filter((name) => /^SnapshotIds\.\d+$/.test(name)).length,
    );
    // The copies' locks, then the one lock set, looked for in the list of locks.
    expect(idsSent).toEqual([100, 50, 1]);
    expect(lockCalls()).toEqual([unlocked]);
  });

  it('fails, and says so, when a lock it sets is not in the list of locks: someone removed it in its cool-off', async () => {
    await start();
    const copy = ourCopy(30);
    await harness.invoke(fleetRun());
    expect(lockOf(copy.SnapshotId)?.LockStatus).toBe('compliance-cooloff');
    // An administrator (or an intruder with the account's keys) removes the lock while it can still be removed.
    await callEcs(popCoreClient(harness.ecs, CANARY_CREDENTIALS), 'UnlockSnapshot', {
      RegionId: DESTINATION_REGION,
      SnapshotId: copy.SnapshotId,
    });

    const next = await harness.invoke(fleetRun());

    // ECS answers the same ClientToken with its first answer, and sets nothing: the run does not take it as locked.
    expect(lockOf(copy.SnapshotId)).toBeUndefined();
    expect(lines('copy-lock-failed')).toEqual([
      expect.objectContaining({ SnapshotId: copy.SnapshotId, Code: 'LockNotConfirmed', Class: 'unknown' }),
    ]);
    // The copy's data is within RPO, its locked data is not: the failure names both, and the lock that failed.
    expect(next.ok ? '' : next.error.message).toMatch(
      /^CopyRunFailed: 1 disk and destination pair\(s\) outside RPO: .*; 1 of them by their newest locked copy alone: .*\(no locked copy\); 1 copy lock\(s\) failed \(LockNotConfirmed\)$/,
    );
  });

  it('stops in a destination whose locks cannot be read, and fails the run; the copies stand', async () => {
    await start(LOCK_ENV, { variants: { lockUnsupportedRegions: [DESTINATION_REGION] } });
    ourCopy(30);
    sourceOf(1);

    const answer = await harness.invoke(fleetRun());

    expect(lines('copy-locks-stopped')).toEqual([
      expect.objectContaining({
        level: 'error',
        DestinationRegionId: DESTINATION_REGION,
        Code: 'OperationDenied.NotSupportedInRegion',
        Class: 'configuration',
      }),
    ]);
    expect(lines('copy-started')).toHaveLength(1);
    expect(lines('copy-lock-failed')).toEqual([expect.objectContaining({ Code: 'OperationDenied.NotSupportedInRegion' })]);
    expect(answer.ok ? '' : answer.error.message).toMatch(/^CopyRunFailed: /);
    expect(lines('rpo-status')).toEqual([
      expect.objectContaining({
        level: 'error',
        WithinRpo: false,
        ProtectedCopySnapshotId: null,
        ProtectedDataAgeHours: null,
        DataAgeHours: expect.any(Number),
      }),
    ]);
  });
});

describe('the protected RPO: the newest data in a copy that is accomplished and locked', () => {
  it('is the newest locked copy, beside the newest copied data', async () => {
    await start();
    const older = ourCopy(30);
    seedLock(older.SnapshotId, 29);
    const newer = ourCopy(2);

    const answer = await harness.invoke(fleetRun());

    expect(answer.ok).toBe(true);
    const [status] = lines('rpo-status');
    expect(status).toEqual(
      expect.objectContaining({
        level: 'info',
        NewestCopySnapshotId: newer.SnapshotId,
        ProtectedCopySnapshotId: newer.SnapshotId,
        ProtectedDataCreationTime: status?.DataCreationTime,
        ProtectedDataAgeHours: status?.DataAgeHours,
        WithinRpo: true,
      }),
    );
  });

  it('puts a pair outside RPO when its newest locked data is older than RPO_HOURS, though a newer copy exists', async () => {
    await start({ ...LOCK_ENV, RPO_HOURS: '24' });
    const older = ourCopy(30);
    seedLock(older.SnapshotId, 29);
    const newer = ourCopy(2);
    harness.ecs.injectFault({ Action: 'LockSnapshot', fault: { kind: 'error', Code: 'Forbidden.RAM', status: 403 } });

    const answer = await harness.invoke(fleetRun());

    const [status] = lines('rpo-status');
    expect(status).toEqual(
      expect.objectContaining({
        level: 'error',
        NewestCopySnapshotId: newer.SnapshotId,
        DataAgeHours: expect.any(Number),
        ProtectedCopySnapshotId: older.SnapshotId,
        ProtectedDataAgeHours: expect.any(Number),
        WithinRpo: false,
        RpoHours: 24,
      }),
    );
    expect(Number(status?.DataAgeHours)).toBeLessThan(3);
    expect(Number(status?.ProtectedDataAgeHours)).toBeGreaterThan(29);
    expect(lines('run-summary')).toEqual([expect.objectContaining({ WithinRpo: 0, OutsideRpo: 1, LockFailed: 1 })]);
    expect(answer.ok ? '' : answer.error.message).toMatch(/outside RPO/);
  });

  it('is not reported without LOCK_DAYS', async () => {
    await start({});
    ourCopy(2);

    await harness.invoke(fleetRun());

    expect(Object.keys(lines('rpo-status')[0] ?? {}).filter((key) => key.startsWith('Protected'))).toEqual([]);
    expect(callsOf('DescribeLockedSnapshots')).toEqual([]);
  });
});

describe('KeepCopies never deletes a locked copy', () => {
  it('keeps a copy locked in compliance or in its cool-off, without LOCK_DAYS, and reports it kept because locked; an expired lock holds nothing', async () => {
    await start({});
    const [expired, compliance, coolOff] = [96, 72, 48].map((hoursAgo) => ourCopy(hoursAgo));
    ourCopy(24);
    ourCopy(1);
    seedLock(String(expired?.SnapshotId), 95, 1);
    seedLock(String(compliance?.SnapshotId), 71, 30, 1);
    seedLock(String(coolOff?.SnapshotId), 1, 30, 24);

    const answer = await harness.invoke(fleetRun({ KeepCopies: 2 }));

    expect(answer.ok).toBe(true);
    expect(callsOf('DeleteSnapshot').map((call) => call.params.SnapshotId)).toEqual([expired?.SnapshotId]);
    expect(remaining()).not.toContain(expired?.SnapshotId);
    expect(lines('copy-prune-kept')).toEqual([
      expect.objectContaining({
        SnapshotId: compliance?.SnapshotId,
        LockStatus: 'compliance',
        LockExpiredTime: expect.stringMatching(/Z$/),
        Reason: expect.stringContaining('locked'),
      }),
      expect.objectContaining({ SnapshotId: coolOff?.SnapshotId, LockStatus: 'compliance-cooloff' }),
    ]);
    expect(lines('run-summary')).toEqual([expect.objectContaining({ Pruned: 1, PruneKept: 2 })]);
    expect(callsOf('DescribeLockedSnapshots')).toHaveLength(1);
  });

  it('deletes as before in a region that does not offer snapshot lock', async () => {
    await start({}, { variants: { lockUnsupportedRegions: [DESTINATION_REGION] } });
    const old = ourCopy(48);
    ourCopy(1);

    const answer = await harness.invoke(fleetRun({ KeepCopies: 1 }));

    expect(answer.ok).toBe(true);
    expect(lines('copy-pruned').map((line) => line.SnapshotId)).toEqual([old.SnapshotId]);
  });

  it('deletes nothing when the locks cannot be read', async () => {
    await start({});
    ourCopy(48);
    ourCopy(1);
    harness.ecs.injectFault({ Action: 'DescribeLockedSnapshots', fault: { kind: 'error', Code: 'Forbidden.RAM', status: 403 } });

    const answer = await harness.invoke(fleetRun({ KeepCopies: 1 }));

    expect(callsOf('DeleteSnapshot')).toEqual([]);
    expect(lines('keep-copies-stopped')).toEqual([
      expect.objectContaining({ Code: 'Forbidden.RAM', Advice: expect.stringContaining('ecs:DeleteSnapshot') }),
    ]);
    expect(answer.ok ? '' : answer.error.message).toMatch(/^KeepCopiesFailed: /);
  });

  it('takes an answer without LockedSnapshotsInfo as a bad answer, never as "no locks": nothing deleted, nothing locked', async () => {
    await start();
    const old = ourCopy(48);
    ourCopy(24);
    harness.ecs.injectFault({
      Action: 'DescribeLockedSnapshots',
      fault: { kind: 'body', status: 200, body: '{"RequestId":"R-no-list"}' },
      times: 20,
    });

    const answer = await harness.invoke(fleetRun({ KeepCopies: 1 }));

    expect(remaining()).toContain(old.SnapshotId);
    expect(callsOf('DeleteSnapshot')).toEqual([]);
    expect(callsOf('LockSnapshot')).toEqual([]);
    expect(lines('keep-copies-stopped')).toEqual([
      expect.objectContaining({ Code: 'EcsBadResponse', Message: expect.stringContaining('LockedSnapshotsInfo') }),
    ]);
    expect(lines('copy-locks-stopped')).toEqual([expect.objectContaining({ Code: 'EcsBadResponse' })]);
    expect(answer.ok).toBe(false);
  });

  it('runs before the locks: with LOCK_DAYS and KeepCopies, what it deletes is never locked first, and what it keeps is', async () => {
    await start();
    const [oldest, middle] = [72, 48].map((hoursAgo) => ourCopy(hoursAgo));
    const newest = ourCopy(24);
    sourceOf(1);

    const answer = await harness.invoke(fleetRun({ KeepCopies: 2 }));

    expect(answer.ok).toBe(true);
    expect(callsOf('DeleteSnapshot').map((call) => call.params.SnapshotId)).toEqual([oldest?.SnapshotId]);
    expect(lockCalls()).not.toContain(oldest?.SnapshotId);
    expect(lockCalls()).toEqual(expect.arrayContaining([middle?.SnapshotId, newest.SnapshotId]));
  });
});
