import { CopyFailure } from '../ecs/errors';
import { type CopyOrder, isSingleCopy } from '../request/copy-order';
import type { CopyResult } from './copy-plan';
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
}

export type RunVerdict =
  | { ok: true; answer: SingleCopyAnswer | RunReport }
  | { ok: false; answer: RunReport | undefined; failure: CopyFailure | undefined; message: string; firstFailure: CopyFailure | undefined };

/**
 * A result that means the run did not do what it was asked: a failed copy, or an exact pick not copied now. An exact
 * pick that must wait (`not-ready`) or was not started (`left`) fails the invocation, so that FC's async retry
 * copies it, but keeps its own name in the log line, the verdict's message and the answer: it did not fail.
 */
export function isFailure(result: CopyResult, order: CopyOrder): boolean {
  return result.Outcome === 'failed' || (order.exactPicksOnly && (result.Outcome === 'not-ready' || result.Outcome === 'left'));
}

function failureOf(result: CopyResult): CopyFailure {
  const failure = new CopyFailure({
    Code: result.Code ?? 'CopyNotMade',
    Message: result.Message ?? `${result.SourceSnapshotId} was not copied to ${result.DestinationRegionId}`,
    errorClass: result.Class ?? 'unknown',
    RequestId: result.RequestId,
  });
  failure.attempts = result.Attempts ?? 0;
  return failure;
}

/**
 * Whether the run did its job: every requested copy exists or is on its way, and (for a fleet) every protected disk
 * is within RPO. A run that did not fails the invocation, so that FC's retries and failure destination work.
 */
export function runVerdict(order: CopyOrder, report: RunReport): RunVerdict {
  const failures = report.Copies.filter((result) => isFailure(result, order));
  if (isSingleCopy(order) && report.Copies.length === 1) {
    const [result] = report.Copies;
    if (result && failures.length === 0) {
      return {
        ok: true,
        answer: {
          SnapshotId: result.SnapshotId,
          RequestId: result.RequestId,
          Outcome: result.Outcome,
          SourceSnapshotId: result.SourceSnapshotId,
          RegionId: result.RegionId,
          DestinationRegionId: result.DestinationRegionId,
          DestinationSnapshotName: result.DestinationSnapshotName,
          RetentionDays: result.RetentionDays,
          ClientToken: result.ClientToken,
          Attempts: result.Attempts,
          ...(result.MadeBy !== undefined ? { MadeBy: result.MadeBy } : {}),
        },
      };
    }
    if (result) {
      const failure = failureOf(result);
      return {
        ok: false,
        answer: undefined,
        failure,
        firstFailure: failure,
        message: `${failure.Code} (${failure.errorClass}): ${failure.Message}`,
      };
    }
  }
  const outsideRpo = order.DryRun ? [] : report.Rpo.filter((status) => !status.WithinRpo);
  if (failures.length === 0 && outsideRpo.length === 0) return { ok: true, answer: report };
  const parts = [
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
  // The answer's status is a copy that failed, when one did, before one that only has to wait.
  const first = failures.find((result) => result.Outcome === 'failed') ?? failures[0];
  return {
    ok: false,
    answer: report,
    failure: undefined,
    firstFailure: first ? failureOf(first) : undefined,
    message: `CopyRunFailed: ${parts.join('; ')}`,
  };
}

/** The outcomes that can fail a run, in the order its message names them: each by the name its log line has. */
const FAILING_OUTCOMES = ['failed', 'not-ready', 'left'] as const;

/** `2 of 8 copies failed (EcsTimeout ×1, Throttling.User ×1)`, or nothing when no result has the outcome. */
function countedByCode(failures: readonly CopyResult[], outcome: CopyResult['Outcome'], total: number): string[] {
  const codes = new Map<string, number>();
  for (const result of failures) {
    if (result.Outcome !== outcome) continue;
    const Code = result.Code ?? 'CopyNotMade';
    codes.set(Code, (codes.get(Code) ?? 0) + 1);
  }
  if (codes.size === 0) return [];
  const count = [...codes.values()].reduce((sum, n) => sum + n, 0);
  return [`${count} of ${total} copies ${outcome} (${[...codes].map(([code, n]) => `${code} ×${n}`).join(', ')})`];
}
