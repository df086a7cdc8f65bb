import type { RunReport } from '../copy/copy-run';
import type { LockResult, LocksStop } from '../copy/lock-result';
import type { RpoStatus } from '../copy/rpo-report';
import type { RunVerdict, SingleCopyAnswer } from '../copy/run-verdict';
import { stepIncomplete } from '../copy/step-verdict';
import { CopyFailure } from '../failures/errors';

/** The locks' counts in the run's summary (and so in the `run-summary` line). */
export interface LockSummary {
  Locked: number;
  LockPlanned: number;
  LockSkipped: number;
  LockLeft: number;
  LockFailed: number;
}

export function lockSummary(results: readonly LockResult[]): LockSummary {
  const count = (outcome: LockResult['Outcome']) => results.filter((result) => result.Outcome === outcome).length;
  return {
    Locked: count('locked'),
    LockPlanned: count('planned'),
    LockSkipped: count('skipped'),
    LockLeft: count('left'),
    LockFailed: count('failed'),
  };
}

/**
 * A copy's lock that failed, or a destination whose locks could not be read, fails a timer or direct invocation whose
 * copies went well (CopyLockFailed, class `incomplete`), so that FC's failure destination tells the operator: the
 * copies stand, unlocked until the next run locks them. When the run failed already (CopyRunFailed: a pair outside
 * RPO, which may be by its newest locked copy alone; KeepCopiesFailed), its failure's message names what the locks
 * did too (`protectedMisses`: the pairs whose copied data is within RPO and whose locked data is not). An HTTP caller
 * keeps the copy's answer, with its copy's lock in it (`Lock`; a run's report carries every lock in `Locks`).
 */
export function locksVerdict(
  verdict: RunVerdict,
  locks: { results: readonly LockResult[]; stops: readonly LocksStop[]; protectedMisses: readonly RpoStatus[] },
  fromHttpCaller: boolean,
): RunVerdict {
  if (!verdict.ok && verdict.kind === 'failure') return verdict;
  const answer = withCopyLock(verdict.answer, locks.results);
  const failed = locks.results.filter((result) => result.Outcome === 'failed');
  const [first] = failed;
  const [stop] = locks.stops;
  const lockParts = [
    ...(first !== undefined ? [`${failed.length} copy lock(s) failed (${first.Code})`] : []),
    ...(stop !== undefined
      ? [`the locks of ${locks.stops.length} destination(s) could not be read or confirmed (${stop.DestinationRegionId}: ${stop.Code})`]
      : []),
  ];
  if (fromHttpCaller || (verdict.ok && lockParts.length === 0)) return { ...verdict, answer };
  if (!verdict.ok) {
    const parts = [...protectedMissesPart(locks.protectedMisses), ...lockParts];
    if (parts.length === 0) return { ...verdict, answer };
    const { Code, Message, errorClass, RequestId, cause } = verdict.failure;
    const failure = new CopyFailure({ Code, Message: `${Message}; ${parts.join('; ')}`, errorClass, RequestId, cause });
    return { ...verdict, answer, failure };
  }
  // Caused by the first lock that failed, else by the first destination's.
  return stepIncomplete('CopyLockFailed', lockParts, first ?? stop, answer);
}

/** `1 of them by its newest locked copy alone: d-1 in us-east-1 (locked data 30.5 h old)`, or nothing. */
function protectedMissesPart(misses: readonly RpoStatus[]): string[] {
  if (misses.length === 0) return [];
  const named = misses
    .slice(0, 5)
    .map(
      (status) =>
        `${status.DiskId} in ${status.DestinationRegionId} (${status.ProtectedDataAgeHours == null ? 'no locked copy' : `locked data ${status.ProtectedDataAgeHours} h old`})`,
    );
  return [`${misses.length} of them by their newest locked copy alone: ${named.join(', ')}${misses.length > 5 ? ', …' : ''}`];
}

/** One copy's answer with its lock; a run's report as it is (its Locks are in it). */
function withCopyLock(answer: SingleCopyAnswer | RunReport, results: readonly LockResult[]): SingleCopyAnswer | RunReport {
  if ('Summary' in answer) return answer;
  const Lock = results.find((result) => result.SnapshotId === answer.SnapshotId);
  return Lock === undefined ? answer : { ...answer, Lock };
}

/** The report with the locks: their counts and ECS calls in the summary, each lock, and the destinations that stopped. */
export function withLockCounts(
  report: RunReport,
  results: readonly LockResult[],
  stops: readonly LocksStop[],
  apiCalls: number,
): RunReport {
  return {
    ...report,
    Summary: { ...report.Summary, ...lockSummary(results), ApiCalls: report.Summary.ApiCalls + apiCalls },
    Locks: [...results],
    ...(stops.length > 0 ? { LocksStopped: [...stops] } : {}),
  };
}
