/**
 * The copy use case (a timer, a direct invocation, `POST /copies`): its request and order (lib/request/copy-request.ts,
 * copy-order.ts), its run over one EcsSession (copy-snapshots.ts, copy-run.ts and the run's steps), its observer and
 * log, its verdict and its answer. The other use cases build on its selection and its finding of copies.
 */
export { answerVerdict } from './copy-answer';
export { createCopyLog } from './copy-log';
export type { CopyObserver } from './copy-observer';
export { resolveCopyOrder } from './copy-order';
export { copySnapshots } from './copy-snapshots';
export type { KeepCopiesOutcome, KeepCopiesStep } from './keep-copies-step';
export type { LockCopiesOutcome, LockCopiesStep } from './lock-copies-step';
export type { LockResult, LocksStop } from './lock-result';
export { runVerdict } from './run-verdict';
