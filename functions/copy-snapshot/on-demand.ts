/**
 * Every use case but the copy: the copy status read (`GET /copies/<SnapshotId>`), KeepCopies, the copies' locks,
 * restore drills and restores, each its folder's index and its run as the route table (use-cases.ts) calls it, and
 * the adapter of the disk calls that only they make. Bundled apart as dist/on-demand.js and loaded by the first invocation that asks for one of them
 * (lazy-on-demand.ts), so that a copy run never loads it (docs/architecture.md, "The two files of dist/").
 */
import type { KeepCopiesStep, LockCopiesStep } from '../../lib/copy';
import * as copyLocks from '../../lib/copy-locks';
import * as copyStatus from '../../lib/copy-status';
import type { Instance } from '../../lib/fc/instance';
import * as keepCopies from '../../lib/keep-copies';
import * as restore from '../../lib/restore';
import * as restoreDrill from '../../lib/restore-drill';
import { bodyOf, readOf, type UseCaseRun, type UseCaseRunner } from './use-case';

export { adviceFor } from '../../lib/ecs/ecs-error-advice';
export { PopCoreEcsDisks } from '../../lib/ecs/pop-core-ecs-disks';
export { copyLocks, copyStatus, keepCopies, restore, restoreDrill };

export const runCopyStatus: UseCaseRunner = async (input, run) => {
  const invocation = { ...run.invocation, observer: copyStatus.createStatusLog(run.log) };
  return copyStatus.answerStatus(await copyStatus.readCopyStatus(readOf(input), run.instance(), invocation));
};

export const runRestoreDrill: UseCaseRunner = async (input, run) => {
  const invocation = { ...run.invocation, observer: restoreDrill.createDrillLog(run.log) };
  const asked = { body: bodyOf(input), fromHttpCaller: run.fromHttpCaller, facts: run.facts };
  return restoreDrill.answerDrill(await restoreDrill.restoreDrills(asked, run.instance(), invocation), run.fromHttpCaller);
};

/** A restore: a direct invocation's; an HTTP POST or a timer's is refused (lib/restore/restores.ts). */
export const runRestore: UseCaseRunner = async (input, run) => {
  const invocation = { ...run.invocation, observer: restore.createRestoreLog(run.log) };
  const asked = { body: bodyOf(input), fromHttpCaller: run.fromHttpCaller, facts: run.facts, fcRequestId: run.fcRequestId };
  return restore.restore(asked, run.instance(), invocation);
};

/** KeepCopies as the copy run's step, with its own log. */
export function keepCopiesStep(instance: Instance, run: UseCaseRun): KeepCopiesStep {
  const invocation = { ...run.invocation, observer: keepCopies.createPruneLog(run.log) };
  return keepCopies.keepCopiesInRun(instance, invocation, run.fromHttpCaller);
}

/** The copies' locks as the copy run's step, with their own log. */
export function lockCopiesStep(instance: Instance, run: UseCaseRun): LockCopiesStep {
  const invocation = { ...run.invocation, observer: copyLocks.createLockLog(run.log) };
  return copyLocks.lockCopiesInRun(instance, invocation, run.fromHttpCaller);
}
