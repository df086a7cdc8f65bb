import type { ErrorClass } from '../failures/error-classes';
import { type CopyFailure, ValidationError } from '../failures/errors';

/** FC 3.0's HTTP trigger answer format (https://www.alibabacloud.com/help/en/functioncompute/fc/http-trigger-invoking-function). */
export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: false;
}

export function jsonResponse(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
    isBase64Encoded: false,
  };
}

/**
 * A failure as an HTTP answer: the status of its class, its Code and, for a client error, the message saying what
 * was wrong. A server-side failure (5xx) says only what the class means: the details are in the function's log
 * (keyed by the request ID), never a stack, a URL or internal detail in the answer (`expose = statusCode < 500`).
 */
export function failureResponse(failure: CopyFailure, requestId: string | undefined): HttpResponse {
  const statusCode = httpStatusOf(failure);
  const exposed = statusCode < 500;
  return jsonResponse(statusCode, {
    Code: failure.Code,
    Message: exposed ? failure.Message : plainServerMessage(failure),
    Class: failure.errorClass,
    ...(failure instanceof ValidationError ? { Errors: failure.issues } : {}),
    ...(failure.RequestId ? { RequestId: failure.RequestId } : {}),
    ...(requestId ? { FcRequestId: requestId } : {}),
  });
}

/** The HTTP status a failure of each class is answered with. */
export const HTTP_STATUS_BY_CLASS: Readonly<Record<ErrorClass, number>> = {
  'invalid-request': 400,
  'not-found': 404,
  'not-ready': 409,
  forbidden: 403,
  account: 403,
  throttled: 429,
  credentials: 502,
  // 503 for ECS's own ServiceUnavailable and 504 for timeouts: HTTP_STATUS_BY_CODE.
  transient: 502,
  configuration: 500,
  unknown: 502,
  internal: 500,
  // Never an HTTP answer's: an HTTP caller gets the report, with the status of the first part that failed.
  incomplete: 502,
};

/** Codes whose HTTP answer says more than their class: 503 for ECS's own outage, 504 when time ran out. */
const HTTP_STATUS_BY_CODE: Readonly<Record<string, number>> = {
  ServiceUnavailable: 503,
  EcsTimeout: 504,
  DeadlineExceeded: 504,
};

/** The HTTP status this function answers a failure with: its class's, or its Code's where that says more. */
export function httpStatusFor(Code: string, errorClass: ErrorClass): number {
  return HTTP_STATUS_BY_CODE[Code] ?? HTTP_STATUS_BY_CLASS[errorClass];
}

/** The HTTP status of a failure's answer (httpStatusFor). */
export function httpStatusOf(failure: CopyFailure): number {
  return httpStatusFor(failure.Code, failure.errorClass);
}

function plainServerMessage(failure: CopyFailure): string {
  switch (failure.errorClass) {
    case 'configuration':
      return 'The function is misconfigured; its log names the variable to fix.';
    case 'credentials':
      return "ECS refused the function's credentials; see the function's log.";
    case 'internal':
      return 'The function failed unexpectedly (a defect of its own); its log has the details under this FcRequestId.';
    case 'transient':
      return 'ECS could not be reached or answered with an error; retry the same request (same ClientToken) later.';
    case 'incomplete':
      return "Part of the request failed; the function's log has a line for each part.";
    default:
      return "ECS answered with an error this function does not know; see the function's log.";
  }
}
