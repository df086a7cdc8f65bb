/**
 * The FC entry point (`handler: index.handler` in s.yaml, bundled to dist/index.js): decodes the event, hands the
 * work to the core in lib/, logs what happened and answers the way the event's source expects.
 */
import * as z from 'zod/mini';
import { invocationDeadline } from '../../lib/calls/deadline';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../lib/calls/retry';
import { checkCallerDrill, checkCallerReadRegion, checkCallerRequest } from '../../lib/config/caller-policy';
import { type Configuration, loadConfiguration } from '../../lib/config/configuration';
import { resolveCredentials } from '../../lib/ecs/credentials';
import type { Ecs } from '../../lib/ecs/ecs';
import type { EcsDisks } from '../../lib/ecs/ecs-disks';
import { adviceFor } from '../../lib/ecs/error-classes';
import { ConfigurationError, CopyFailure, ValidationError } from '../../lib/ecs/errors';
import { RegionIdSchema, SnapshotIdSchema } from '../../lib/ecs/identifiers';
import { PopCoreEcs } from '../../lib/ecs/pop-core-ecs';
import { PopCoreEcsDisks } from '../../lib/ecs/pop-core-ecs-disks';
import { logDrillResult, logDrillSummary, logLeftoverDrillDisk, logPruneResult } from '../../lib/fc/drill-log';
import { type FcContext, parseFcContext } from '../../lib/fc/fc-context';
import { failureResponse, type HttpResponse, httpStatusOf, jsonResponse, routeHttpRequest } from '../../lib/fc/http-trigger';
import { decodeInvocationEvent, type InvocationEvent, isRenderableTime } from '../../lib/fc/invocation-event';
import { createLogger, type Logger, type LogSink, stdoutSink } from '../../lib/fc/log';
import { requestedAction } from '../../lib/request/action';
import { type CopyOrder, type InvocationFacts, resolveCopyOrder } from '../../lib/request/copy-order';
import { CopyRequestSchema } from '../../lib/request/copy-request';
import { DrillRequestSchema, resolveDrillOrder } from '../../lib/request/drill-request';
import { toFieldIssues } from '../../lib/request/field-issues';
import type { CopyResult } from '../../lib/run/copy-plan';
import { type RunReport, runCopies } from '../../lib/run/copy-run';
import { describeCopy } from '../../lib/run/copy-status';
import { keepCopies, type PruneReport } from '../../lib/run/keep-copies/keep-copies';
import type { DrillReport } from '../../lib/run/restore-drill/drill-report';
import { runRestoreDrill } from '../../lib/run/restore-drill/run-restore-drill';
import { isFailure, runVerdict, type SingleCopyAnswer } from '../../lib/run/run-verdict';

/** `GET /copies/<SnapshotId>?RegionId=<region of the copy>`. */
const CopyStatusQuerySchema = z.object({ SnapshotId: SnapshotIdSchema, RegionId: RegionIdSchema });

export interface HandlerOptions {
  env?: Readonly<Record<string, string | undefined>>;
  /** Builds the ECS adapter once the configuration is read; default: pop-core. */
  createEcs?: (configuration: Configuration) => Ecs;
  /** Builds the adapter of restore drills' and KeepCopies' calls; default: pop-core, sharing createEcs's clients
   * when createEcs is not given. */
  createEcsDisks?: (configuration: Configuration) => EcsDisks;
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
  let instance: { configuration: Configuration; ecs: Ecs; disks: EcsDisks } | ConfigurationError | undefined;
  const setUp = () => {
    if (instance === undefined) {
      try {
        const configuration = loadConfiguration(env);
        let popCore: PopCoreEcs | undefined;
        const shared = () => (popCore ??= new PopCoreEcs(configuration.EcsEndpointTemplate));
        instance = {
          configuration,
          ecs: options.createEcs?.(configuration) ?? shared(),
          disks: options.createEcsDisks?.(configuration) ?? new PopCoreEcsDisks(shared()),
        };
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
    const prune = await keepCopiesOf(order, configuration, credentials, fc, log, startedAt);
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
        onRetry: (retry) => logRetry(log, retry),
        onResult: (result) => logResult(log, result, order),
      },
    );
    if (prune) Object.assign(report.Summary, prune.Summary);
    const verdict = runVerdict(order, report);
    logReport(log, report, verdict.ok && (prune?.Summary.PruneFailed ?? 0) === 0, configuration.RpoHours, startedAt);
    return { order, verdict, prune };
  }

