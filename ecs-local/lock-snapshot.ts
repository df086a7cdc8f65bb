import { type ActionContext, type ActionResult, ecsAction, fail, succeed } from './action';
import { dryRunOperation, type EcsError, ecsError } from './errors';
import { clientToken, integerFrom, oneOf, trueOrFalse } from './param-rules';
import { nonEmpty } from './params';
import {
  COOL_OFF_PERIOD_HOURS,
  DAY_MS,
  durationStartMs,
  LOCK_DURATION_DAYS,
  lockUnsupportedError,
  newLock,
  type SnapshotLock,
  wholeSecond,
} from './snapshot-lock';
import type { SnapshotStore, StoredSnapshot } from './store';

interface LockRequest {
  RegionId: string;
  SnapshotId: string;
  LockDuration: number;
  CoolOffPeriod: number;
  ClientToken: string | undefined;
  DryRun: boolean;
}

type Decision = { ok: true; snapshot: StoredSnapshot; lock: SnapshotLock } | { ok: false; error: EcsError };

const refuse = (status: number, Code: string, Message: string): Decision => ({ ok: false, error: ecsError(status, Code, Message) });

/**
 * LockSnapshot (Version 2014-05-26, https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-locksnapshot):
 * the parameters' ranges (the spec's rules), the region's offer (variant), then the ClientToken, then the snapshot and
 * its lock. A DryRun makes every check and answers `DryRunOperation`, without using the ClientToken.
 */
function run(context: ActionContext): ActionResult {
  const { params, variants } = context;
  const request: LockRequest = {
    RegionId: params.get('RegionId') ?? '',
    SnapshotId: params.get('SnapshotId') ?? '',
    LockDuration: Number(params.get('LockDuration')),
    CoolOffPeriod: Number(params.get('CoolOffPeriod')),
    ClientToken: nonEmpty(params, 'ClientToken'),
    DryRun: nonEmpty(params, 'DryRun')?.toLowerCase() === 'true',
  };
  const unsupported = lockUnsupportedError(variants, request.RegionId);
  if (unsupported !== undefined) return fail(unsupported);
  if (request.DryRun) {
    const decision = decide(context, request);
    return fail(decision.ok ? dryRunOperation() : decision.error);
  }
  // A repeat answers the first call's answer: a retry under the same token never extends the lock again.
  return context.clientTokens.once('LockSnapshot', request.ClientToken, fingerprintOf(request), () => {
    const decision = decide(context, request);
    if (!decision.ok) return fail(decision.error);
    const locked = context.store.setLock(decision.snapshot, decision.lock);
    return succeed({ LockedSnapshotInfo: context.store.lockInfoOf(locked, context.nowMs) });
  });
}

/**
 * The lock the request sets on the snapshot, or why it cannot. Without a lock, with an expired one or during the
 * cool-off: a new lock, every parameter as given, new times ("during the cool-off every parameter is reset"). After
 * the cool-off: an extension only ("set CoolOffPeriod to 0 to extend the lock duration"; the lock "can only be
 * extended"), its duration counted from now. Either way the lock must end on or before the snapshot's retention.
 */
function decide(context: ActionContext, request: LockRequest): Decision {
  const { store, nowMs } = context;
  const snapshot = store.find(request.RegionId, request.SnapshotId);
  if (snapshot === undefined) return refuse(404, 'InvalidSnapshotId.NotFound', 'The specified snapshot does not exist.');
  // A progressing snapshot may be locked (its duration starts once accomplished); a failed one cannot: UNVERIFIED code.
  if (store.statusAt(snapshot, nowMs).Status === 'failed') {
    return refuse(403, 'IncorrectSnapshotStatus', 'The current status of the snapshot does not support this operation.');
  }
  const current = snapshot.lock;
  let lock: SnapshotLock;
  if (current === undefined || store.lockStatusOf(snapshot, nowMs) !== 'compliance') {
    lock = newLock(request.LockDuration, request.CoolOffPeriod, nowMs);
  } else {
    // The codes of both refusals are UNVERIFIED.
    if (request.CoolOffPeriod !== 0) {
      return refuse(
        403,
        'OperationDenied.CoolOffPeriodExpired',
        'The cool-off period of the snapshot lock has ended: set CoolOffPeriod to 0 to extend the lock duration.',
      );
    }
    // What is kept of the lock (its creation, its cool-off) and that the duration restarts now are UNVERIFIED.
    const extended: SnapshotLock = { ...current, LockDuration: request.LockDuration, durationFromMs: wholeSecond(nowMs) };
    if (projectedExpiryMs(store, snapshot, extended, nowMs) < projectedExpiryMs(store, snapshot, current, nowMs)) {
      return refuse(
        403,
        'OperationDenied.LockDurationShortened',
        'The snapshot lock is past its cool-off period: its lock duration can only be extended.',
      );
    }
    lock = extended;
  }
  // "The lock must expire on or before the snapshot retention period" (https://www.alibabacloud.com/help/en/ecs/user-guide/lock-snapshot);
  // the code is UNVERIFIED.
  if (
    snapshot.RetentionDays !== undefined &&
    projectedExpiryMs(store, snapshot, lock, nowMs) > snapshot.creationMs + snapshot.RetentionDays * DAY_MS
  ) {
    return refuse(
      403,
      'OperationDenied.RetentionPeriodTooShort',
      'The snapshot lock must expire on or before the end of the snapshot retention period: extend RetentionDays first.',
    );
  }
  return { ok: true, snapshot, lock };
}

/**
 * When the lock would expire: from the snapshot's accomplishment when it is progressing (this cloud knows when a copy
 * ends; a seed that is not accomplished counts from now).
 */
function projectedExpiryMs(store: SnapshotStore, snapshot: StoredSnapshot, lock: SnapshotLock, nowMs: number): number {
  const startMs = durationStartMs(lock, store.accomplishedAtMs(snapshot) ?? nowMs) ?? nowMs;
  return startMs + lock.LockDuration * DAY_MS;
}

/** Every business parameter, so that a ClientToken reused with any other value is a mismatch. */
function fingerprintOf(request: LockRequest): string {
  return JSON.stringify([request.RegionId, request.SnapshotId, 'compliance', request.LockDuration, request.CoolOffPeriod]);
}

export const lockSnapshot = ecsAction('LockSnapshot', run, {
  required: ['RegionId', 'SnapshotId', 'LockMode', 'LockDuration', 'CoolOffPeriod'],
  // InvalidRegionId.NotFound with 400, as DescribeSnapshots and CopySnapshot answer it: UNVERIFIED for this action.
  knownRegion: { status: 400 },
  params: {
    // "compliance" is the only mode; what ECS answers another value (and whether it ignores case) is UNVERIFIED.
    LockMode: oneOf(['compliance']),
    LockDuration: integerFrom(LOCK_DURATION_DAYS.min, LOCK_DURATION_DAYS.max),
    CoolOffPeriod: integerFrom(COOL_OFF_PERIOD_HOURS.min, COOL_OFF_PERIOD_HOURS.max),
    ClientToken: clientToken,
    DryRun: trueOrFalse,
  },
});
