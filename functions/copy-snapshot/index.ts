/**
 * The FC entry point (`handler: index.handler` in s.yaml, bundled to dist/index.js): decodes the event, hands the
 * work to the core in lib/, logs what happened and answers the way the event's source expects.
 */
import * as z from 'zod/mini';
import { invocationDeadline } from '../../lib/calls/deadline';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../lib/calls/retry';
import { checkCallerReadRegion, checkCallerRequest } from '../../lib/config/caller-policy';
import { type Configuration, loadConfiguration } from '../../lib/config/configuration';
import { resolveCredentials } from '../../lib/ecs/credentials';
import type { Ecs } from '../../lib/ecs/ecs';
import { adviceFor } from '../../lib/ecs/error-classes';
import { ConfigurationError, CopyFailure, ValidationError } from '../../lib/ecs/errors';
import { RegionIdSchema, SnapshotIdSchema } from '../../lib/ecs/identifiers';
import { PopCoreEcs } from '../../lib/ecs/pop-core-ecs';
import { type FcContext, parseFcContext } from '../../lib/fc/fc-context';
import { failureResponse, type HttpResponse, httpStatusOf, jsonResponse, routeHttpRequest } from '../../lib/fc/http-trigger';
import { decodeInvocationEvent, type InvocationEvent, isRenderableTime } from '../../lib/fc/invocation-event';
import { createLogger, type Logger, type LogSink, stdoutSink } from '../../lib/fc/log';
import { type CopyOrder, type InvocationFacts, resolveCopyOrder } from '../../lib/request/copy-order';
import { CopyRequestSchema } from '../../lib/request/copy-request';
import { toFieldIssues } from '../../lib/request/field-issues';
import type { CopyResult } from '../../lib/run/copy-plan';
import { type RunReport, runCopies } from '../../lib/run/copy-run';
import { describeCopy } from '../../lib/run/copy-status';
import { isFailure, runVerdict, type SingleCopyAnswer } from '../../lib/run/run-verdict';

/** `GET /copies/<SnapshotId>?RegionId=<region of the copy>`. */
const CopyStatusQuerySchema = z.object({ SnapshotId: SnapshotIdSchema, RegionId: RegionIdSchema });

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

/** Thrown to FC for a failed timer or direct invocation, so that FC counts it failed and retries or alerts. */
export class CopySnapshotFailed extends Error {
  override readonly name = 'CopySnapshotFailed';
  constructor(
    message: string,
    readonly failure: CopyFailure | undefined,
  ) {
    super(message);
  }
}

const describeFailure = (failure: CopyFailure) =>
  `${failure.Code} (${failure.errorClass}): ${failure.Message}${failure.RequestId ? ` [ECS RequestId ${failure.RequestId}]` : ''}`;

/** One log line a copy, named by what became of it. */
const RESULT_MESSAGES: Record<CopyResult['Outcome'], string> = {
  copied: 'copy-started',
  'already-present': 'copy-already-present',
  planned: 'copy-planned',
  'not-ready': 'copy-not-ready',
  left: 'copy-left',
  failed: 'copy-failed',
};

