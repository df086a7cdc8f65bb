import { adviceNaming, diskCallAdvice } from '../ecs/disk-call-errors';
import type { InvocationLog } from '../fc/invocation-log';
import type { RestoreObserver } from './restore-observer';

/** A refusal of a restore's calls names the restore's own permissions (ram-policy-restore.json). */
const RESTORE_PERMISSIONS =
  'ecs:DescribeSnapshots, ecs:CreateDisk, ecs:DescribeDisks, ecs:DescribeAvailableResource, ecs:CreateImage, ecs:DescribeImages and ecs:TagResources';

/** Seconds between two progress lines while nothing changes: a wait of an hour writes about sixty, not thousands. */
const PROGRESS_EVERY_MS = 60_000;

/**
 * The restore's lines (docs/restore.md): one `restore-disk` a data disk and one `restore-image` a system disk, one
 * `restore-server` a server to run, `restore-progress` while it waits, and one `restore-summary`, whose
 * FleetRestoreSeconds is the fleet's time to restore.
 */
export function createRestoreLog(invocation: InvocationLog, now: () => number = Date.now): RestoreObserver {
  const log = invocation.lines;
  let lastProgress: { at: number; text: string } | undefined;
  return {
    onRetry: (retry) => invocation.onRetry(retry),
    onRestore: (result) => {
      const message = result.RestoredAs === 'image' ? 'restore-image' : 'restore-disk';
      if (result.Outcome === 'failed') log.error(message, { ...result, ...adviceNaming(RESTORE_PERMISSIONS, result) });
      else if (result.Outcome === 'creating') log.warn(message, { ...result });
      else log.info(message, { ...result });
    },
    onServer: ({ RunInstances, AttachDisks, ...server }) =>
      log.info('restore-server', {
        ...server,
        ...Object.fromEntries(Object.entries(RunInstances).map(([key, value]) => [`RunInstances.${key}`, value])),
        AttachDisks: AttachDisks.map((disk) => disk.DiskId ?? `(${disk.SourceDiskId} not restored)`),
      }),
    onMatchedNothing: (entry) =>
      log.error('restore-matched-nothing', {
        ...entry,
        Code: 'RestoreMatchedNothing',
        Advice: diskCallAdvice('RestoreMatchedNothing', 'invalid-request'),
      }),
    onNote: (note) => log.warn('restore-note', note),
    onProgress: (progress) => {
      const text = `${progress.Available}/${progress.Creating}`;
      const at = now();
      if (lastProgress && lastProgress.text === text && at - lastProgress.at < PROGRESS_EVERY_MS) return;
      lastProgress = { at, text };
      log.info('restore-progress', { ...progress });
    },
    onRefused: ({ failure, trigger }) =>
      log.error('restore-refused', {
        Code: failure.Code,
        Class: failure.errorClass,
        Message: failure.Message,
        Trigger: trigger,
        Advice: diskCallAdvice(failure.Code, failure.errorClass),
      }),
    onSummary: (summary) =>
      (summary.Failed + summary.Creating + summary.MatchedNothing > 0 ? log.error : log.info)('restore-summary', {
        ...summary,
        DurationMs: invocation.durationMs(),
      }),
  };
}
