import type { LockResult } from '../copy/lock-result';
import { adviceNaming } from '../ecs/disk-call-errors';
import type { InvocationLog } from '../fc/invocation-log';
import type { LockObserver } from './lock-observer';

const LOCK_MESSAGES: Record<LockResult['Outcome'], string> = {
  locked: 'copy-locked',
  planned: 'copy-lock-planned',
  skipped: 'copy-lock-skipped',
  left: 'copy-lock-left',
  failed: 'copy-lock-failed',
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
    onLock: (result) => {
      if (result.Outcome === 'failed') log.error(LOCK_MESSAGES.failed, { ...result, ...adviceNaming(LOCK_PERMISSIONS, result) });
      else if (result.Outcome === 'skipped' || result.Outcome === 'left') log.warn(LOCK_MESSAGES[result.Outcome], { ...result });
      else log.info(LOCK_MESSAGES[result.Outcome], { ...result });
    },
    onLocksStopped: (stop) => log.error('copy-locks-stopped', { ...stop, ...adviceNaming(LOCK_PERMISSIONS, stop) }),
  };
}
