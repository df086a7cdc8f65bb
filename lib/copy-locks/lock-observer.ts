import type { CallObserver } from '../calls/call-observer';
import type { LockResult, LocksStop } from '../copy/lock-result';

/** What the copies' locks tell as they go: lock-log.ts writes a line for each (docs/logs.md). */
export interface LockObserver extends CallObserver {
  /** One copy's lock: set, planned (a dry run), skipped, left to the next run, or failed. */
  onLock(result: LockResult): void;
  /** A destination's copies or locks could not be listed or read, or the locks set there not confirmed. */
  onLocksStopped(stop: LocksStop): void;
}
