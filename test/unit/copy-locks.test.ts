import { invocationDeadline } from '../../lib/calls/deadline';
import { openDiskSession } from '../../lib/calls/ecs-disk-session';
import { DEFAULT_RETRY_POLICY } from '../../lib/calls/retry';
import { deriveClientToken } from '../../lib/copy/client-token';
import type { LockResult } from '../../lib/copy/lock-result';
import type { RpoStatus } from '../../lib/copy/rpo-report';
import type { RunVerdict } from '../../lib/copy/run-verdict';
import { releasedBeforeLockEnds } from '../../lib/copy-locks/destination-locks';
import { lockCopy } from '../../lib/copy-locks/lock-copy';
import { lockClientToken } from '../../lib/copy-locks/lock-token';
import { locksVerdict } from '../../lib/copy-locks/locks-verdict';
import { newestProtected, withProtectedRpo } from '../../lib/copy-locks/protected-rpo';
import type { LockedSnapshotInfo, SnapshotRetention } from '../../lib/ecs/ecs-disks';
import { CopyFailure } from '../../lib/failures/errors';
import { CANARY_CREDENTIALS } from '../../tools/fc-fixtures';
import { DESTINATION_REGION, invocationContext, SOURCE_REGION } from '../support/context';
import { timerEvent } from '../support/events';
import { FakeEcs } from '../support/fake-ecs';
import { startFakeHarness } from '../support/fake-harness';
import { logsNamed } from '../support/output';
import { addOurCopy, addSource } from '../support/seed-copies';
import { VirtualClock } from '../support/virtual-clock';

// The copies' locks on the fake ECS (the local endpoint's engine, in process) and the virtual clock, and their rules
// one by one. The same rules through pop-core against the local endpoint: test/integration/copy-locks.test.ts.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const DISK = 'd-bp1lockunit000001';
const LOCK = { LockDays: 7, LockCoolOffHours: 12 };

describe('the ClientToken of a copy’s lock', () => {
  const copy = { SnapshotId: 's-bp1copy000000000001', DestinationRegionId: 'us-east-1' };

  it('is derived from the copy and the lock asked for: the same for every call that could lock it so, at most 64 ASCII characters', () => {
    const token = lockClientToken(copy, LOCK);

    expect(lockClientToken({ ...copy }, { ...LOCK })).toBe(token);
    expect(token).toMatch(/^sc-[A-Za-z0-9_-]{43}$/);
    expect(token.length).toBeLessThanOrEqual(64);
  });

  it('is never a copy’s token, and changes with the copy, its region, LockDays and LockCoolOffHours', () => {
    const token = lockClientToken(copy, LOCK);
    const copyToken = deriveClientToken(['', '0'], {
      RegionId: 'cn-hangzhou',
      SnapshotId: copy.SnapshotId,
      DestinationRegionId: 'us-east-1',
    });

    expect(
      new Set([
        token,
        copyToken,
        lockClientToken({ ...copy, SnapshotId: 's-bp1copy000000000002' }, LOCK),
        lockClientToken({ ...copy, DestinationRegionId: 'eu-central-1' }, LOCK),
        lockClientToken(copy, { ...LOCK, LockDays: 8 }),
        lockClientToken(copy, { ...LOCK, LockCoolOffHours: 0 }),
      ]).size,
    ).toBe(6);
  });
});

describe('a lock that would outlast the copy’s retention', () => {
  const now = Date.parse('2026-12-01T00:00:00Z');
  const retention = (createdDaysAgo: number, RetentionDays: number | undefined): SnapshotRetention => ({
    SnapshotId: 's-x',
    CreationTime: now - createdDaysAgo * DAY,
    RetentionDays,
  });

  it('is refused when ECS releases the copy before the lock set now would end, allowed up to the day it does', () => {
    expect(releasedBeforeLockEnds(retention(0, 7), LOCK, now)).toBeUndefined();
    expect(releasedBeforeLockEnds(retention(1, 7), LOCK, now)).toMatch(/^ECS releases it at 2026-12-07T00:00:00\.000Z \(RetentionDays 7\)/);
    expect(releasedBeforeLockEnds(retention(3, 30), LOCK, now)).toBeUndefined();
  });

  it('never stands in the way of a copy kept for good', () => {
    expect(releasedBeforeLockEnds(retention(400, undefined), { LockDays: 3650, LockCoolOffHours: 0 }, now)).toBeUndefined();
  });
});

