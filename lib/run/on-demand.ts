/**
 * What only some invocations need: restore drills and KeepCopies (their use cases and the adapter of their ECS
 * calls), and the copy status read (`GET /copies/<SnapshotId>`). Bundled apart as dist/on-demand.js and loaded by
 * the first invocation that asks for one of them (lazy-on-demand.ts), so that a copy run never loads it
 * (docs/architecture.md, "The two files of dist/").
 */
export { PopCoreEcsDisks } from '../ecs/pop-core-ecs-disks';
export { createDrillLog } from './drill-and-prune-log';
export { keepCopies } from './keep-copies/keep-copies';
export { keepCopiesInRun } from './keep-copies/keep-copies-in-run';
export { keepCopiesVerdict, withPruneCounts } from './keep-copies/keep-copies-verdict';
export { readCopyStatus } from './read-copy-status';
export { restoreDrills } from './restore-drill/restore-drills';
