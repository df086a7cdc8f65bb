import { answerVerdict, copySnapshots, createCopyLog, type KeepCopiesStep, type LockCopiesStep } from '../../lib/copy';
import { routeOfBody } from '../../lib/fc/invocation-route';
import { onDemand } from './lazy-on-demand';
import type * as OnDemand from './on-demand';
import { bodyOf, type UseCase, type UseCaseRunner } from './use-case';

export type { UseCase, UseCaseInput, UseCaseRun } from './use-case';

/** The runs of on-demand.ts, by name. */
type OnDemandRun = { [Name in keyof typeof OnDemand]: (typeof OnDemand)[Name] extends UseCaseRunner ? Name : never }[keyof typeof OnDemand];

/** A use case run by on-demand.ts, whose code loads at the first invocation that asks for one of them. */
const onDemandRun =
  (name: OnDemandRun): UseCaseRunner =>
  (input, run) =>
    onDemand()[name](input, run);

/**
 * The route table: every use case, each reached by its HTTP route or its `Action`, run, and answered. A new use case
 * is its folder in lib/, its line here, and (unless the copy path needs it) its run in on-demand.ts, whose code
 * loads at its first use; the 404 answer lists the routes in this order.
 */
export const USE_CASES: readonly UseCase[] = [
  {
    name: 'copy',
    http: { method: 'POST', path: '/copies', says: 'copies', parameters: 'CopySnapshot' },
    byDefault: true,
    run: async (input, run) => {
      const instance = run.instance();
      const invocation = { ...run.invocation, observer: createCopyLog(run.log) };
      // KeepCopies' code (dist/on-demand.js) loads only when an order asks for it.
      const keepCopies: KeepCopiesStep = (...step) => onDemand().keepCopiesStep(instance, run)(...step);
      // So does the locks' code, for an order with a Lock.
      const lockCopies: LockCopiesStep = (...step) => onDemand().lockCopiesStep(instance, run)(...step);
      // The run's fromHttpCaller and facts, with the body (spread whole: the bytes of dist/index.js are counted).
      const asked = { ...run, body: bodyOf(input) };
      const { order, verdict } = await copySnapshots(asked, instance, invocation, keepCopies, lockCopies);
      return answerVerdict(verdict, order, run.fromHttpCaller, run.fcRequestId);
    },
  },
  {
    name: 'copy-status',
    http: { method: 'GET', path: '/copies/{SnapshotId}', query: 'RegionId=<region>', says: 'reads a copy' },
    run: onDemandRun('runCopyStatus'),
  },
  {
    name: 'restore-drill',
    http: { method: 'POST', path: '/restore-drills', says: 'runs a restore drill', parameters: 'RestoreDrill' },
    Action: 'RestoreDrill',
    run: onDemandRun('runRestoreDrill'),
  },
  {
    // A restore is the operator's own (docs/restore.md): POST /restores is answered 403, a timer's is refused.
    name: 'restore',
    http: { method: 'POST', path: '/restores', says: '403' },
    Action: 'Restore',
    run: onDemandRun('runRestore'),
  },
];

/** The name of the use case a timer payload or direct event asks for (`npm run status` reads s.yaml's timers with it). */
export function useCaseOfBody(body: unknown): string | undefined {
  return USE_CASES[routeOfBody(body, USE_CASES)]?.name;
}
