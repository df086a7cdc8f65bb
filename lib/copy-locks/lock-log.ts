import type { LockResult } from '../copy/lock-result';
import { logAtLevel, type OutcomeLine } from '../copy/outcome-line';
import { adviceNaming } from '../ecs/disk-call-errors';
import type { InvocationLog } from '../fc/invocation-log';
import type { LockObserver } from './lock-observer';

const LOCK_LINES: Record<LockResult['Outcome'], OutcomeLine> = {
  locked: ['copy-locked', 'info'],
  planned: ['copy-lock-planned', 'info'],
  skipped: ['copy-lock-skipped', 'warn'],
  left: ['copy-lock-left', 'warn'],
  failed: ['copy-lock-failed', 'error'],
};

/** A refusal of the locks' calls names their own permissions. */
const LOCK_PERMISSIONS = 'ecs:LockSnapshot and ecs:DescribeLockedSnapshots';

/**
 * The locks' lines (docs/locks.md, docs/logs.md): one a copy whose lock the run set, planned, skipped, left or failed
 * (a copy that already has a lock has none), and `copy-locks-stopped` for a destination whose locks could not be read.
 */
export function createLockLog(invocation: InvocationLog): LockObserver {
  const log = invocation.lines;
  return {
    onRetry: (retry) => invocation.onRetry(retry),
    onLock: (result) =>
      logAtLevel(log, LOCK_LINES[result.Outcome], {
        ...result,
        ...(result.Outcome === 'failed' ? adviceNaming(LOCK_PERMISSIONS, result) : {}),
      }),
    onLocksStopped: (stop) => log.error('copy-locks-stopped', { ...stop, ...adviceNaming(LOCK_PERMISSIONS, stop) }),
  };
}
