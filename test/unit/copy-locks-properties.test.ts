/**
 * The locks' safety rules as properties, over random fleets and sequences of runs on the fake ECS (the local
 * endpoint's own model, with its lock rules: re-configuration in the cool-off, extension after it, ClientTokens) and
 * the virtual clock, through the whole handler: copies of ours accomplished, progressing and failed, locked by
 * someone in their cool-off, past it, or expired, with retentions too short for the lock; timer runs with and without
 * KeepCopies, with their own LockDays, dry runs, HTTP runs, re-deliveries, new snapshots, hours and days passing,
 * someone unlocking a copy in its cool-off, a region without snapshot lock, and random faults on every call
 * (lost answers included, after which a LockSnapshot is retried). After every step:
 * - no lock is ever re-configured or extended: once a snapshot has a lock, its LockCreationTime, LockDuration,
 *   CoolOffPeriod (and, once set, LockDurationStartTime) never change, until someone else removes it;
 * - LockSnapshot reaches a snapshot that has a lock only as a repeat of the very call that set it (its ClientToken);
 * - no locked copy is deleted: no DeleteSnapshot is answered OperationDenied.SnapshotLocked, and every copy a lock
 *   held before the step is still there after it;
 * - a dry run sends no LockSnapshot, and the function never sends UnlockSnapshot.
 */
import * as fc from 'fast-check';
import type { LockedSnapshotInfo } from '../../ecs-local/snapshot-lock';
import { CANARY_CREDENTIALS } from '../../tools/fc-fixtures';
import { DESTINATION_REGION, invocationContext, SOURCE_REGION } from '../support/context';
import { httpEvent, timerEvent } from '../support/events';
import { type FakeHarness, startFakeHarness } from '../support/fake-harness';
import { logsNamed } from '../support/output';
import { itHoldsOverRandomRuns } from '../support/property-runs';
import { addOurCopy, addSource } from '../support/seed-copies';

const HOUR = 3_600_000;
const DISKS = ['d-bp1lockprop000001', 'd-bp1lockprop000002'];

type LockState = 'none' | 'cooloff' | 'compliance' | 'expired';

interface CopySpec {
  disk: number;
  hoursAgo: number;
  status: 'accomplished' | 'progressing' | 'failed';
  lock: LockState;
  retentionDays: number | undefined;
}

type Step =
  | { kind: 'timer'; keep: number | undefined; lockDays: number | undefined; coolOff: number | undefined; dryRun: boolean }
  | { kind: 'redeliver' }
  | { kind: 'http' }
  | { kind: 'advance'; hours: number }
  | { kind: 'unlock' }
  | { kind: 'snapshot' };

interface Scenario {
  copies: CopySpec[];
  lockDays: number;
  coolOff: number;
  retentionDays: number | undefined;
  steps: Step[];
  faultSeed: number;
  faultProbability: number;
  lockUnsupported: boolean;
}

const oneIn = (n: number) => fc.integer({ min: 1, max: n }).map((value) => value === 1);

const copySpec: fc.Arbitrary<CopySpec> = fc.record({
  disk: fc.integer({ min: 0, max: DISKS.length - 1 }),
  hoursAgo: fc.integer({ min: 1, max: 24 * 20 }),
  status: fc.oneof(
    { weight: 8, arbitrary: fc.constant<CopySpec['status']>('accomplished') },
    { weight: 1, arbitrary: fc.constantFrom<CopySpec['status']>('progressing', 'failed') },
  ),
  lock: fc.oneof(
    { weight: 3, arbitrary: fc.constant<LockState>('none') },
    { weight: 1, arbitrary: fc.constantFrom<LockState>('cooloff', 'compliance', 'expired') },
  ),
  retentionDays: fc.option(fc.integer({ min: 2, max: 40 }), { nil: undefined, freq: 3 }),
});

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('timer' as const),
      keep: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined, freq: 2 }),
      lockDays: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined, freq: 3 }),
      coolOff: fc.option(fc.constantFrom(0, 1, 24, 72), { nil: undefined, freq: 3 }),
      dryRun: oneIn(6),
    }),
  },
  { weight: 2, arbitrary: fc.constant<Step>({ kind: 'redeliver' }) },
  { weight: 1, arbitrary: fc.constant<Step>({ kind: 'http' }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('advance' as const), hours: fc.constantFrom(1, 6, 25, 24 * 4, 24 * 9) }) },
  { weight: 1, arbitrary: fc.constant<Step>({ kind: 'unlock' }) },
  { weight: 2, arbitrary: fc.constant<Step>({ kind: 'snapshot' }) },
);

