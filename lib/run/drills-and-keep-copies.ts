/**
 * What only restore drills and KeepCopies need: their use cases and the adapter of their ECS calls. Bundled apart as
 * dist/drills-and-keep-copies.js and loaded by the first invocation that asks for a drill or has KeepCopies
 * (lazy-drills-and-keep-copies.ts), so that a copy run never loads it (docs/architecture.md, "The two files of
 * dist/").
 */
export { PopCoreEcsDisks } from '../ecs/pop-core-ecs-disks';
export { keepCopies } from './keep-copies/keep-copies';
export { keepCopiesVerdict, withPruneCounts } from './keep-copies/keep-copies-verdict';
export { restoreDrills } from './restore-drill/restore-drills';
