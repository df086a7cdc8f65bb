import { adviceNaming, diskCallAdvice } from '../ecs/disk-call-errors';
import type { InvocationLog } from '../fc/invocation-log';
import type { DeletionEvidence } from './drill-disk';
import type { DrillObserver } from './drill-observer';
import type { DrillResult, LeftoverDrillDisk } from './drill-report';

const LEFTOVER_MESSAGES: Record<LeftoverDrillDisk['DrillDiskState'], string> = {
  gone: 'drill-disk-deleted',
  deleting: 'drill-disk-deleted',
  planned: 'drill-disk-planned',
  'in-use': 'drill-disk-in-use',
  young: 'drill-disk-young',
  left: 'drill-disk-left',
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
      const fields = { ...line, ...Evidence, ...(result.Outcome === 'failed' ? adviceNaming(DRILL_PERMISSIONS, result) : {}) };
      // info when restored or planned, warn when skipped, error when failed.
      if (result.Outcome === 'failed') log.error('restore-drill', fields);
      else if (result.Outcome === 'skipped') log.warn('restore-drill', fields);
      else log.info('restore-drill', fields);
    },
    onLeftoverDrillDisk: ({ Evidence, ...leftover }) => {
      const message = LEFTOVER_MESSAGES[leftover.DrillDiskState];
      const fields = { ...leftover, ...Evidence, ...('Code' in leftover ? adviceNaming(DRILL_PERMISSIONS, leftover) : {}) };
      // An attached drill disk is never deleted: someone must detach it, so it is an error with its own advice.
      if (leftover.DrillDiskState === 'in-use')
        log.error(message, { ...fields, Advice: diskCallAdvice('DrillDiskInUse', 'invalid-request') });
      // A deletion that failed, or that ECS did not confirm, leaves a billed disk: an error, as a failed drill is.
      else if ('Code' in leftover) log.error(message, fields);
      else if (leftover.DrillDiskState === 'left') log.warn(message, fields);
      else log.info(message, fields);
    },
    onDisbelievedCopy: (copy) => log.warn('drill-copy-disbelieved', copy),
    onDrillSummary: (summary) =>
      (summary.Failed > 0 ? log.error : log.info)('drill-summary', { ...summary, DurationMs: invocation.durationMs() }),
    onSharedEndpoint: (note) => log.warn('ecs-endpoint-shared', { ...note }),
  };
}
