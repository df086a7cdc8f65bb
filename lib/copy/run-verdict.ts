import { classifiedFailure } from '../ecs/classify-ecs-error';
import { CopyFailure } from '../failures/errors';
import { type CopyOrder, isSingleCopy } from './copy-order';
import type { CopyNotMade, CopyResult } from './copy-plan';
import type { LockResult } from './lock-result';
import type { RunReport } from './run-report';

/** The answer to one copy asked by its SnapshotId to one destination: CopySnapshot's response, with what it was. */
export interface SingleCopyAnswer {
  /** The copy, in DestinationRegionId: made now, or found (Outcome `already-present`). */
  SnapshotId: string | undefined;
  RequestId: string | undefined;
  Outcome: CopyResult['Outcome'];
  SourceSnapshotId: string;
  RegionId: string;
  DestinationRegionId: string;
  DestinationSnapshotName: string | undefined;
  RetentionDays: number | undefined;
  ClientToken: string | undefined;
  Attempts: number | undefined;
  /** Said of a copy found that another tool made (no provenance tags): ANOTHER_TOOL. */
  MadeBy?: string;
  /** With a Lock: the copy's lock, set or failed (lib/copy-locks). */
  Lock?: LockResult;
}

/**
 * Whether the run did its job, and what it answers:
 * - `ok`: the one copy's answer, or the run's report;
 * - `failure`: the failure alone is the answer (the one copy asked for failed, or the selection matched nothing at
 *   all): HTTP answers with it, a timer or direct invocation rejects with it (`Code (class): Message`);
 * - `incomplete`: the run did not do all it was asked. HTTP answers with the report (`answer`), with the status of
 *   the first part that failed (`firstFailure`; 200 when only RPO is missed); a timer or direct invocation rejects
 *   with the failure named for the whole (CopyRunFailed, KeepCopiesFailed: class `incomplete`) as `Code: Message`.
 */
export type RunVerdict =
  | { ok: true; answer: SingleCopyAnswer | RunReport }
  | { ok: false; kind: 'failure'; failure: CopyFailure }
  | {
      ok: false;
      kind: 'incomplete';
      failure: CopyFailure;
      answer: SingleCopyAnswer | RunReport;
      firstFailure: CopyFailure | undefined;
    };

/**
 * A result that means the run did not do what it was asked: a failed copy, or an exact pick not copied now. An exact
 * pick that must wait (`not-ready`) or was not started (`left`) fails the invocation, so that FC's async retry
 * copies it, but keeps its own name in the log line, the verdict's message and the answer: it did not fail.
 */
export function isFailure(result: CopyResult, order: CopyOrder): boolean {
  return result.Outcome === 'failed' || (order.exactPicksOnly && (result.Outcome === 'not-ready' || result.Outcome === 'left'));
}

function copyFailureOf(result: CopyNotMade): CopyFailure {
  const failure = new CopyFailure({ Code: result.Code, Message: result.Message, errorClass: result.Class, RequestId: result.RequestId });
  // A result decided before any CopySnapshot call (a pick not found, say) made none.
  failure.attempts = result.Attempts ?? 0;
  return failure;
}

/**
 * Whether the run did its job: every requested copy exists or is on its way, and (for a fleet) every protected disk
 * is within RPO. A run that did not fails the invocation, so that FC's retries and failure destination work.
 */
