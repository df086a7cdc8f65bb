import { adviceFor } from '../ecs/classify-ecs-error';
import type { CallObserver } from './call-observer';
import type { PruneResult } from './keep-copies/keep-copies';
import type { PruneObserver } from './keep-copies/prune-observer';
import type { DeletionEvidence } from './restore-drill/drill-disk';
import type { DrillObserver } from './restore-drill/drill-observer';
import type { DrillResult, LeftoverDrillDisk } from './restore-drill/drill-report';

type LineValue = string | number | boolean | null | undefined | readonly string[];

/** Where the lines go: the run log's Logger (lib/fc/log.ts) is one. */
interface LineWriter {
  info(message: string, fields?: Readonly<Record<string, LineValue>>): void;
  warn(message: string, fields?: Readonly<Record<string, LineValue>>): void;
  error(message: string, fields?: Readonly<Record<string, LineValue>>): void;
}

const LEFTOVER_MESSAGES: Record<LeftoverDrillDisk['DrillDiskState'], string> = {
  gone: 'drill-disk-deleted',
  deleting: 'drill-disk-deleted',
  planned: 'drill-disk-planned',
  'in-use': 'drill-disk-in-use',
  young: 'drill-disk-young',
  left: 'drill-disk-left',
};

const PRUNE_MESSAGES: Record<PruneResult['Outcome'], string> = {
  pruned: 'copy-pruned',
  planned: 'copy-prune-planned',
  kept: 'copy-prune-kept',
  failed: 'copy-prune-failed',
};

type Failure = { Code?: string; Class?: Parameters<typeof adviceFor>[1] };

/**
 * The advice of a result's failure, when it has one. A refusal of these calls names their own permissions: the
 * class's advice speaks of CopySnapshot.
 */
const adviceOf = (result: Failure, permissions: string) => {
  if (result.Class === undefined) return {};
  if (result.Class === 'forbidden' && result.Code !== 'InvalidUser.NotInWhiteList') {
    return { Advice: `ECS refused the function's RAM role: grant it ${permissions} (ram-policy.json lists them).` };
  }
  return { Advice: adviceFor(result.Code ?? '', result.Class) };
};
const DRILL_PERMISSIONS = 'ecs:CreateDisk, ecs:DescribeDisks, ecs:DeleteDisk, ecs:DescribeAvailableResource and ecs:TagResources';
const PRUNE_PERMISSIONS = 'ecs:DeleteSnapshot and ecs:DescribeDisks';

/**
 * The run log's lines of restore drills and KeepCopies, worded here, in dist/on-demand.js, which only drills and
 * KeepCopies load (lib/fc/run-log.ts asks for them on their first line) (docs/restore-drills.md, docs/keep-copies.md): one
 * `restore-drill` line a disk, one line a leftover drill disk, one `drill-summary`; one `copy-pruned` line (or why
 * not) a copy beyond KeepCopies. `DurationMs` on the summary counts from the invocation's start.
 */
export function createDrillLog(log: LineWriter, durationMs: () => number): Omit<DrillObserver & PruneObserver, keyof CallObserver> {
  return {
    // A DeleteDisk's evidence (drill-disk.ts) is spread flat on the line that reports the disk.
    onDrill: (result: DrillResult) => {
      const { Evidence, ...line }: DrillResult & { Evidence?: DeletionEvidence } = result;
      const fields = { ...line, ...Evidence, ...(result.Outcome === 'failed' ? adviceOf(result, DRILL_PERMISSIONS) : {}) };
      // info when restored or planned, warn when skipped, error when failed.
      if (result.Outcome === 'failed') log.error('restore-drill', fields);
      else if (result.Outcome === 'skipped') log.warn('restore-drill', fields);
      else log.info('restore-drill', fields);
    },
    onLeftoverDrillDisk: ({ Evidence, ...leftover }) => {
      const message = LEFTOVER_MESSAGES[leftover.DrillDiskState];
      const fields = { ...leftover, ...Evidence, ...('Code' in leftover ? adviceOf(leftover, DRILL_PERMISSIONS) : {}) };
      // An attached drill disk is never deleted: someone must detach it, so it is an error with its own advice.
      if (leftover.DrillDiskState === 'in-use') log.error(message, { ...fields, Advice: adviceFor('DrillDiskInUse', 'invalid-request') });
      // A deletion that failed, or that ECS did not confirm, leaves a billed disk: an error, as a failed drill is.
      else if ('Code' in leftover) log.error(message, fields);
      else if (leftover.DrillDiskState === 'left') log.warn(message, fields);
      else log.info(message, fields);
    },
    onDisbelievedCopy: (copy) => log.warn('drill-copy-disbelieved', copy),
    onDrillSummary: (summary) => (summary.Failed > 0 ? log.error : log.info)('drill-summary', { ...summary, DurationMs: durationMs() }),
    onPrune: (result) => {
      // A deleted copy's line carries its evidence (Rank, NewestKeptSnapshotId, DisksCreatedFromIt, ConfirmedGone).
      const fields = { ...result, ...('Class' in result ? adviceOf(result, PRUNE_PERMISSIONS) : {}) };
      if (result.Outcome === 'failed') log.error(PRUNE_MESSAGES.failed, fields);
      else log.info(PRUNE_MESSAGES[result.Outcome], fields);
    },
    onPruneStopped: (stop) => log.error('keep-copies-stopped', { ...stop, ...adviceOf(stop, PRUNE_PERMISSIONS) }),
    onSharedEndpoint: (note) => log.warn('ecs-endpoint-shared', { ...note }),
  };
}
