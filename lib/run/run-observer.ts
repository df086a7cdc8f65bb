import type { UnrecognizedSnapshot } from '../ecs/ecs';
import type { CopyResult } from './copy-plan';
import type { RunHooks, RunReport } from './copy-run';
import type { CopyStatus } from './copy-status';
import type { PruneObserver } from './keep-copies/prune-observer';
import type { DrillObserver } from './restore-drill/drill-observer';

/** An ECS call that failed and is tried again after a delay, with the Action it called. */
type CallRetry = Parameters<NonNullable<RunHooks['onRetry']>>[0];

/**
 * What the use cases tell as they go, so that an operator can follow a run: the run log (lib/fc/run-log.ts) writes
 * each as a log line. The use cases decide what a thing means (a failure, the verdict); the log only words it.
 * KeepCopies (in the copy run) and the restore drill tell through their own parts of it.
 */
export interface RunObserver extends PruneObserver, DrillObserver {
  onRetry(retry: CallRetry): void;
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
  /** `GET /copies/<SnapshotId>` read a copy. */
  onStatus(status: CopyStatus): void;
}
