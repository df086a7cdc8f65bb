import { type Answer, failureAnswer } from '../fc/answer';
import { httpStatusOf, jsonResponse } from '../fc/http-response';
import type { CopyOrder } from './copy-order';
import type { RunReport } from './copy-run';
import type { RunVerdict, SingleCopyAnswer } from './run-verdict';

/**
 * A run's verdict, answered as the event's source expects: over HTTP, 202 (200 for a dry run) or the failure's
 * status; to a timer or direct invocation, the answer, or a rejection when the run failed (with the copy's failure,
 * or CopyRunFailed: run-verdict.ts).
 */
export function answerVerdict(
  verdict: RunVerdict,
  order: CopyOrder,
  http: boolean,
  fcRequestId: string | undefined,
): Answer<SingleCopyAnswer | RunReport> {
  if (verdict.ok)
    return http
      ? { kind: 'http', response: jsonResponse(order.DryRun ? 200 : 202, verdict.answer) }
      : { kind: 'value', value: verdict.answer };
  // A timer or direct invocation rejects with the failure: the copy's, or CopyRunFailed (KeepCopiesFailed).
  if (verdict.kind === 'failure' || !http) return failureAnswer(verdict.failure, http, fcRequestId);
  // A run answers with its report; the status is the first failed copy's (else the first exact pick that must wait
  // or was left: 409 for not-ready), or 200 when only RPO is missed.
  return { kind: 'http', response: jsonResponse(verdict.firstFailure ? httpStatusOf(verdict.firstFailure) : 200, verdict.answer) };
}
