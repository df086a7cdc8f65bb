/**
 * The FC entry point (`handler: index.handler` in s.yaml, bundled to dist/index.js): decodes the event, hands it to
 * one use case in lib/run/, and answers the way the event's source expects. docs/architecture.md draws the flow.
 */
import { invocationDeadline } from '../../lib/calls/deadline';
import { asCopyFailure } from '../../lib/ecs/errors';
import { type Answer, answerFailure, answerVerdict, CopySnapshotFailed } from '../../lib/fc/answer';
import { answerDrill } from '../../lib/fc/drill-answer';
import { parseFcContext } from '../../lib/fc/fc-context';
import { type HttpRoute, jsonResponse } from '../../lib/fc/http-trigger';
import { type InstanceOptions, instanceSetUp } from '../../lib/fc/instance-set-up';
import { decodeInvocationEvent } from '../../lib/fc/invocation-event';
import { invocationFacts } from '../../lib/fc/invocation-facts';
import { routeInvocation } from '../../lib/fc/invocation-route';
import { createLogger, type LogSink, stdoutSink } from '../../lib/fc/log';
import { createRunLog } from '../../lib/fc/run-log';
import { copySnapshots } from '../../lib/run/copy-snapshots';
import type { Instance, Invocation } from '../../lib/run/instance';
import { onDemand } from '../../lib/run/lazy-on-demand';

export { CopySnapshotFailed };

export interface HandlerOptions extends InstanceOptions {
  logSink?: LogSink;
}

/** A route to a use case (a refused request has none). */
type UseCaseRoute = Exclude<HttpRoute, { kind: 'refused' }>;

/** What every use case is run with: the instance, the invocation, and what the answer depends on. */
interface UseCaseRun {
  /** The instance, set up at its first use: a broken configuration fails there. */
  instance: () => Instance;
  invocation: Invocation<ReturnType<typeof createRunLog>>;
  /** The request as asked, for the use cases that take one. */
  asked: (body: unknown) => { body: unknown; fromHttpCaller: boolean; facts: ReturnType<typeof invocationFacts> };
  http: boolean;
  fcRequestId: string | undefined;
}

/**
 * The route table: each use case's run and answer. A new use case adds its route (lib/fc/invocation-route.ts) and its
 * line here; the status read and drills are in dist/on-demand.js, loaded at their first call.
 */
const USE_CASES: { [K in UseCaseRoute['kind']]: (route: Extract<UseCaseRoute, { kind: K }>, run: UseCaseRun) => Promise<Answer> } = {
  status: async (route, run) => jsonResponse(200, await onDemand().readCopyStatus(route, run.instance(), run.invocation)),
  drill: async (route, run) => answerDrill(await onDemand().restoreDrills(run.asked(route.body), run.instance(), run.invocation), run.http),
  copy: async (route, run) => {
    const { order, verdict } = await copySnapshots(run.asked(route.body), run.instance(), run.invocation);
    return answerVerdict(verdict, order, run.http, run.fcRequestId);
  },
};

function runUseCase<K extends UseCaseRoute['kind']>(route: Extract<UseCaseRoute, { kind: K }>, run: UseCaseRun): Promise<Answer> {
  const useCase: (route: Extract<UseCaseRoute, { kind: K }>, run: UseCaseRun) => Promise<Answer> = USE_CASES[route.kind];
  return useCase(route, run);
}

export function createHandler(options: HandlerOptions = {}) {
  const now = options.now ?? Date.now;
  const logger = createLogger(options.logSink ?? stdoutSink);
  const instance = instanceSetUp(options);

  return async function handler(event: unknown, context: unknown): Promise<Answer> {
    const startedAt = now();
    const fc = parseFcContext(context);
    let log = createRunLog(logger.child({ fcRequestId: fc.requestId }), startedAt, now);
    let http = false;
    try {
      const decoded = decodeInvocationEvent(event);
      http = decoded.source === 'http';
      log = log.forTrigger(decoded);
      const route = routeInvocation(decoded);
      if (route.kind === 'refused') {
        log.onFailure(route.failure);
        return route.response;
      }
      const invocation = {
        contextCredentials: fc.credentials,
        deadline: invocationDeadline(fc.timeoutSeconds, startedAt, now),
        observer: log,
      };
      const fromHttpCaller = http;
      const asked = (body: unknown) => ({ body, fromHttpCaller, facts: invocationFacts(decoded, fc, startedAt) });
      return await runUseCase(route, { instance, invocation, asked, http, fcRequestId: fc.requestId });
    } catch (error) {
      if (error instanceof CopySnapshotFailed) throw error;
      // A bug of ours is answered and logged too: as an InternalFailure, by its name and frames, not its message.
      const failure = asCopyFailure(error);
      log.onFailure(failure);
      return answerFailure(failure, http, fc.requestId);
    }
  };
}

export const handler = createHandler();
