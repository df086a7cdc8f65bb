import type { CallObserver } from '../calls/call-observer';
import type { UnrecognizedSnapshot } from '../ecs/ecs';
import type { CopyResult } from './copy-plan';
import type { RunReport } from './copy-run';

/**
 * What the copy use case tells as it goes, so that an operator can follow a run: its log (copy-log.ts) writes each as
 * a log line. The run decides what a thing means (a failure, the verdict); the log only words it. KeepCopies, which
 * runs inside a copy run, tells through its own observer (lib/keep-copies/prune-observer.ts).
 */
export interface CopyObserver extends CallObserver {
  /**
   * A copy's fate, told as soon as it is known, so that a run cut short still tells what it did. `isFailure`: the
   * run did not do what was asked for this copy (see run-verdict.ts).
   */
  onResult(result: CopyResult, isFailure: boolean): void;
  /** The run is over: the RPO of each protected disk and destination, and the summary. `ok`: the verdict. */
  onReport(report: RunReport, ok: boolean, RpoHours: number): void;
  /**
   * A listed snapshot could not be read (a Status this function does not know, no CreationTime, ...): it is left out
   * of the run, which goes on with the others of its region. Told once a snapshot and region a run.
   */
  onUnreadable(snapshot: UnrecognizedSnapshot & { RegionId: string }): void;
}
