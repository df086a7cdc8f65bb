import { logAtLevel, type OutcomeLine } from '../copy/outcome-line';
import { adviceNaming } from '../ecs/disk-call-errors';
import type { InvocationLog } from '../fc/invocation-log';
import type { PruneResult } from './keep-copies';
import type { PruneObserver } from './prune-observer';

const PRUNE_LINES: Record<PruneResult['Outcome'], OutcomeLine> = {
  pruned: ['copy-pruned', 'info'],
  planned: ['copy-prune-planned', 'info'],
  kept: ['copy-prune-kept', 'info'],
  failed: ['copy-prune-failed', 'error'],
};

/** A refusal of KeepCopies' calls names its own permissions. */
const PRUNE_PERMISSIONS = 'ecs:DeleteSnapshot and ecs:DescribeDisks';

/** KeepCopies' lines (docs/keep-copies.md): one `copy-pruned` line (or why not) a copy beyond KeepCopies. */
export function createPruneLog(invocation: InvocationLog): PruneObserver {
  const log = invocation.lines;
  return {
    onRetry: (retry) => invocation.onRetry(retry),
    onPrune: (result) => {
      // A deleted copy's line carries its evidence (Rank, NewestKeptSnapshotId, DisksCreatedFromIt, ConfirmedGone); a
      // failed deletion's and a refused one's, the failure's advice.
      logAtLevel(log, PRUNE_LINES[result.Outcome], { ...result, ...('Code' in result ? adviceNaming(PRUNE_PERMISSIONS, result) : {}) });
    },
    onPruneStopped: (stop) => log.error('keep-copies-stopped', { ...stop, ...adviceNaming(PRUNE_PERMISSIONS, stop) }),
    onSharedEndpoint: (note) => log.warn('ecs-endpoint-shared', { ...note }),
  };
}
