/**
 * KeepCopies (docs/keep-copies.md): run by the copy use case at its `checkedAndPlanned` point, as the step
 * lib/copy/keep-copies-step.ts declares (`keepCopiesInRun`), over one EcsDiskSession; its observer and log, and its
 * verdict. In dist/on-demand.js.
 */
export { keepCopies } from './keep-copies';
export { keepCopiesInRun } from './keep-copies-in-run';
export { keepCopiesVerdict, withPruneCounts } from './keep-copies-verdict';
export { createPruneLog } from './prune-log';
export type { PruneObserver } from './prune-observer';