const scenario: fc.Arbitrary<Scenario> = fc.record({
  copies: fc.array(copySpec, { minLength: 0, maxLength: 10 }),
  lockDays: fc.integer({ min: 1, max: 10 }),
  coolOff: fc.constantFrom(0, 1, 12, 24),
  retentionDays: fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined, freq: 2 }),
  steps: fc.array(step, { minLength: 1, maxLength: 6 }),
  faultSeed: fc.integer(),
  faultProbability: fc.constantFrom(0, 0, 0.05, 0.2),
  lockUnsupported: oneIn(8),
});

/** What the suite tried, printed and checked at its end: properties that never locked or deleted would prove nothing. */
const tried = {
  scenarios: 0,
  runs: 0,
  locked: 0,
  replays: 0,
  lockFailed: 0,
  unlocked: 0,
  deleted: 0,
  keptLocked: 0,
  faults: 0,
  dryRuns: 0,
};

const iso = (ms: number) => new Date(ms).toISOString();

/** `lockable`: whether the region offers snapshot lock; one that does not holds no lock. */
function seed(harness: FakeHarness, copies: readonly CopySpec[], lockable: boolean): void {
  const { ecs, clock } = harness;
  const now = clock.now();
  const seen = new Set<string>();
  for (const copy of copies) {
    const DiskId = DISKS[copy.disk] ?? '';
    if (seen.has(`${DiskId}/${copy.hoursAgo}`)) continue;
    seen.add(`${DiskId}/${copy.hoursAgo}`);
    const source = addSource(ecs, { RegionId: SOURCE_REGION, DiskId, createdMs: now - copy.hoursAgo * HOUR });
    const created = now - copy.hoursAgo * HOUR + 60_000;
    const { SnapshotId } = addOurCopy(ecs, source, DESTINATION_REGION, {
      Status: copy.status,
      ...(copy.retentionDays !== undefined ? { RetentionDays: copy.retentionDays } : {}),
    });
    if (copy.lock === 'none' || copy.status === 'failed' || !lockable) continue;
    // Someone's lock (an earlier configuration, an administrator): set when the copy was made, or an hour ago.
    const lock = {
      cooloff: { LockDuration: 30, CoolOffPeriod: 24, LockCreationTime: iso(Math.max(created, now - HOUR)) },
      compliance: { LockDuration: 30, CoolOffPeriod: 0, LockCreationTime: iso(created) },
      expired: { LockDuration: 1, CoolOffPeriod: 0, LockCreationTime: iso(created) },
    }[copy.lock];
    if (copy.lock === 'expired' && copy.hoursAgo < 30) continue;
    if (copy.status === 'progressing' && copy.lock === 'expired') continue;
    ecs.addLock({ RegionId: DESTINATION_REGION, SnapshotId, ...lock });
  }
}

/** What a lock was when first seen: none of it may change while the lock stands. */
type Fixed = Pick<LockedSnapshotInfo, 'LockCreationTime' | 'LockDuration' | 'CoolOffPeriod' | 'LockDurationStartTime'>;

const HOLDING = new Set(['compliance-cooloff', 'compliance']);

