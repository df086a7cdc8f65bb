/**
 * The restore use case (`"Action": "Restore"` in a direct invocation; `npm run restore`): its request and order
 * (restore-request.ts, restore-settings.ts), its run over one EcsRestoreSession (restores.ts, run-restore.ts and its
 * steps), its observer and log, its report and its answer. In dist/on-demand.js.
 */
export { answerRestore } from './restore-answer';
export { createRestoreLog } from './restore-log';
export type { RestoreObserver } from './restore-observer';
export type { RestoreReport, RestoreResult, ServerToRun } from './restore-report';
export { parseRestoreRequest, resolveRestoreOrder } from './restore-request';
export { restore } from './restores';
