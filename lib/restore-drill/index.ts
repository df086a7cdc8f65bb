/**
 * The restore drill use case (`"Action": "RestoreDrill"`, `POST /restore-drills`): its request and order
 * (drill-request.ts, caller-drill-policy.ts), its run over one EcsDiskSession (restore-drills.ts, run-restore-drill.ts
 * and its steps), its observer and log, its report and its answer. In dist/on-demand.js.
 */
export { answerDrill } from './drill-answer';
export { createDrillLog } from './drill-log';
export type { DrillObserver } from './drill-observer';
export { parseDrillRequest, resolveDrillOrder } from './drill-request';
export { restoreDrills } from './restore-drills';
