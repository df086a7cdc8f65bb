import { httpStatusFor } from '../ecs/error-classes';
import { type CopyFailure, ValidationError } from '../ecs/errors';

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

/** The status of the failure's class, or of its Code where that says more (lib/ecs/error-classes.ts). */
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
    default:
      return "ECS answered with an error this function does not know; see the function's log.";
  }
}
