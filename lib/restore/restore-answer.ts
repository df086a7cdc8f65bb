import { diskCallFailure } from '../ecs/disk-call-errors';
import { CopyFailure } from '../failures/errors';
import type { Answer } from '../fc/answer';
import type { RestoreReport } from './restore-report';

/**
 * A restore's report, answered to the direct invocation (the only way in): the report when every selected disk is
 * restored (or planned, in a dry run); else a rejection, RestoreFailed (class `incomplete`), caused by the first part
 * that failed, or by a disk still being made, so that FC's retry (the same event: the same restore, which makes nothing
 * twice) waits for it, and its failure destination hears of it.
 */
export function answerRestore(report: RestoreReport): Answer<RestoreReport> {
  const failed = report.Restores.filter((result) => result.Outcome === 'failed');
  const creating = report.Restores.filter((result) => result.Outcome === 'creating');
  if (failed.length === 0 && creating.length === 0 && report.MatchedNothing.length === 0) return { kind: 'value', value: report };
  const [first] = failed;
  const [making] = creating;
  const [unmatched] = report.MatchedNothing;
  const cause = first
    ? new CopyFailure({ Code: first.Code, Message: first.Message, errorClass: first.Class, RequestId: first.RequestId })
    : unmatched
      ? diskCallFailure({
          Code: 'RestoreMatchedNothing',
          Message: `${unmatched.Field} ${unmatched.Entry} matched no disk with a copy in ${report.Summary.DestinationRegionId}`,
        })
      : diskCallFailure({ Code: 'RestoreStillCreating', Message: making?.Reason ?? 'a disk or image is still being made' });
  const parts = [
    ...(failed.length > 0
      ? [`${failed.length} of ${report.Restores.length} disks failed (${[...new Set(failed.map((result) => result.Code))].join(', ')})`]
      : []),
    ...(creating.length > 0 ? [`${creating.length} still being made: run the same restore again to wait for them`] : []),
    ...(report.MatchedNothing.length > 0
      ? [`${report.MatchedNothing.map((entry) => `${entry.Field} ${entry.Entry}`).join(', ')} matched no disk with a copy`]
      : []),
  ];
  return { kind: 'rejected', failure: diskCallFailure({ Code: 'RestoreFailed', Message: parts.join('; '), cause }) };
}
