import { adviceFor } from '../ecs/error-classes';
import type { PruneResult } from '../run/keep-copies/keep-copies';
import type { DrillResult, DrillSummary, LeftoverDrillDisk } from '../run/restore-drill/drill-report';
import type { Logger } from './log';

/** One `restore-drill` line a disk: info when restored or planned, warn when skipped, error when failed. */
export function logDrillResult(log: Logger, result: DrillResult): void {
  const fields = { ...result, ...(result.Class ? { Advice: adviceFor(result.Code ?? '', result.Class) } : {}) };
  if (result.Outcome === 'failed') log.error('restore-drill', fields);
  else if (result.Outcome === 'skipped') log.warn('restore-drill', fields);
  else log.info('restore-drill', fields);
}

const LEFTOVER_MESSAGES: Record<LeftoverDrillDisk['DrillDiskState'], string> = {
  gone: 'drill-disk-deleted',
  deleting: 'drill-disk-deleted',
  planned: 'drill-disk-planned',
  'in-use': 'drill-disk-in-use',
  left: 'drill-disk-left',
};

/** A drill disk left by an earlier run (or lost by this one): deleted, or why not. An attached one is an error. */
export function logLeftoverDrillDisk(log: Logger, leftover: LeftoverDrillDisk): void {
  const message = LEFTOVER_MESSAGES[leftover.DrillDiskState];
  const fields = { ...leftover, ...(leftover.Class ? { Advice: adviceFor(leftover.Code ?? '', leftover.Class) } : {}) };
  if (leftover.DrillDiskState === 'in-use') {
    log.error(message, { ...fields, Advice: adviceFor('DrillDiskInUse', 'invalid-request') });
  } else if (leftover.DrillDiskState === 'left') log.warn(message, fields);
  else log.info(message, fields);
}

export function logDrillSummary(log: Logger, summary: DrillSummary, DurationMs: number): void {
  (summary.Failed > 0 ? log.error : log.info)('drill-summary', { ...summary, DurationMs });
}

const PRUNE_MESSAGES: Record<PruneResult['Outcome'], string> = {
  pruned: 'copy-pruned',
  planned: 'copy-prune-planned',
  kept: 'copy-prune-kept',
  failed: 'copy-prune-failed',
};

/** One line a copy beyond KeepCopies: `copy-pruned` for each deletion. */
export function logPruneResult(log: Logger, result: PruneResult): void {
  const fields = { ...result, ...(result.Class ? { Advice: adviceFor(result.Code ?? '', result.Class) } : {}) };
  if (result.Outcome === 'failed') log.error(PRUNE_MESSAGES.failed, fields);
  else log.info(PRUNE_MESSAGES[result.Outcome], fields);
}
