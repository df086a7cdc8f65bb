/**
 * The FC entry point (`handler: index.handler` in s.yaml, bundled to dist/index.js): decodes the event, routes it to
 * one use case of the route table (use-cases.ts), and answers the way the event's source expects.
 * docs/architecture.md draws the flow.
 */
import { invocationDeadline } from '../../lib/calls/deadline';
import { asCopyFailure } from '../../lib/failures/errors';
import { CopySnapshotFailed, failureAnswer, settle } from '../../lib/fc/answer';
import { parseFcContext } from '../../lib/fc/fc-context';
import { type InstanceOptions, instanceSetUp } from '../../lib/fc/instance-set-up';
import { decodeInvocationEvent } from '../../lib/fc/invocation-event';
import { invocationFacts } from '../../lib/fc/invocation-facts';
import { createInvocationLog } from '../../lib/fc/invocation-log';
import { routeInvocation } from '../../lib/fc/invocation-route';
import { createLogger, type LogSink, stdoutSink } from '../../lib/fc/log';
import { onDemand } from './lazy-on-demand';
import { USE_CASES } from './use-cases';

export { CopySnapshotFailed };

export interface HandlerOptions extends InstanceOptions {
  logSink?: LogSink;
}

export function createHandler(options: HandlerOptions = {}) {
  const now = options.now ?? Date.now;
  const logger = createLogger(options.logSink ?? stdoutSink);
  const instance = instanceSetUp(options, (ecs) => new (onDemand().PopCoreEcsDisks)(ecs));

  return async function handler(event: unknown, context: unknown): Promise<unknown> {
    const startedAt = now();
    const fc = parseFcContext(context);
    let log = createInvocationLog(logger.child({ fcRequestId: fc.requestId }), startedAt, now, (Code, errorClass) =>
      onDemand().adviceFor(Code, errorClass),
    );
    let http = false;
    try {
      const decoded = decodeInvocationEvent(event);
      http = decoded.source === 'http';
      log = log.forTrigger(decoded);
      const request = routeInvocation(decoded, USE_CASES);
      if (request.kind === 'refused') {
        log.onFailure(request.failure);
        return request.response;
      }
      const useCase = USE_CASES[request.route];
      if (useCase === undefined) throw new Error(`no use case at route ${request.route}`);
      const run = {
        instance,
        invocation: { contextCredentials: fc.credentials, deadline: invocationDeadline(fc.timeoutSeconds, startedAt, now) },
        log,
        fromHttpCaller: http,
        facts: invocationFacts(decoded, fc, startedAt),
        fcRequestId: fc.requestId,
      };
      const { route: _route, ...input } = request;
      return settle(await useCase.run(input, run));
    } catch (error) {
      if (error instanceof CopySnapshotFailed) throw error;
      // A bug of ours is answered and logged too: as an InternalFailure, by its name and frames, not its message.
      const failure = asCopyFailure(error);
      log.onFailure(failure);
      return settle(failureAnswer(failure, http, fc.requestId));
    }
  };
}

export const handler = createHandler();
