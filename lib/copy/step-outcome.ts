import type { RunReport } from './copy-run';
import type { RunVerdict } from './run-verdict';

/**
 * What a step of the copy run whose code is in dist/on-demand.js (KeepCopies, the copies' locks) changes in the run's
 * report and verdict: copy-snapshots.ts applies the steps' outcomes in the order the steps ran.
 */
export interface StepOutcome {
  /** The report with the step's counts (and so the `run-summary` line's), ECS calls and findings. */
  report(report: RunReport): RunReport;
  /** The copies' verdict, failed too when the step failed (for the operator's runs). */
  verdict(verdict: RunVerdict): RunVerdict;
  /** Whether the step did all it was asked, read when the run is over: the `run-summary` line is an error otherwise. */
  readonly ok: boolean;
}