async function checkScenario(spec: Scenario): Promise<void> {
  const retention: Record<string, string> =
    spec.retentionDays === undefined ? {} : { RETENTION_DAYS: String(spec.lockDays + 2 + spec.retentionDays) };
  const harness = startFakeHarness({
    env: {
      SOURCE_REGION_ID: SOURCE_REGION,
      LOCK_DAYS: String(spec.lockDays),
      LOCK_COOL_OFF_HOURS: String(spec.coolOff),
      CALLER_FIXED_FIELDS: 'RetentionDays',
      ...retention,
    },
    ecs: {
      ...(spec.lockUnsupported ? { variants: { lockUnsupportedRegions: [DESTINATION_REGION] } } : {}),
      ...(spec.faultProbability > 0 ? { randomFaults: { seed: spec.faultSeed, probability: spec.faultProbability } } : {}),
    },
  });
  const { ecs, clock } = harness;
  seed(harness, spec.copies, !spec.lockUnsupported);
  tried.scenarios += 1;

  const fixed = new Map<string, Fixed>();
  /** The ClientToken of the call that set each lock the function set. */
  const tokenOf = new Map<string, string>();
  const locksNow = () => new Map(ecs.locks(DESTINATION_REGION).map((lock) => [lock.SnapshotId, lock]));
  for (const [SnapshotId, lock] of locksNow()) fixed.set(SnapshotId, lock);
  let lastEvent: Buffer | undefined;
  let removedByOthers = new Set<string>();

  for (const [index, current] of spec.steps.entries()) {
    const before = locksNow();
    const held = [...before.values()].filter((lock) => HOLDING.has(lock.LockStatus)).map((lock) => lock.SnapshotId);
    const callsBefore = ecs.calls.length;
    const logsBefore = harness.logs.length;
    const context = invocationContext({ timeoutSeconds: 300 });
    let dryRun = false;
    switch (current.kind) {
      case 'timer': {
        const payload = {
          DiskIds: DISKS,
          ...(current.keep !== undefined ? { KeepCopies: current.keep } : {}),
          ...(current.lockDays !== undefined ? { LockDays: current.lockDays } : {}),
          ...(current.coolOff !== undefined && current.lockDays !== undefined ? { LockCoolOffHours: current.coolOff } : {}),
          ...(current.dryRun ? { DryRun: true } : {}),
        };
        dryRun = current.dryRun;
        lastEvent = timerEvent(payload, iso(clock.now()).replace(/\.\d{3}Z$/, 'Z'));
        await harness.invoke(lastEvent, context);
        tried.runs += 1;
        if (dryRun) tried.dryRuns += 1;
        break;
      }
      case 'redeliver':
        if (lastEvent === undefined) continue;
        dryRun = JSON.parse(JSON.parse(lastEvent.toString()).payload).DryRun === true;
        await harness.invoke(lastEvent, context);
        tried.runs += 1;
        break;
      case 'http':
        await harness.invoke(httpEvent({ DiskIds: DISKS }), context);
        tried.runs += 1;
        break;
      case 'advance':
        await clock.advance(current.hours * HOUR);
        break;
      case 'unlock': {
        const inCoolOff = [...before.values()].find((lock) => lock.LockStatus === 'compliance-cooloff');
        if (inCoolOff === undefined) continue;
        await ecs.unlockSnapshot(
          { RegionId: DESTINATION_REGION, SnapshotId: inCoolOff.SnapshotId },
          { credentials: { ...CANARY_CREDENTIALS }, timeoutMs: 10_000 },
        );
        // Whether it was removed is ECS's word, not the answer's: a random fault may have lost the answer.
        if (!locksNow().has(inCoolOff.SnapshotId)) {
          removedByOthers = new Set([...removedByOthers, inCoolOff.SnapshotId]);
          tokenOf.delete(inCoolOff.SnapshotId);
          tried.unlocked += 1;
        }
        break;
      }
      case 'snapshot':
        for (const DiskId of DISKS) addSource(ecs, { RegionId: SOURCE_REGION, DiskId, createdMs: clock.now() - 60_000 });
        break;
    }

    const calls = ecs.calls.slice(callsBefore);
    const where = `step ${index} (${current.kind})`;
    // LockSnapshot reaches a snapshot with a lock only as a repeat of the call that set it; within a step, one
    // token a snapshot.
    const stepTokens = new Map<string, string>();
    for (const call of calls.filter((recorded) => recorded.Action === 'LockSnapshot')) {
      const SnapshotId = String(call.params.SnapshotId);
      const token = String(call.params.ClientToken);
      if (before.has(SnapshotId)) {
        expect({ where, SnapshotId, token }).toEqual({ where, SnapshotId, token: tokenOf.get(SnapshotId) });
        if (call.status === 200) tried.replays += 1;
      } else {
        const first = stepTokens.get(SnapshotId) ?? token;
        // A retry (a lost answer, a throttled call) repeats the call with its token.
        if (stepTokens.has(SnapshotId)) tried.replays += 1;
        stepTokens.set(SnapshotId, first);
        expect({ where, SnapshotId, token }).toEqual({ where, SnapshotId, token: first });
      }
    }
    if (dryRun) expect({ where, locks: calls.filter((call) => call.Action === 'LockSnapshot').length }).toEqual({ where, locks: 0 });
    if (current.kind !== 'unlock') expect(calls.filter((call) => call.Action === 'UnlockSnapshot')).toEqual([]);
    // No lock is re-configured or extended.
    const after = locksNow();
    for (const [SnapshotId, token] of stepTokens) if (after.has(SnapshotId)) tokenOf.set(SnapshotId, token);
    for (const [SnapshotId, lock] of after) {
      const first = fixed.get(SnapshotId);
      if (first === undefined) {
        fixed.set(SnapshotId, lock);
        continue;
      }
      expect({
        where,
        SnapshotId,
        LockCreationTime: lock.LockCreationTime,
        LockDuration: lock.LockDuration,
        CoolOffPeriod: lock.CoolOffPeriod,
      }).toEqual({
        where,
        SnapshotId,
        LockCreationTime: first.LockCreationTime,
        LockDuration: first.LockDuration,
        CoolOffPeriod: first.CoolOffPeriod,
      });
      if (first.LockDurationStartTime !== '') expect(lock.LockDurationStartTime).toBe(first.LockDurationStartTime);
      else fixed.set(SnapshotId, lock);
    }
    // A lock is gone only with its copy, once it had expired, or removed by someone else in its cool-off.
    const stillListed = new Set(ecs.snapshots(DESTINATION_REGION).map((snapshot) => snapshot.SnapshotId));
    for (const [SnapshotId, lock] of before) {
      if (after.has(SnapshotId)) continue;
      const why = removedByOthers.has(SnapshotId)
        ? 'unlocked'
        : lock.LockStatus === 'expired' && !stillListed.has(SnapshotId)
          ? 'deleted, expired'
          : 'no reason';
      expect({ where, SnapshotId, why }).toEqual({ where, SnapshotId, why: expect.not.stringMatching(/^no reason$/) });
      fixed.delete(SnapshotId);
    }
    // No locked copy is deleted.
    expect(calls.filter((call) => call.Action === 'DeleteSnapshot' && call.Code === 'OperationDenied.SnapshotLocked')).toEqual([]);
    const listed = new Set(ecs.snapshots(DESTINATION_REGION).map((snapshot) => snapshot.SnapshotId));
    expect({ where, gone: held.filter((SnapshotId) => !listed.has(SnapshotId)) }).toEqual({ where, gone: [] });

    const lines = harness.logs.slice(logsBefore);
    tried.locked += logsNamed(lines, 'copy-locked').length;
    tried.lockFailed += logsNamed(lines, 'copy-lock-failed').length;
    tried.deleted += logsNamed(lines, 'copy-pruned').length;
    tried.keptLocked += logsNamed(lines, 'copy-prune-kept').filter((line) => line.LockStatus !== undefined).length;
  }
  tried.faults += ecs.injectedRandomFaults.length;
}

describe('the locks over random fleets, runs, re-deliveries and faults', () => {
  itHoldsOverRandomRuns({
    promises:
      'never re-configure or extend a lock, never send LockSnapshot to a locked copy but as a repeat, and never let a locked copy be deleted',
    arbitrary: scenario,
    check: checkScenario,
    numRuns: 300,
    timeoutMs: 180_000,
    triedEnough: 'tried enough locks, repeats, unlocks, deletions and faults for the properties to mean something',
    report: () =>
      `Lock properties: ${tried.scenarios} scenarios, ${tried.runs} runs (${tried.dryRuns} dry), ${tried.locked} copies locked, ` +
      `${tried.replays} LockSnapshot calls repeated, ${tried.lockFailed} locks failed, ${tried.unlocked} unlocked by someone, ` +
      `${tried.deleted} copies deleted, ${tried.keptLocked} kept because locked, ${tried.faults} random faults`,
    tried: () => tried,
    atLeast: { scenarios: 300, locked: 201, replays: 1, lockFailed: 4, unlocked: 6, deleted: 21, keptLocked: 21, faults: 51, dryRuns: 11 },
  });
});