export function runVerdict(order: CopyOrder, report: RunReport): RunVerdict {
  const emptySelection = selectionMatchedNothing(order, report);
  const failures = report.Copies.filter((result): result is CopyNotMade => isFailure(result, order));
  if (emptySelection && report.Copies.length === 0 && report.Rpo.length === 0) {
    // Nothing matched at all: the failure is the whole answer (HTTP 400, or the rejection's message).
    return { ok: false, kind: 'failure', failure: emptySelection };
  }
  if (isSingleCopy(order) && report.Copies.length === 1) {
    const [result] = report.Copies;
    if (result && failures.length === 0) {
      return {
        ok: true,
        answer: {
          SnapshotId: 'SnapshotId' in result ? result.SnapshotId : undefined,
          RequestId: 'RequestId' in result ? result.RequestId : undefined,
          Outcome: result.Outcome,
          SourceSnapshotId: result.SourceSnapshotId,
          RegionId: result.RegionId,
          DestinationRegionId: result.DestinationRegionId,
          DestinationSnapshotName: result.DestinationSnapshotName,
          RetentionDays: result.RetentionDays,
          ClientToken: result.ClientToken,
          Attempts: result.Attempts,
          ...('MadeBy' in result && result.MadeBy !== undefined ? { MadeBy: result.MadeBy } : {}),
        },
      };
    }
    const [failed] = failures;
    if (failed) return { ok: false, kind: 'failure', failure: copyFailureOf(failed) };
  }
  const outsideRpo = order.DryRun ? [] : report.Rpo.filter((status) => !status.WithinRpo);
  if (failures.length === 0 && outsideRpo.length === 0 && !emptySelection) return { ok: true, answer: report };
  const parts = [
    ...(emptySelection ? [`${emptySelection.Code}: ${emptySelection.Message}`] : []),
    ...FAILING_OUTCOMES.flatMap((outcome) => countedByCode(failures, outcome, report.Copies.length)),
    ...(outsideRpo.length > 0
      ? [
          `${outsideRpo.length} disk and destination pair(s) outside RPO: ${outsideRpo
            .slice(0, 5)
            .map(
              (status) =>
                `${status.DiskId} in ${status.DestinationRegionId} (${status.DataAgeHours === null ? 'no copy' : `${status.DataAgeHours} h old`})`,
            )
            .join(', ')}${outsideRpo.length > 5 ? ', …' : ''}`,
        ]
      : []),
  ];
  // The answer's status is the selection's own error (the caller must fix it: 400), then a copy that failed, then one
  // that only has to wait.
  const first = failures.find((result) => result.Outcome === 'failed') ?? failures[0];
  const firstFailure = emptySelection ?? (first ? copyFailureOf(first) : undefined);
  return {
    ok: false,
    kind: 'incomplete',
    failure: classifiedFailure({ Code: 'CopyRunFailed', Message: parts.join('; '), cause: firstFailure }),
    answer: report,
    firstFailure,
  };
}

/**
 * Entries of InstanceIds, DiskIds or SourceTag that matched no snapshot fail the run, unless the order allows it:
 * nothing protects silently nothing. The entries that matched are copied all the same (docs/empty-selections.md).
 */
function selectionMatchedNothing(order: CopyOrder, report: RunReport): CopyFailure | undefined {
  if (order.AllowEmpty || report.MatchedNothing.length === 0) return undefined;
  const { SnapshotType, SourceTag } = order.selection;
  const narrowed = [
    ...(SnapshotType !== 'all' ? [`SnapshotType ${SnapshotType}`] : []),
    ...(SourceTag.length > 0 ? [`SourceTag ${SourceTag.map((tag) => `${tag.Key}=${tag.Value}`).join(',')}`] : []),
  ];
  const entries = (['InstanceIds', 'DiskIds', 'SourceTag'] as const)
    .map((Field) => [Field, report.MatchedNothing.filter((entry) => entry.Field === Field).map((entry) => entry.Entry)] as const)
    .filter(([, named]) => named.length > 0)
    .map(([Field, named]) => `${Field} ${named.slice(0, 10).join(', ')}${named.length > 10 ? ` and ${named.length - 10} more` : ''}`)
    .join('; ');
  return classifiedFailure({
    Code: 'SelectionMatchedNothing',
    Message: `${entries} matched no snapshot in ${order.RegionId}${narrowed.length > 0 ? ` (${narrowed.join('; ')})` : ''}; set "AllowEmpty": true if that is expected`,
  });
}

/** The outcomes that can fail a run, in the order its message names them: each by the name its log line has. */
const FAILING_OUTCOMES = ['failed', 'not-ready', 'left'] as const;

/** `2 of 8 copies failed (EcsTimeout ×1, Throttling.User ×1)`, or nothing when no result has the outcome. */
function countedByCode(failures: readonly CopyNotMade[], outcome: CopyResult['Outcome'], total: number): string[] {
  const codes = new Map<string, number>();
  for (const result of failures) {
    if (result.Outcome !== outcome) continue;
    const { Code } = result;
    codes.set(Code, (codes.get(Code) ?? 0) + 1);
  }
  if (codes.size === 0) return [];
  const count = [...codes.values()].reduce((sum, n) => sum + n, 0);
  return [`${count} of ${total} copies ${outcome} (${[...codes].map(([code, n]) => `${code} ×${n}`).join(', ')})`];
}
