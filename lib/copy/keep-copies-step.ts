import type { Credentials } from '../ecs/credentials';
import type { CopyOrder } from './copy-order';
import type { CheckedRun, RunReport } from './copy-run';
import type { RunVerdict } from './run-verdict';

/**
 * KeepCopies as the copy run sees it: a step run at the run's `checkedAndPlanned` point, after every check of the
 * request and the plan and before the run starts copies, for an order that has KeepCopies (never an HTTP caller's).
 * Its code is lib/keep-copies/, in dist/on-demand.js; the entry's route table hands it to the copy use case, so that
 * the copy run loads it only when an order asks for it.
 */
export type KeepCopiesStep = (
  order: CopyOrder & { KeepCopies: number },
  checked: CheckedRun,
  credentials: Credentials,
) => Promise<KeepCopiesOutcome>;

/** What KeepCopies changes in the run's report and verdict. */
export interface KeepCopiesOutcome {
  /** The report with KeepCopies' counts and ECS calls in its summary (and so in the `run-summary` line). */
  report(report: RunReport): RunReport;
  /** The copies' verdict, failed too when a deletion failed or KeepCopies stopped (for the operator's runs). */
  verdict(verdict: RunVerdict): RunVerdict;
  /** Whether every deletion went as asked: the `run-summary` line is an error otherwise. */
  ok: boolean;
}
