import type { Credentials } from '../ecs/credentials';
import type { CopyOrder } from './copy-order';
import type { CopyResult } from './copy-plan';
import type { CheckedRun } from './copy-run';
import type { StepOutcome } from './step-outcome';

/**
 * The copies' locks as the copy run sees them (docs/locks.md): a step run at the run's `checkedAndPlanned` point,
 * after KeepCopies, only for an order with a Lock (LOCK_DAYS, or a timer's or direct request's LockDays). It locks the
 * copies of ours that have no lock yet, and reads each protected disk's protected RPO; its outcome then locks each
 * copy the run starts, as CopySnapshot answers it. Its code is lib/copy-locks/, in dist/on-demand.js: the entry's route
 * table hands it to the copy use case, so that a copy run loads it only for an order with a Lock.
 */
export type LockCopiesStep = (order: CopyOrder, checked: CheckedRun, credentials: Credentials) => Promise<LockCopiesOutcome>;

export interface LockCopiesOutcome extends StepOutcome {
  /** Locks the copy CopySnapshot has just answered (a `copied` result; any other is left alone), awaited in the run. */
  copied(result: CopyResult): Promise<void>;
}