describe('one LockSnapshot', () => {
  function session(clock: VirtualClock, ecs: FakeEcs, deadlineSeconds = 900) {
    return openDiskSession(
      1000,
      { ecs, disks: ecs, now: clock.now, sleep: clock.sleep, random: () => 0, retryPolicy: DEFAULT_RETRY_POLICY },
      { ...CANARY_CREDENTIALS },
      invocationDeadline(deadlineSeconds, clock.now(), clock.now),
    );
  }

  /** A fake ECS on a virtual clock, with one of our copies (of DISK's snapshot taken an hour ago) to lock. */
  function aCopyToLock() {
    const clock = new VirtualClock();
    const ecs = new FakeEcs({ clock });
    const copy = addOurCopy(
      ecs,
      addSource(ecs, { RegionId: SOURCE_REGION, DiskId: DISK, createdMs: clock.now() - HOUR }),
      DESTINATION_REGION,
    );
    const subject = { SnapshotId: copy.SnapshotId, DestinationRegionId: DESTINATION_REGION, SourceSnapshotId: 's-x', SourceDiskId: DISK };
    return { clock, ecs, subject };
  }

  it('is left to the next run when the deadline leaves no time for it: no call made', async () => {
    const { clock, ecs, subject } = aCopyToLock();

    const result = await lockCopy(session(clock, ecs, 0), subject, LOCK);

    expect(result).toEqual(expect.objectContaining({ Outcome: 'left', Reason: expect.stringContaining('timeout') }));
    expect(ecs.calls.filter((call) => call.Action === 'LockSnapshot')).toEqual([]);
  });

  it('fails with the copy standing when ECS refuses it, retried first when the refusal is transient', async () => {
    const { clock, ecs, subject } = aCopyToLock();
    ecs.injectFault({ Action: 'LockSnapshot', fault: { kind: 'error', Code: 'ServiceUnavailable', status: 503 }, times: 10 });

    const result = await lockCopy(session(clock, ecs), subject, LOCK);

    expect(result).toEqual(
      expect.objectContaining({
        Outcome: 'failed',
        Code: 'ServiceUnavailable',
        Class: 'transient',
        ClientToken: lockClientToken(subject, LOCK),
      }),
    );
    const calls = ecs.calls.filter((call) => call.Action === 'LockSnapshot');
    expect(calls.length).toBeGreaterThan(1);
    expect(new Set(calls.map((call) => call.params.ClientToken)).size).toBe(1);
    expect(ecs.snapshots(DESTINATION_REGION).map((snapshot) => snapshot.SnapshotId)).toContain(subject.SnapshotId);
  });
});

