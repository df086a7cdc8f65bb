import type { CallObserver } from '../calls/call-observer';
import type { CopyFailure } from '../failures/errors';
import type { RestoreResult, RestoreSummary, ServerToRun } from './restore-report';
import type { UnmatchedEntry } from './restore-selection';
import type { WaitProgress } from './wait-for-available';

/**
 * What a restore tells as it goes (restore-log.ts words each as a log line; `npm run restore` shows them as they come).
 * The restore decides what a thing means; the observer only tells it.
 */
export interface RestoreObserver extends CallObserver {
  /** One source disk's restore, told as soon as it ends: its disk or image, or why not. */
  onRestore(result: RestoreResult): void;
  /** A server to bring back with RunInstances and AttachDisk, once its disks and image are told. */
  onServer(server: ServerToRun): void;
  /** A selection entry that matched no disk with a copy in the DR region. */
  onMatchedNothing(entry: UnmatchedEntry & { RestoreId: string }): void;
  /** What the operator should know: a copy whose tags ECS contradicts, a source region that did not answer. */
  onNote(note: { RestoreId: string; Note: string }): void;
  /** The wait for Available, after each poll. */
  onProgress(progress: WaitProgress & { RestoreId: string }): void;
  /** A restore asked for by an HTTP caller or a timer: refused, before anything is listed. */
  onRefused(refusal: { failure: CopyFailure; trigger: 'http' | 'timer' }): void;
  /** The restore is over. */
  onSummary(summary: RestoreSummary): void;
}