export function createHandler(options: HandlerOptions = {}) {
  const env = options.env ?? process.env;
  const now = options.now ?? Date.now;
  const logger = createLogger(options.logSink ?? stdoutSink);
  const tools = {
    retryPolicy: options.retryPolicy ?? DEFAULT_RETRY_POLICY,
    random: options.random ?? Math.random,
    sleep: options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
    now,
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

  function logFailure(log: Logger, failure: CopyFailure, startedAt: number): void {
    log.error('copy-failed', {
      Code: failure.Code,
      Class: failure.errorClass,
      Message: failure.Message,
      RequestId: failure.RequestId,
      Advice: failure.advice,
      Attempts: failure.attempts,
      DurationMs: now() - startedAt,
    });
  }

  async function copy(body: unknown, event: InvocationEvent, fc: FcContext, log: Logger, startedAt: number) {
    const { configuration, ecs } = setUp();
    const request = CopyRequestSchema.safeParse(body);
    if (!request.success) throw new ValidationError(toFieldIssues(request.error.issues));
    const order = resolveCopyOrder(request.data, configuration, invocationFacts(event, fc, startedAt));
    const callerPolicy = event.source === 'http' ? configuration.CallerPolicy : undefined;
    if (callerPolicy) checkCallerRequest(request.data, order, callerPolicy, configuration);
    const credentials = resolveCredentials(fc.credentials, env);
    const report = await runCopies(
      order,
      {
        apiCallsPerMinute: configuration.ApiCallsPerMinute,
        maxCopiesInFlight: configuration.MaxCopiesInFlight,
        rpoHours: configuration.RpoHours,
        ...(callerPolicy ? { callerPolicy } : {}),
      },
      { ...tools, ecs },
      credentials,
      invocationDeadline(fc.timeoutSeconds, startedAt, now),
      {
        onRetry: (retry) =>
          log.warn('copy-attempt-failed', {
            Action: retry.Action,
            Code: retry.failure.Code,
            Class: retry.failure.errorClass,
            Message: retry.failure.Message,
            RequestId: retry.failure.RequestId,
            Attempt: retry.attempt,
            RetryInMs: Math.round(retry.delayMs),
          }),
        onResult: (result) => logResult(log, result, order),
      },
    );
    const verdict = runVerdict(order, report);
    logReport(log, report, verdict.ok, configuration.RpoHours, startedAt);
    return { order, verdict };
  }

  function logResult(log: Logger, result: CopyResult, order: CopyOrder): void {
    const failed = isFailure(result, order);
    const fields = { ...result, ...(result.Class ? { Advice: adviceFor(result.Code ?? '', result.Class) } : {}) };
    if (failed) log.error('copy-failed', fields);
    else if (result.Outcome === 'not-ready' || result.Outcome === 'left') log.warn(RESULT_MESSAGES[result.Outcome], fields);
    else log.info(RESULT_MESSAGES[result.Outcome], fields);
  }

  function logReport(log: Logger, report: RunReport, ok: boolean, RpoHours: number, startedAt: number): void {
    for (const status of report.Rpo) {
      const fields = { ...status, RpoHours };
      if (status.WithinRpo) log.info('rpo-status', fields);
      else log.error('rpo-status', fields);
    }
    const { FailedByClass, ...counts } = report.Summary;
    (ok ? log.info : log.error)('run-summary', {
      ...counts,
      ...Object.fromEntries(Object.entries(FailedByClass).map(([errorClass, count]) => [`Failed.${errorClass}`, count])),
      DurationMs: now() - startedAt,
    });
  }

  async function status(
    SnapshotId: string,
    RegionId: string | undefined,
    fc: FcContext,
    log: Logger,
    startedAt: number,
  ): Promise<HttpResponse> {
    const { configuration, ecs } = setUp();
    const destinations = configuration.DestinationRegionIds;
    const query = CopyStatusQuerySchema.safeParse({
      SnapshotId,
      RegionId: RegionId ?? (destinations?.length === 1 ? destinations[0] : undefined),
    });
    if (!query.success) {
      throw new ValidationError(
        toFieldIssues(query.error.issues).map((issue) =>
          issue.field === 'RegionId' && issue.rule === 'is required'
            ? { field: 'RegionId', rule: 'is required: the region the copy is in (?RegionId=us-east-1)' }
            : issue,
        ),
      );
    }
    checkCallerReadRegion(query.data.RegionId, configuration.CallerPolicy, configuration);
    const copyStatus = await describeCopy(
      query.data.SnapshotId,
      query.data.RegionId,
      { ...tools, ecs },
      resolveCredentials(fc.credentials, env),
      invocationDeadline(fc.timeoutSeconds, startedAt, now),
    );
    log.info('copy-status', { ...copyStatus, DurationMs: now() - startedAt });
    return jsonResponse(200, copyStatus);
  }

  return async function handler(event: unknown, context: unknown): Promise<HttpResponse | SingleCopyAnswer | RunReport> {
    const startedAt = now();
    const fc = parseFcContext(context);
    let log = logger.child({ fcRequestId: fc.requestId });
    let isHttp = false;
    try {
      const decoded = decodeInvocationEvent(event);
      isHttp = decoded.source === 'http';
      log = log.child({ trigger: decoded.source, ...(decoded.source === 'timer' ? { triggerName: decoded.triggerName } : {}) });
      let body: unknown;
      if (decoded.source === 'http') {
        const route = routeHttpRequest(decoded.http);
        if (route.kind === 'refused') {
          logFailure(log, route.failure, startedAt);
          return route.response;
        }
        if (route.kind === 'status') return await status(route.SnapshotId, route.RegionId, fc, log, startedAt);
        body = route.body;
      } else {
        body = decoded.source === 'timer' ? parseTimerPayload(decoded.payload) : decoded.body;
      }
      const { order, verdict } = await copy(body, decoded, fc, log, startedAt);
      if (verdict.ok) return isHttp ? jsonResponse(order.DryRun ? 200 : 202, verdict.answer) : verdict.answer;
      if (!isHttp) throw new CopySnapshotFailed(verdict.failure ? describeFailure(verdict.failure) : verdict.message, verdict.failure);
      if (verdict.failure) return failureResponse(verdict.failure, fc.requestId);
      // A fleet answers with its report; the status is the first failure's, or 200 when only RPO is missed.
      return jsonResponse(verdict.firstFailure ? httpStatusOf(verdict.firstFailure) : 200, verdict.answer);
    } catch (error) {
      if (error instanceof CopySnapshotFailed) throw error;
      // A bug of ours is still answered and logged, by class and without its message (which nothing vetted).
      const failure =
        error instanceof CopyFailure
          ? error
          : new CopyFailure({ Code: 'InternalFailure', Message: 'The function failed unexpectedly', errorClass: 'unknown' });
      logFailure(log, failure, startedAt);
      if (isHttp) return failureResponse(failure, fc.requestId);
      throw new CopySnapshotFailed(describeFailure(failure), failure);
    }
  };
}

/** A timer's payload is the trigger's configured text: the copy request as JSON; empty means "use SELECTION". */
function parseTimerPayload(payload: string | undefined): unknown {
  if (payload === undefined || payload.trim() === '') return {};
  try {
    return JSON.parse(payload);
  } catch {
    throw new ValidationError([{ field: 'payload', rule: 'must be a JSON text with CopySnapshot parameters' }], 'InvalidEvent');
  }
}

/**
 * When the copy was asked for, for the dates in names and descriptions: a timer's triggerTime (FC re-delivers the
 * same event with it, so a re-delivery renders the same parameters), an HTTP request's time, else now.
 */
function invocationFacts(event: InvocationEvent, fc: FcContext, startedAt: number): InvocationFacts {
  if (event.source === 'timer') return { time: event.triggerTime, functionRegionId: fc.region };
  // FC's gateway sets timeEpoch; a direct invoker could send any, so only a time the templates can render is taken.
  const epoch = event.source === 'http' ? Number(event.http.requestContext.timeEpoch) : Number.NaN;
  return { time: new Date(isRenderableTime(epoch) && epoch > 0 ? epoch : startedAt), functionRegionId: fc.region };
}

export const handler = createHandler();