describe('a run’s share of locks', () => {
  it('locks at most API_CALLS_PER_MINUTE copies found without a lock in a destination, the newest first; the next runs lock the rest', async () => {
    const harness = startFakeHarness({ env: { SOURCE_REGION_ID: SOURCE_REGION, LOCK_DAYS: '7', API_CALLS_PER_MINUTE: '2' } });
    const { ecs, clock } = harness;
    const copies = [20, 15, 10, 5].map(
      (hoursAgo) =>
        addOurCopy(
          ecs,
          addSource(ecs, { RegionId: SOURCE_REGION, DiskId: DISK, createdMs: clock.now() - hoursAgo * HOUR }),
          DESTINATION_REGION,
        ).SnapshotId,
    );
    const [oldest, older, newer, newest] = copies;

    // At 2 calls a minute of each API, the run takes minutes of the virtual clock.
    const context = () => invocationContext({ timeoutSeconds: 900 });
    const first = await harness.invoke(timerEvent({ DiskIds: [DISK] }), context());

    expect(first.ok ? 'ok' : first.error.message).toBe('ok');
    expect(
      ecs
        .locks(DESTINATION_REGION)
        .map((lock) => lock.SnapshotId)
        .sort(),
    ).toEqual([newer, newest].sort());
    expect(logsNamed(harness.logs, 'copy-lock-left')).toEqual([
      expect.objectContaining({ level: 'warn', SnapshotId: older, Reason: expect.stringContaining('at most 2') }),
      expect.objectContaining({ SnapshotId: oldest }),
    ]);
    expect(logsNamed(harness.logs, 'run-summary')).toEqual([expect.objectContaining({ Locked: 2, LockLeft: 2 })]);

    await harness.invoke(timerEvent({ DiskIds: [DISK] }), context());

    expect(ecs.locks(DESTINATION_REGION)).toHaveLength(4);
  });
});

describe('the protected RPO', () => {
  const copy = (SnapshotId: string, hoursAgo: number, Status: 'accomplished' | 'progressing' = 'accomplished', SourceDiskId = DISK) => ({
    SnapshotId,
    DestinationRegionId: DESTINATION_REGION,
    SourceSnapshotId: `${SnapshotId}-source`,
    SourceDiskId,
    Status,
    SourceCreationTime: Date.parse('2026-12-01T00:00:00Z') - hoursAgo * HOUR,
  });
  const lock = (SnapshotId: string, LockStatus: string): LockedSnapshotInfo => ({
    SnapshotId,
    LockMode: 'compliance',
    LockStatus,
    LockDuration: 7,
    CoolOffPeriod: 0,
    CoolOffPeriodExpiredTime: '',
    LockCreationTime: '',
    LockDurationStartTime: '',
    LockExpiredTime: '',
  });

  it('is the newest accomplished copy that a lock holds (compliance or its cool-off) or this run locked and confirmed', () => {
    const destination = {
      copies: [
        copy('s-1', 50),
        copy('s-2', 30),
        copy('s-3', 20),
        copy('s-4', 10),
        copy('s-5', 1, 'progressing'),
        copy('s-6', 5, 'accomplished', 'd-other'),
      ],
      locks: new Map([
        ['s-1', lock('s-1', 'compliance')],
        ['s-3', lock('s-3', 'expired')],
        ['s-4', lock('s-4', 'compliance-cooloff')],
        ['s-5', lock('s-5', 'compliance-cooloff')],
      ]),
      confirmed: new Set(['s-2']),
    };

    expect([...newestProtected(destination)].map(([disk, held]) => [disk, held.SnapshotId])).toEqual([[DISK, 's-4']]);
    expect(newestProtected({ ...destination, locks: new Map([['s-1', lock('s-1', 'compliance')]]) }).get(DISK)?.SnapshotId).toBe('s-2');
  });

  it('puts a pair outside RPO when its protected data is too old or missing, and keeps one outside by its copied data outside', () => {
    const nowMs = Date.parse('2026-12-01T00:00:00Z');
    const status = (DiskId: string, WithinRpo: boolean): RpoStatus => ({
      DiskId,
      DestinationRegionId: DESTINATION_REGION,
      NewestCopySnapshotId: 's-n',
      DataCreationTime: null,
      DataAgeHours: WithinRpo ? 1 : 50,
      WithinRpo,
      Progressing: [],
      Failed: [],
    });
    const held = new Map([
      [
        DESTINATION_REGION,
        new Map([
          ['d-a', copy('s-a', 2, 'accomplished', 'd-a')],
          ['d-b', copy('s-b', 40, 'accomplished', 'd-b')],
          ['d-c', copy('s-c', 1, 'accomplished', 'd-c')],
        ]),
      ],
    ]);

    const statuses = withProtectedRpo(
      [status('d-a', true), status('d-b', true), status('d-c', false), status('d-d', true)],
      held,
      36,
      nowMs,
    );

    expect(statuses.map((entry) => [entry.DiskId, entry.ProtectedCopySnapshotId, entry.ProtectedDataAgeHours, entry.WithinRpo])).toEqual([
      ['d-a', 's-a', 2, true],
      ['d-b', 's-b', 40, false],
      ['d-c', 's-c', 1, false],
      ['d-d', null, null, false],
    ]);
    expect(withProtectedRpo([status('d-a', true)], new Map(), 36, nowMs)[0]).toEqual(
      expect.objectContaining({ ProtectedCopySnapshotId: null, ProtectedDataCreationTime: null, WithinRpo: false }),
    );
  });
});

