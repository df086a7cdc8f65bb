/**
 * The FC entry point (`handler: index.handler` in s.yaml, bundled to dist/index.js): decodes the event, hands it to
 * one use case in lib/run/, and answers the way the event's source expects. docs/architecture.md draws the flow.
 */
import { invocationDeadline } from '../../lib/calls/deadline';
import { asCopyFailure } from '../../lib/ecs/errors';
import { type Answer, answerFailure, answerVerdict, CopySnapshotFailed } from '../../lib/fc/answer';
import { answerDrill } from '../../lib/fc/drill-answer';
import { parseFcContext } from '../../lib/fc/fc-context';
import { jsonResponse } from '../../lib/fc/http-trigger';
import { type InstanceOptions, instanceSetUp } from '../../lib/fc/instance-set-up';
import { decodeInvocationEvent } from '../../lib/fc/invocation-event';
import { invocationFacts } from '../../lib/fc/invocation-facts';
import { routeInvocation } from '../../lib/fc/invocation-route';
import { createLogger, type LogSink, stdoutSink } from '../../lib/fc/log';
import { createRunLog } from '../../lib/fc/run-log';
import { copySnapshots } from '../../lib/run/copy-snapshots';
import { onDemand } from '../../lib/run/lazy-on-demand';

export { CopySnapshotFailed };

export interface HandlerOptions extends InstanceOptions {
  logSink?: LogSink;
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
      if (route.kind === 'status') return jsonResponse(200, await onDemand().readCopyStatus(route, instance(), invocation));
      const asked = { body: route.body, fromHttpCaller: http, facts: invocationFacts(decoded, fc, startedAt) };
      if (route.kind === 'drill') return answerDrill(await onDemand().restoreDrills(asked, instance(), invocation), http);
      const { order, verdict } = await copySnapshots(asked, instance(), invocation);
      return answerVerdict(verdict, order, http, fc.requestId);
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
