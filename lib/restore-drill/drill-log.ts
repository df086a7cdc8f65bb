import { logAtLevel, type OutcomeLine } from '../copy/outcome-line';
import { adviceNaming, diskCallAdvice } from '../ecs/disk-call-errors';
import type { InvocationLog } from '../fc/invocation-log';
import type { DeletionEvidence } from './drill-disk';
import type { DrillObserver } from './drill-observer';
import type { DrillResult, LeftoverDrillDisk } from './drill-report';

// info when restored or planned, warn when skipped, error when failed.
const DRILL_LINES: Record<DrillResult['Outcome'], OutcomeLine> = {
  restored: ['restore-drill', 'info'],
  planned: ['restore-drill', 'info'],
  skipped: ['restore-drill', 'warn'],
  failed: ['restore-drill', 'error'],
};

// An attached drill disk is never deleted: someone must detach it, so it is an error (with its own advice).
const LEFTOVER_LINES: Record<LeftoverDrillDisk['DrillDiskState'], OutcomeLine> = {
  gone: ['drill-disk-deleted', 'info'],
  deleting: ['drill-disk-deleted', 'info'],
  planned: ['drill-disk-planned', 'info'],
  'in-use': ['drill-disk-in-use', 'error'],
  young: ['drill-disk-young', 'info'],
  left: ['drill-disk-left', 'warn'],
};

/** A refusal of a drill's calls names the drill's own permissions. */
const DRILL_PERMISSIONS = 'ecs:CreateDisk, ecs:DescribeDisks, ecs:DeleteDisk, ecs:DescribeAvailableResource and ecs:TagResources';

/**
 * The restore drill's lines (docs/restore-drills.md): one `restore-drill` line a disk, one line a leftover drill disk,
 * one `drill-summary`, whose `DurationMs` counts from the invocation's start.
 */
export function createDrillLog(invocation: InvocationLog): DrillObserver {
  const log = invocation.lines;
  return {
    onRetry: (retry) => invocation.onRetry(retry),
    // A DeleteDisk's evidence (drill-disk.ts) is spread flat on the line that reports the disk.
    onDrill: (result: DrillResult) => {
      const { Evidence, ...line }: DrillResult & { Evidence?: DeletionEvidence } = result;
      const advice = result.Outcome === 'failed' ? adviceNaming(DRILL_PERMISSIONS, result) : {};
      logAtLevel(log, DRILL_LINES[result.Outcome], { ...line, ...Evidence, ...advice });
    },
    onLeftoverDrillDisk: ({ Evidence, ...leftover }) => {
      const [message, level] = LEFTOVER_LINES[leftover.DrillDiskState];
      const advice =
        leftover.DrillDiskState === 'in-use'
          ? { Advice: diskCallAdvice('DrillDiskInUse', 'invalid-request') }
          : 'Code' in leftover
            ? adviceNaming(DRILL_PERMISSIONS, leftover)
            : {};
      // A deletion that failed, or that ECS did not confirm, leaves a billed disk: an error, as a failed drill is.
      logAtLevel(log, [message, 'Code' in leftover ? 'error' : level], { ...leftover, ...Evidence, ...advice });
    },
    onDisbelievedCopy: (copy) => log.warn('drill-copy-disbelieved', copy),
    onDrillSummary: (summary) =>
      (summary.Failed > 0 ? log.error : log.info)('drill-summary', { ...summary, DurationMs: invocation.durationMs() }),
    onSharedEndpoint: (note) => log.warn('ecs-endpoint-shared', { ...note }),
  };
}
