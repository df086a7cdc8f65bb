import type { CopyFailure } from '../failures/errors';
import { failureResponse, type HttpResponse } from './http-response';

/**
 * What a use case answers, before FC's side shapes it: an HTTP response, the value a timer or direct invocation
 * resolves with, or a rejection with its failure, so that FC counts the invocation failed, retries it and tells its
 * failure destination. A use case never throws the rejection itself: the entry does (`settle`), with the one
 * CopySnapshotFailed class of dist/index.js, whichever file of dist/ the use case is in.
 */
export type Answer<Value> =
  | { kind: 'http'; response: HttpResponse }
  | { kind: 'value'; value: Value }
  | { kind: 'rejected'; failure: CopyFailure };

/** Thrown to FC for a failed timer or direct invocation, so that FC counts it failed and retries or alerts. */
export class CopySnapshotFailed extends Error {
  override readonly name = 'CopySnapshotFailed';
  constructor(
    message: string,
    readonly failure: CopyFailure,
  ) {
    super(message, { cause: failure });
  }
}

/**
 * The rejection's message, which FC logs and its failure destination gets: `Code (class): Message [ECS RequestId …]`.
 * A failure named for the parts of a use case that failed (class `incomplete`: CopyRunFailed, RestoreDrillFailed,
 * KeepCopiesFailed) is `Code: Message`, its Message counting the parts, each of which has its own log line.
 */
export function describeFailure(failure: CopyFailure): string {
  if (failure.errorClass === 'incomplete') return `${failure.Code}: ${failure.Message}`;
  return `${failure.Code} (${failure.errorClass}): ${failure.Message}${failure.RequestId ? ` [ECS RequestId ${failure.RequestId}]` : ''}`;
}

/** A failure that ended the invocation: the HTTP answer of its class, or a rejection. */
export function failureAnswer(failure: CopyFailure, http: boolean, fcRequestId: string | undefined): Answer<never> {
  if (http) return { kind: 'http', response: failureResponse(failure, fcRequestId) };
  return { kind: 'rejected', failure };
}

/** What the handler resolves with, or the CopySnapshotFailed it rejects with. */
export function settle<Value>(answer: Answer<Value>): HttpResponse | Value {
  if (answer.kind === 'http') return answer.response;
  if (answer.kind === 'value') return answer.value;
  throw new CopySnapshotFailed(describeFailure(answer.failure), answer.failure);
}
