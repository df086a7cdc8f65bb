import type { Credentials } from '../ecs/credentials';
import type { CopyOrder } from './copy-order';
import type { CheckedRun } from './copy-run';
import type { StepOutcome } from './step-outcome';

/**
 * KeepCopies as the copy run sees it: a step run at the run's `checkedAndPlanned` point, after every check of the
 * request and the plan and before the run starts copies, only for an order that has KeepCopies (never an HTTP
 * caller's).
 * Its code is lib/keep-copies/, in dist/on-demand.js; the entry's route table hands it to the copy use case, so that
 * the copy run loads it only when an order asks for it.
 */
export type KeepCopiesStep = (order: CopyOrder, checked: CheckedRun, credentials: Credentials) => Promise<KeepCopiesOutcome>;

/**
 * What KeepCopies changes in the run's report and verdict: its counts and ECS calls in the summary; the verdict failed
 * too when a deletion failed or KeepCopies stopped (for the operator's runs); `ok` when every deletion went as asked.
 */
export type KeepCopiesOutcome = StepOutcome;
