import { adviceFor, classifyEcsError } from '../ecs/classify-ecs-error';
import type { CopyFailure } from '../ecs/errors';
import type { CopyObserver } from '../run/copy-observer';
import type { CopyResult } from '../run/copy-plan';
import { onDemand } from '../run/lazy-on-demand';
import type * as OnDemand from '../run/on-demand';
import type { StatusObserver } from '../run/read-copy-status';
import type { DrillObserver } from '../run/restore-drill/drill-observer';
import type { InvocationEvent } from './invocation-event';
import type { Logger } from './log';

/**
 * The run log: what every use case tells, through its own observer, one log line each, plus the failure that ended
 * an invocation.
 */
interface RunLog extends CopyObserver, DrillObserver, StatusObserver {
  /** The same log, its lines marked with the trigger once the event is decoded. */
  forTrigger(event: InvocationEvent): RunLog;
  /** The failure that ended the invocation (or refused its event). */
  onFailure(failure: CopyFailure): void;
}

/** One log line a copy, named by what became of it. */
const RESULT_MESSAGES: Record<CopyResult['Outcome'], string> = {
  copied: 'copy-started',
  'already-present': 'copy-already-present',
  planned: 'copy-planned',
  'not-ready': 'copy-not-ready',
  left: 'copy-left',
  failed: 'copy-failed',
};

/** A defect of ours has its own line, apart from ECS's failures, so that it is found and reported. */
const INTERNAL_FAILURE = 'internal-failure';

/** `DurationMs` on the closing lines counts from the invocation's start. */
export function createRunLog(log: Logger, startedAt: number, now: () => number): RunLog {
  const durationMs = () => now() - startedAt;
  // The drill and KeepCopies lines are worded in dist/on-demand.js, loaded by the first of them: a copy run without
  // KeepCopies never needs it (docs/architecture.md, "The two files of dist/").
  let drillAndPruneLog: ReturnType<(typeof OnDemand)['createDrillLog']> | undefined;
  const drillLog = () => {
    drillAndPruneLog ??= onDemand().createDrillLog(log, durationMs);
    return drillAndPruneLog;
  };
  return {
    forTrigger: (event) =>
      createRunLog(
        log.child({ trigger: event.source, ...(event.source === 'timer' ? { triggerName: event.triggerName } : {}) }),
        startedAt,
        now,
      ),
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
    onResult: (result, isFailure) => {
      const fields = { ...result, ...('Class' in result ? { Advice: adviceFor(result.Code, result.Class) } : {}) };
      // A copy keeps the name of what became of it; whether that fails the invocation is the level. An exact pick
      // that must wait is `copy-not-ready` at level error, not a `copy-failed`: nothing is wrong with it.
      if ('Class' in result && result.Class === 'internal') log.error(INTERNAL_FAILURE, fields);
      else if (isFailure) log.error(RESULT_MESSAGES[result.Outcome], fields);
      else if (result.Outcome === 'not-ready' || result.Outcome === 'left') log.warn(RESULT_MESSAGES[result.Outcome], fields);
      else log.info(RESULT_MESSAGES[result.Outcome], fields);
    },
    onReport: (report, ok, RpoHours) => {
      for (const entry of report.MatchedNothing) {
        // Unless AllowEmpty, these fail the run: the run-summary and the invocation's failure name them too.
        (ok ? log.warn : log.error)('selection-matched-nothing', {
          ...entry,
          Code: 'SelectionMatchedNothing',
          Class: classifyEcsError('SelectionMatchedNothing'),
          Advice: adviceFor('SelectionMatchedNothing', classifyEcsError('SelectionMatchedNothing')),
        });
      }
      for (const disk of report.NoLongerSelected) {
        // Not a failure: the operator changed the fleet. But no run watches this disk's RPO now: warn once its data
        // is older than RPO_HOURS (a disk another schedule still copies stays within it, at info).
        (disk.WithinRpo ? log.info : log.warn)('disk-no-longer-selected', {
          ...disk,
          RpoHours,
          Message: `${disk.DiskId} has copies in ${disk.DestinationRegionId} but the selection no longer matches it (detached, replaced, released, or taken out of the selection): its RPO is no longer watched by this selection`,
        });
      }
      for (const status of report.Rpo) {
        const fields = { ...status, RpoHours };
        if (status.WithinRpo) log.info('rpo-status', fields);
        else log.error('rpo-status', fields);
      }
      const { FailedByClass, ...counts } = report.Summary;
      (ok ? log.info : log.error)('run-summary', {
        ...counts,
        ...Object.fromEntries(Object.entries(FailedByClass).map(([errorClass, count]) => [`Failed.${errorClass}`, count])),
        DurationMs: durationMs(),
      });
    },
    onUnreadable: ({ reason, ...snapshot }) => log.warn('snapshot-unreadable', { ...snapshot, Reason: reason }),
    onStatus: (status) => log.info('copy-status', { ...status, DurationMs: durationMs() }),
    onDrill: (result) => drillLog().onDrill(result),
    onLeftoverDrillDisk: (leftover) => drillLog().onLeftoverDrillDisk(leftover),
    onDisbelievedCopy: (copy) => drillLog().onDisbelievedCopy(copy),
    onDrillSummary: (summary) => drillLog().onDrillSummary(summary),
    onPrune: (result) => drillLog().onPrune(result),
    onPruneStopped: (stop) => drillLog().onPruneStopped(stop),
    onSharedEndpoint: (note) => drillLog().onSharedEndpoint(note),
    onFailure: (failure) => {
      const fields = {
        Code: failure.Code,
        Class: failure.errorClass,
        Message: failure.Message,
        RequestId: failure.RequestId,
        Advice: failure.advice,
        Attempts: failure.attempts,
      };
      if (failure.errorClass === 'internal') log.error(INTERNAL_FAILURE, { ...fields, ...defect(failure.cause), DurationMs: durationMs() });
      else log.error('copy-failed', { ...fields, DurationMs: durationMs() });
    },
  };
}

/**
 * What a defect is and where it happened: the error's name and its stack frames (`at ...` lines). Not its message,
 * which nothing vetted (it may quote any value), so not the stack's first line either, which repeats it.
 */
export function defect(error: unknown): { Error: string; Stack: string[] } {
  if (!(error instanceof Error)) return { Error: typeof error, Stack: [] };
  const name = /^[\w.$]{1,64}$/.test(error.name) ? error.name : 'Error';
  const stack = error.stack ?? '';
  // The message may span lines: the frames are what follows it.
  const at = error.message === '' ? -1 : stack.indexOf(error.message);
  const frames = (at >= 0 ? stack.slice(at + error.message.length) : stack).split('\n');
  return { Error: name, Stack: frames.filter((line) => /^\s+at /.test(line)).map((line) => line.trim()) };
}
