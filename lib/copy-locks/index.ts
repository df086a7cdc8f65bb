/**
 * The copies' locks (docs/locks.md): run by the copy use case at its `checkedAndPlanned` point after KeepCopies, and
 * for each copy it starts, as the step lib/copy/lock-copies-step.ts declares (`lockCopiesInRun`), over one
 * EcsDiskSession; their observer and log, and their verdict. In dist/on-demand.js.
 */
export { CopyLocks } from './copy-locks';
export { lockCopiesInRun } from './lock-copies-in-run';
export { createLockLog } from './lock-log';
export type { LockObserver } from './lock-observer';
