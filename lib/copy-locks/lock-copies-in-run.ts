import { openDiskSession } from '../calls/ecs-disk-session';
import type { LockCopiesStep } from '../copy/lock-copies-step';
import type { Instance, Invocation } from '../fc/instance';
import { CopyLocks } from './copy-locks';
import type { LockObserver } from './lock-observer';

/**
 * The copies' locks as the copy run's step (lib/copy/lock-copies-step.ts), at the run's `checkedAndPlanned` point
 * after KeepCopies: the instance's configuration, clients and pacing, and the invocation's deadline and observer.
 * `fromHttpCaller`: an HTTP caller's copies get the operator's lock, and its answer is the copy's whatever the lock
 * did, with the lock in it (docs/locks.md).
 */
export function lockCopiesInRun(
  { configuration, dependencies, disks }: Instance,
  { deadline, observer }: Invocation<LockObserver>,
  fromHttpCaller: boolean,
): LockCopiesStep {
  return async (order, checked, credentials) => {
    const lock = order.Lock;
    if (lock === undefined) throw new Error('The lock step runs only for an order with a Lock');
    const session = openDiskSession(configuration.ApiCallsPerMinute, { ...dependencies, disks: disks() }, credentials, deadline, (retry) =>
      observer.onRetry(retry),
    );
    const locks = new CopyLocks(order, lock, session, observer, {
      now: dependencies.now,
      maxLocks: configuration.ApiCallsPerMinute,
      rpoHours: configuration.RpoHours,
    });
    await locks.reconcile(checked);
    return {
      copied: (result) => locks.copied(result),
      report: (report) => locks.report(report),
      verdict: (verdict) => locks.verdict(verdict, fromHttpCaller),
      get ok() {
        return locks.ok;
      },
    };
  };
}
