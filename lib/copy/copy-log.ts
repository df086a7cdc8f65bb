import { classifyEcsError } from '../ecs/classify-ecs-error';
import { INTERNAL_FAILURE, type InvocationLog } from '../fc/invocation-log';
import type { CopyObserver } from './copy-observer';
import type { CopyResult } from './copy-plan';

/** One log line a copy, named by what became of it. */
const RESULT_MESSAGES: Record<CopyResult['Outcome'], string> = {
  copied: 'copy-started',
  'already-present': 'copy-already-present',
  planned: 'copy-planned',
  'not-ready': 'copy-not-ready',
  left: 'copy-left',
  failed: 'copy-failed',
};

/**
 * The copy use case's lines: one a copy, the selection entries that matched nothing, the disks no longer selected,
 * one `rpo-status` a protected disk and destination, and the `run-summary`. `DurationMs` counts from the invocation's
 * start.
 */
export function createCopyLog(invocation: InvocationLog): CopyObserver {
  const log = invocation.lines;
  return {
    onRetry: (retry) => invocation.onRetry(retry),
    onResult: (result, isFailure) => {
      const fields = { ...result, ...('Class' in result ? { Advice: invocation.advice(result.Code, result.Class) } : {}) };
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
          Advice: invocation.advice('SelectionMatchedNothing', classifyEcsError('SelectionMatchedNothing')),
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
        DurationMs: invocation.durationMs(),
      });
    },
    onUnreadable: ({ reason, ...snapshot }) => log.warn('snapshot-unreadable', { ...snapshot, Reason: reason }),
  };
}
