import type { CopyFailure } from '../ecs/errors';
import type { CopyOrder } from '../request/copy-order';
import type { RunReport } from '../run/copy-run';
import type { DrillReport } from '../run/restore-drill/drill-report';
import type { RunVerdict, SingleCopyAnswer } from '../run/run-verdict';
import { failureResponse, type HttpResponse, httpStatusOf, jsonResponse } from './http-trigger';

/** What the function resolves with: an HTTP answer, or a timer's or direct invocation's result. */
export type Answer = HttpResponse | SingleCopyAnswer | RunReport | DrillReport;

/** Thrown to FC for a failed timer or direct invocation, so that FC counts it failed and retries or alerts. */
export class CopySnapshotFailed extends Error {
  override readonly name = 'CopySnapshotFailed';
  constructor(
    message: string,
    readonly failure: CopyFailure | undefined,
  ) {
    super(message, failure === undefined ? undefined : { cause: failure });
  }
}

/** `Code (class): Message [ECS RequestId …]`: the rejection's message, which FC logs and its failure destination gets. */
function describeFailure(failure: CopyFailure): string {
  return `${failure.Code} (${failure.errorClass}): ${failure.Message}${failure.RequestId ? ` [ECS RequestId ${failure.RequestId}]` : ''}`;
}

/**
 * A run's verdict, answered as the event's source expects: over HTTP, 202 (200 for a dry run) or the failure's
 * status; to a timer or direct invocation, the answer, or a CopySnapshotFailed rejection when the run failed.
 */
export function answerVerdict(verdict: RunVerdict, order: CopyOrder, http: boolean, fcRequestId: string | undefined): Answer {
  if (verdict.ok) return http ? jsonResponse(order.DryRun ? 200 : 202, verdict.answer) : verdict.answer;
  if (!http) throw new CopySnapshotFailed(verdict.failure ? describeFailure(verdict.failure) : verdict.message, verdict.failure);
  if (verdict.failure) return failureResponse(verdict.failure, fcRequestId);
  // A run answers with its report; the status is the first failed copy's (else the first exact pick that must wait
  // or was left: 409 for not-ready), or 200 when only RPO is missed.
  return jsonResponse(verdict.firstFailure ? httpStatusOf(verdict.firstFailure) : 200, verdict.answer);
}

/** A failure that ended the invocation: the HTTP answer of its class, or a CopySnapshotFailed rejection. */
export function answerFailure(failure: CopyFailure, http: boolean, fcRequestId: string | undefined): HttpResponse {
  if (http) return failureResponse(failure, fcRequestId);
  throw new CopySnapshotFailed(describeFailure(failure), failure);
}