  /**
   * KeepCopies, applied before the run starts new copies: a copy still running never counts among those kept, and
   * the copy this run starts does not hold back the pruning that yesterday's finished copy allows (docs/keep-copies.md).
   * Its calls and the copy run's follow one another, each paced at API_CALLS_PER_MINUTE.
   */
  async function keepCopiesOf(
    order: CopyOrder,
    configuration: Configuration,
    credentials: ReturnType<typeof resolveCredentials>,
    fc: FcContext,
    log: Logger,
    startedAt: number,
  ): Promise<PruneReport | undefined> {
    if (order.KeepCopies === undefined) return undefined;
    const { ecs, disks } = setUp();
    return keepCopies(
      { ...order, KeepCopies: order.KeepCopies },
      { apiCallsPerMinute: configuration.ApiCallsPerMinute },
      { ...tools, ecs, disks },
      credentials,
      invocationDeadline(fc.timeoutSeconds, startedAt, now),
      { onRetry: (retry) => logRetry(log, retry), onPrune: (result) => logPruneResult(log, result) },
    );
  }

  function logRetry(log: Logger, retry: { Action: string; attempt: number; delayMs: number; failure: CopyFailure }): void {
    log.warn('copy-attempt-failed', {
      Action: retry.Action,
      Code: retry.failure.Code,
      Class: retry.failure.errorClass,
      Message: retry.failure.Message,
      RequestId: retry.failure.RequestId,
      Attempt: retry.attempt,
      RetryInMs: Math.round(retry.delayMs),
    });
  }

  /** A restore drill (docs/restore-drills.md): `"Action": "RestoreDrill"` or `POST /restore-drills`. */
  async function drill(body: unknown, event: InvocationEvent, fc: FcContext, log: Logger, startedAt: number): Promise<DrillReport> {
    const { configuration, ecs, disks } = setUp();
    const request = DrillRequestSchema.safeParse(body);
    if (!request.success) throw new ValidationError(toFieldIssues(request.error.issues));
    const order = resolveDrillOrder(request.data, configuration, invocationFacts(event, fc, startedAt));
    if (event.source === 'http') checkCallerDrill(order, fc.region, configuration.CallerPolicy, configuration);
    const report = await runRestoreDrill(
      order,
      { apiCallsPerMinute: configuration.ApiCallsPerMinute },
      { ...tools, ecs, disks },
      resolveCredentials(fc.credentials, env),
      invocationDeadline(fc.timeoutSeconds, startedAt, now),
      {
        onRetry: (retry) => logRetry(log, retry),
        onDrill: (result) => logDrillResult(log, result),
        onLeftover: (leftover) => logLeftoverDrillDisk(log, leftover),
      },
    );
    logDrillSummary(log, report.Summary, now() - startedAt);
    return report;
  }

  /** A drill that failed a disk rejects (timer, direct) or answers the first failure's status (HTTP), with its report. */
  function drillAnswer(report: DrillReport, isHttp: boolean): HttpResponse | DrillReport {
    const failed = report.Drills.filter((result) => result.Outcome === 'failed');
    const first = failed[0];
    if (first === undefined) return isHttp ? jsonResponse(200, report) : report;
    const failure = new CopyFailure({
      Code: first.Code ?? 'DrillFailed',
      Message: first.Message ?? `the drill of ${first.SourceDiskId} failed`,
      errorClass: first.Class ?? 'unknown',
      RequestId: first.RequestId,
    });
    if (isHttp) return jsonResponse(httpStatusOf(failure), report);
    const codes = [...new Set(failed.map((result) => result.Code ?? 'DrillFailed'))].join(', ');
    throw new CopySnapshotFailed(`RestoreDrillFailed: ${failed.length} of ${report.Drills.length} drills failed (${codes})`, failure);
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

  return async function handler(event: unknown, context: unknown): Promise<HttpResponse | SingleCopyAnswer | RunReport | DrillReport> {
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
        if (route.kind === 'drill') return drillAnswer(await drill(route.body, decoded, fc, log, startedAt), true);
        body = route.body;
      } else {
        body = decoded.source === 'timer' ? parseTimerPayload(decoded.payload) : decoded.body;
        if (requestedAction(body) === 'RestoreDrill') return drillAnswer(await drill(body, decoded, fc, log, startedAt), false);
      }
      const { order, verdict, prune } = await copy(body, decoded, fc, log, startedAt);
      const pruneFailure = prune?.Copies.find((result) => result.Outcome === 'failed');
      if (verdict.ok && pruneFailure && !isHttp) {
        throw new CopySnapshotFailed(
          `KeepCopiesFailed: ${prune?.Summary.PruneFailed} deletion(s) of copies beyond KeepCopies failed (${pruneFailure.Code ?? 'unknown'})`,
          undefined,
        );
      }
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
