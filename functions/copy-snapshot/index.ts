/**
 * The FC entry point (`handler: index.handler` in s.yaml, bundled to dist/index.js): decodes the event, hands the
 * copy to the core in lib/, logs one line for the outcome and answers the way the event's source expects.
 */
import { randomUUID } from 'node:crypto';
import { loadConfiguration, type Configuration } from '../../lib/configuration';
import { copySnapshot, prepareCopy, type CopySucceeded } from '../../lib/copy-snapshot';
import type { CopySnapshotParameters } from '../../lib/copy-snapshot-parameters';
import { resolveCredentials } from '../../lib/credentials';
import { invocationDeadline } from '../../lib/deadline';
import type { Ecs } from '../../lib/ecs';
import { ConfigurationError, CopyFailure, ValidationError } from '../../lib/errors';
import { parseFcContext, type FcContext } from '../../lib/fc-context';
import { failureResponse, jsonResponse, readCopyRequestBody, type HttpResponse } from '../../lib/http-trigger';
import { decodeInvocationEvent, type InvocationEvent } from '../../lib/invocation-event';
import { createLogger, stdoutSink, type LogSink, type Logger } from '../../lib/log';
import { PopCoreEcs } from '../../lib/pop-core-ecs';
import type { InvocationFacts } from '../../lib/resolve-copy-parameters';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../lib/retry';

export interface HandlerOptions {
  env?: Readonly<Record<string, string | undefined>>;
  /** Builds the ECS adapter once the configuration is read; default: pop-core. */
  createEcs?: (configuration: Configuration) => Ecs;
  retryPolicy?: RetryPolicy;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  logSink?: LogSink;
}

type Source = InvocationEvent['source'] | 'unknown';

/** Thrown to FC for a failed timer or direct invocation, so that FC counts it failed and retries or alerts. */
export class CopySnapshotFailed extends Error {
  override readonly name = 'CopySnapshotFailed';
  constructor(readonly failure: CopyFailure) {
    super(
      `${failure.Code} (${failure.errorClass}): ${failure.Message}${failure.RequestId ? ` [ECS RequestId ${failure.RequestId}]` : ''}`,
    );
  }
}

