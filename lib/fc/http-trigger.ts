import { httpStatusFor } from '../ecs/error-classes';
import { type CopyFailure, ValidationError } from '../ecs/errors';
import { decodeUtf8, type HttpTriggerEvent } from './invocation-event';

/** FC 3.0's HTTP trigger answer format (https://www.alibabacloud.com/help/en/functioncompute/fc/http-trigger-invoking-function). */
export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: false;
}

const COPIES_PATH = '/copies';
/** `POST /restore-drills` runs a restore drill (docs/restore-drills.md). */
const DRILLS_PATH = '/restore-drills';
/** A copy request is well under 1 KB; anything far larger is not one. */
export const MAX_BODY_BYTES = 64 * 1024;

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

function headerValue(headers: Record<string, string> | undefined, name: string): string | undefined {
  const wanted = name.toLowerCase();
  // FC passes header names in whatever case the client sent.
  return Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === wanted)?.[1];
}

function requestPath(event: HttpTriggerEvent): string {
  const raw = event.rawPath ?? event.requestContext.http.path ?? '/';
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    path = raw;
  }
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** What an HTTP trigger event asks for. */
export type HttpRoute =
  | { kind: 'copy'; body: unknown }
  | { kind: 'drill'; body: unknown }
  | { kind: 'status'; SnapshotId: string; RegionId: string | undefined }
  | { kind: 'refused'; response: HttpResponse; failure: ValidationError };

/**
 * Routes an HTTP trigger event: `POST /copies` with a JSON body copies; `GET /copies/<SnapshotId>?RegionId=<region of
 * the copy>` reads a copy's status; anything else gives the answer to send (404, 405, 413, 415, 400).
 */
export function routeHttpRequest(event: HttpTriggerEvent): HttpRoute {
  const refuse = (statusCode: number, rule: string, field = 'body', headers: Record<string, string> = {}): HttpRoute => {
    const failure = new ValidationError([{ field, rule }], 'InvalidEvent');
    const response = failureResponse(failure, event.requestContext.requestId);
    return { kind: 'refused', response: { ...response, statusCode, headers: { ...response.headers, ...headers } }, failure };
  };
  const path = requestPath(event);
  const method = event.requestContext.http.method.toUpperCase();
  const status = /^\/copies\/([^/]+)$/.exec(path);
  if (status) {
    if (method !== 'GET') return refuse(405, `${COPIES_PATH}/<SnapshotId> accepts GET only`, 'method', { allow: 'GET' });
    const RegionId = Object.entries(event.queryParameters ?? {}).find(([key]) => key === 'RegionId')?.[1];
    return { kind: 'status', SnapshotId: status[1] ?? '', RegionId };
  }
  const kind = path === DRILLS_PATH ? 'drill' : 'copy';
  if (path !== COPIES_PATH && path !== DRILLS_PATH)
    return refuse(
      404,
      `no such resource; POST ${COPIES_PATH} copies, GET ${COPIES_PATH}/<SnapshotId>?RegionId=<region> reads a copy, POST ${DRILLS_PATH} runs a restore drill`,
      'path',
    );
  if (method !== 'POST') return refuse(405, `${path} accepts POST only`, 'method', { allow: 'POST' });
  const contentType = headerValue(event.headers, 'content-type');
  if (contentType !== undefined && !/^application\/(?:[\w.+-]+\+)?json\b/i.test(contentType)) {
    return refuse(415, 'must be sent as Content-Type: application/json', 'Content-Type');
  }

  const raw = event.body ?? '';
  let bytes: Buffer;
  if (event.isBase64Encoded) {
    if (raw.length > Math.ceil((MAX_BODY_BYTES * 4) / 3) + 4) return refuse(413, `must be at most ${MAX_BODY_BYTES} bytes`);
    if (!BASE64.test(raw)) return refuse(400, 'is marked base64-encoded but is not valid base64');
    bytes = Buffer.from(raw, 'base64');
  } else {
    bytes = Buffer.from(raw, 'utf8');
  }
  if (bytes.length > MAX_BODY_BYTES) return refuse(413, `must be at most ${MAX_BODY_BYTES} bytes`);
  if (bytes.length === 0) {
    return refuse(400, `is required: a JSON object with ${kind === 'drill' ? 'RestoreDrill' : 'CopySnapshot'} parameters`);
  }
  const text = decodeUtf8(bytes);
  if (text === undefined) return refuse(400, 'is not valid UTF-8');
  try {
    return { kind, body: JSON.parse(text) };
  } catch {
    return refuse(400, 'is not valid JSON');
  }
}
