/**
 * Every use case but the copy: the copy status read (`GET /copies/<SnapshotId>`), KeepCopies and restore drills, each
 * its folder's index, and the adapter of the disk calls that only they make. Bundled apart as dist/on-demand.js and loaded by
 * the first invocation that asks for one of them (lazy-on-demand.ts), so that a copy run never loads it
 * (docs/architecture.md, "The two files of dist/").
 */
export * as copyStatus from '../../lib/copy-status';
export { PopCoreEcsDisks } from '../../lib/ecs/pop-core-ecs-disks';
export * as keepCopies from '../../lib/keep-copies';
export * as restoreDrill from '../../lib/restore-drill';