describe('the locks’ verdict', () => {
  const locked: LockResult = {
    SnapshotId: 's-copy',
    DestinationRegionId: DESTINATION_REGION,
    SourceSnapshotId: 's-source',
    SourceDiskId: DISK,
    ...LOCK,
    Outcome: 'locked',
    LockStatus: 'compliance-cooloff',
    CoolOffPeriodExpiredTime: '',
    LockExpiredTime: '',
    ClientToken: 'sc-x',
    RequestId: 'R-1',
  };
  const failed: LockResult = {
    ...locked,
    Outcome: 'failed',
    ClientToken: 'sc-x',
    Code: 'Forbidden.RAM',
    Class: 'forbidden',
    Message: 'no',
  };
  const answer = {
    SnapshotId: 's-copy',
    RequestId: 'R-0',
    Outcome: 'copied' as const,
    SourceSnapshotId: 's-source',
    RegionId: SOURCE_REGION,
    DestinationRegionId: DESTINATION_REGION,
    DestinationSnapshotName: undefined,
    RetentionDays: undefined,
    ClientToken: undefined,
    Attempts: 1,
  };
  const ok: RunVerdict = { ok: true, answer };
  const none = { stops: [], protectedMisses: [] };

  it('puts the copy’s lock in its answer, and leaves a verdict without failed locks as it was', () => {
    expect(locksVerdict(ok, { ...none, results: [locked] }, false)).toEqual({ ok: true, answer: { ...answer, Lock: locked } });
  });

  it('fails a timer’s run whose copies went well with CopyLockFailed, caused by the first failed lock', () => {
    const verdict = locksVerdict(ok, { ...none, results: [failed] }, false);

    expect(verdict.ok).toBe(false);
    if (verdict.ok) return;
    expect(verdict.failure).toEqual(
      expect.objectContaining({ Code: 'CopyLockFailed', errorClass: 'incomplete', Message: '1 copy lock(s) failed (Forbidden.RAM)' }),
    );
    expect(verdict.failure.cause).toEqual(expect.objectContaining({ Code: 'Forbidden.RAM' }));
    expect(verdict.kind === 'incomplete' && verdict.answer).toEqual({ ...answer, Lock: failed });
  });

  it('keeps an HTTP caller’s answer, with the failed lock in it', () => {
    expect(locksVerdict(ok, { ...none, results: [failed] }, true)).toEqual({ ok: true, answer: { ...answer, Lock: failed } });
  });

  it('adds what the locks did to a run that failed already, under its own Code, and leaves a failure alone', () => {
    const failure = new CopyFailure({ Code: 'CopyRunFailed', Message: '1 of 2 copies failed (X ×1)', errorClass: 'incomplete' });
    const incomplete: RunVerdict = { ok: false, kind: 'incomplete', failure, answer, firstFailure: undefined };
    const alone: RunVerdict = { ok: false, kind: 'failure', failure };

    const verdict = locksVerdict(incomplete, { ...none, results: [failed] }, false);

    expect(!verdict.ok && verdict.failure.Code).toBe('CopyRunFailed');
    expect(!verdict.ok && verdict.failure.Message).toBe('1 of 2 copies failed (X ×1); 1 copy lock(s) failed (Forbidden.RAM)');
    expect(locksVerdict(alone, { ...none, results: [failed] }, false)).toBe(alone);
  });
});
