import { answerVerdict, copySnapshots, createCopyLog, type KeepCopiesStep } from '../../lib/copy';
import { ValidationError } from '../../lib/ecs/errors';
import type { Answer } from '../../lib/fc/answer';
import type { Instance, Invocation } from '../../lib/fc/instance';
import type { InvocationFacts } from '../../lib/fc/invocation-facts';
import type { InvocationLog } from '../../lib/fc/invocation-log';
import { type Route, routeOfBody } from '../../lib/fc/invocation-route';
import { onDemand } from './lazy-on-demand';

/** What an invocation asks of a use case: a request body (a timer's payload, a direct event, a POST), or a GET's path and query. */
export type UseCaseInput =
  | { kind: 'body'; body: unknown }
  | { kind: 'read'; pathParameters: Record<string, string>; query: Record<string, string> };

/** What every use case is run with; each makes its own observer from the invocation's log. */
export interface UseCaseRun {
  /** The instance, set up at its first use: a broken configuration fails there. */
  instance: () => Instance;
  /** FC's credentials and the deadline. */
  invocation: Omit<Invocation<unknown>, 'observer'>;
  log: InvocationLog;
  /** An HTTP caller is held to the operator's CALLER_* rules; timer and direct invocations are the operator's own. */
  fromHttpCaller: boolean;
  facts: InvocationFacts;
  fcRequestId: string | undefined;
}

/** A use case in the route table: how it is reached (lib/fc/invocation-route.ts), its name, and its run to an answer. */
export interface UseCase extends Route {
  name: string;
  run(input: UseCaseInput, run: UseCaseRun): Promise<Answer<unknown>>;
}

/**
 * The route table: every use case, each reached by its HTTP route or its `Action`, run, and answered. A new use case
 * is its folder in lib/, its line here, and (unless the copy path needs it) its export in on-demand.ts, whose code
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
      const keepCopies: KeepCopiesStep = (order, checked, credentials) =>
        onDemand().keepCopies.keepCopiesInRun(
          instance,
          { ...run.invocation, observer: onDemand().keepCopies.createPruneLog(run.log) },
          run.fromHttpCaller,
        )(order, checked, credentials);
      const asked = { body: bodyOf(input), fromHttpCaller: run.fromHttpCaller, facts: run.facts };
      const { order, verdict } = await copySnapshots(asked, instance, invocation, keepCopies);
      return answerVerdict(verdict, order, run.fromHttpCaller, run.fcRequestId);
    },
  },
  {
    name: 'copy-status',
    http: { method: 'GET', path: '/copies/{SnapshotId}', query: 'RegionId=<region>', says: 'reads a copy' },
    run: async (input, run) => {
      const { copyStatus } = onDemand();
      const invocation = { ...run.invocation, observer: copyStatus.createStatusLog(run.log) };
      return copyStatus.answerStatus(await copyStatus.readCopyStatus(readOf(input), run.instance(), invocation));
    },
  },
  {
    name: 'restore-drill',
    http: { method: 'POST', path: '/restore-drills', says: 'runs a restore drill', parameters: 'RestoreDrill' },
    Action: 'RestoreDrill',
    run: async (input, run) => {
      const { restoreDrill } = onDemand();
      const invocation = { ...run.invocation, observer: restoreDrill.createDrillLog(run.log) };
      const asked = { body: bodyOf(input), fromHttpCaller: run.fromHttpCaller, facts: run.facts };
      return restoreDrill.answerDrill(await restoreDrill.restoreDrills(asked, run.instance(), invocation), run.fromHttpCaller);
    },
  },
];

/** The body a use case that takes one was asked with; a GET route's use case never gets one. */
function bodyOf(input: UseCaseInput): unknown {
  if (input.kind === 'body') return input.body;
  throw new ValidationError([{ field: 'method', rule: 'this resource takes a request body: POST it' }], 'InvalidEvent');
}

/** The path and query a GET route's use case was asked with; a timer or direct event cannot send them. */
function readOf(input: UseCaseInput): { pathParameters: Record<string, string>; query: Record<string, string> } {
  if (input.kind === 'read') return input;
  throw new ValidationError([{ field: 'Action', rule: 'names a read only HTTP GET makes' }], 'InvalidEvent');
}

/** The name of the use case a timer payload or direct event asks for (`npm run status` reads s.yaml's timers with it). */
export function useCaseOfBody(body: unknown): string | undefined {
  return USE_CASES[routeOfBody(body, USE_CASES)]?.name;
}