export function createHandler(options: HandlerOptions = {}) {
  const env = options.env ?? process.env;
  const now = options.now ?? Date.now;
  const logger = createLogger(options.logSink ?? stdoutSink);
  const dependencies = {
    retryPolicy: options.retryPolicy ?? DEFAULT_RETRY_POLICY,
    random: options.random ?? Math.random,
    sleep: options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
  };

  // Read once per instance; a broken configuration fails every invocation, naming the variable, and copies nothing.
  let instance: { configuration: Configuration; ecs: Ecs } | ConfigurationError | undefined;
  const setUp = () => {
    if (instance === undefined) {
      try {
        const configuration = loadConfiguration(env);
        instance = { configuration, ecs: (options.createEcs ?? ((c) => new PopCoreEcs(c.EcsEndpointTemplate)))(configuration) };
      } catch (error) {
        if (!(error instanceof ConfigurationError)) throw error;
        instance = error;
      }
    }
    if (instance instanceof ConfigurationError) throw instance;
    return instance;
  };

  async function copy(parameters: CopySnapshotParameters, fc: FcContext, ecs: Ecs, log: Logger, startedAt: number) {
    const credentials = resolveCredentials(fc.credentials, env);
    return copySnapshot(parameters, credentials, invocationDeadline(fc.timeoutSeconds, startedAt, now), { ...dependencies, ecs }, (retry) =>
      log.warn('copy-attempt-failed', {
        Code: retry.failure.Code,
        Class: retry.failure.errorClass,
        Message: retry.failure.Message,
        RequestId: retry.failure.RequestId,
        Attempt: retry.attempt,
        RetryInMs: Math.round(retry.delayMs),
        ClientToken: parameters.ClientToken,
      }),
    );
  }

  function logOutcome(log: Logger, outcome: CopySucceeded | CopyFailure, startedAt: number): void {
    const DurationMs = now() - startedAt;
    if (outcome instanceof CopyFailure) {
      log.error('copy-failed', {
        Code: outcome.Code,
        Class: outcome.errorClass,
        Message: outcome.Message,
        RequestId: outcome.RequestId,
        Advice: outcome.advice,
        Attempts: outcome.attempts,
        DurationMs,
      });
    } else {
      log.info('copy-started', { ...outcome, DurationMs });
    }
  }

  return async function handler(event: unknown, context: unknown): Promise<HttpResponse | CopySucceeded> {
    const startedAt = now();
    const fc = parseFcContext(context);
    let source: Source = 'unknown';
    let log = logger.child({ fcRequestId: fc.requestId });
    let outcome: CopySucceeded | CopyFailure;
    try {
      const decoded = decodeInvocationEvent(event);
      source = decoded.source;
      log = log.child({ trigger: source, ...(decoded.source === 'timer' ? { triggerName: decoded.triggerName } : {}) });
      let body: unknown;
      if (decoded.source === 'http') {
        const read = readCopyRequestBody(decoded.http);
        if (!read.ok) {
          logOutcome(log, read.failure, startedAt);
          return read.response;
        }
        body = read.body;
      } else if (decoded.source === 'timer') {
        body = parseTimerPayload(decoded.payload);
      } else {
        body = decoded.body;
      }
      log = log.child({ SourceSnapshotId: requestedSnapshotId(body) });
      const { configuration, ecs } = setUp();
      const parameters = prepareCopy(body, configuration, invocationFacts(decoded, fc, startedAt));
      log = log.child({ RegionId: parameters.RegionId, DestinationRegionId: parameters.DestinationRegionId });
      outcome = await copy(parameters, fc, ecs, log, startedAt);
    } catch (error) {
      // A bug of ours is still answered and logged, by class and without its message (which nothing vetted).
      outcome =
        error instanceof CopyFailure
          ? error
          : new CopyFailure({ Code: 'InternalFailure', Message: 'The function failed unexpectedly', errorClass: 'unknown' });
    }
    logOutcome(log, outcome, startedAt);

    if (source === 'http') {
      return outcome instanceof CopyFailure ? failureResponse(outcome, fc.requestId) : jsonResponse(202, outcome);
    }
    if (outcome instanceof CopyFailure) throw new CopySnapshotFailed(outcome);
    return outcome;
  };
}

/** The source snapshot as the caller named it, for the log line of a request that fails validation. */
function requestedSnapshotId(body: unknown): string | undefined {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).SnapshotId : undefined;
  return typeof value === 'string' ? value.slice(0, 80) : undefined;
}

/** A timer's payload is the trigger's configured text: the copy request as JSON. */
function parseTimerPayload(payload: string | undefined): unknown {
  if (payload === undefined || payload.trim() === '') return {};
  try {
    return JSON.parse(payload);
  } catch {
    throw new ValidationError([{ field: 'payload', rule: 'must be a JSON text with CopySnapshot parameters' }], 'InvalidEvent');
  }
}

/**
 * What decides the copy's ClientToken and the dates in its name. A timer event is re-delivered by FC with the same
 * triggerTime, so both come from it; an HTTP or direct invocation is identified by its request ID (FC never retries
 * an HTTP invocation; a caller who retries sends its own ClientToken).
 */
function invocationFacts(event: InvocationEvent, fc: FcContext, startedAt: number): InvocationFacts {
  if (event.source === 'timer') {
    return { time: event.triggerTime, functionRegionId: fc.region, tokenOrigin: ['timer', event.triggerTime.toISOString()] };
  }
  const requestId = (event.source === 'http' ? event.http.requestContext.requestId : undefined) ?? fc.requestId ?? randomUUID();
  const epoch = event.source === 'http' ? Number(event.http.requestContext.timeEpoch) : Number.NaN;
  return {
    time: new Date(Number.isFinite(epoch) && epoch > 0 ? epoch : startedAt),
    functionRegionId: fc.region,
    tokenOrigin: ['invocation', requestId],
  };
}

export const handler = createHandler();
