import { answerVerdict, copySnapshots, createCopyLog, type KeepCopiesStep, type LockCopiesStep } from '../../lib/copy';
import { routeOfBody } from '../../lib/fc/invocation-route';
import { onDemand } from './lazy-on-demand';
import { bodyOf, type UseCase } from './use-case';

export type { UseCase, UseCaseInput, UseCaseRun } from './use-case';

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
      const asked = { body: bodyOf(input), fromHttpCaller: run.fromHttpCaller, facts: run.facts };
      const { order, verdict } = await copySnapshots(asked, instance, invocation, keepCopies, lockCopies);
      return answerVerdict(verdict, order, run.fromHttpCaller, run.fcRequestId);
    },
  },
  {
    name: 'copy-status',
    http: { method: 'GET', path: '/copies/{SnapshotId}', query: 'RegionId=<region>', says: 'reads a copy' },
    run: (input, run) => onDemand().runCopyStatus(input, run),
  },
  {
    name: 'restore-drill',
    http: { method: 'POST', path: '/restore-drills', says: 'runs a restore drill', parameters: 'RestoreDrill' },
    Action: 'RestoreDrill',
    run: (input, run) => onDemand().runRestoreDrill(input, run),
  },
];

/** The name of the use case a timer payload or direct event asks for (`npm run status` reads s.yaml's timers with it). */
export function useCaseOfBody(body: unknown): string | undefined {
  return USE_CASES[routeOfBody(body, USE_CASES)]?.name;
}
