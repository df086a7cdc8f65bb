import { ValidationError } from '../failures/errors';
import { failureResponse, type HttpResponse } from './http-response';
import { decodeUtf8, type HttpTriggerEvent } from './invocation-event';

/** A copy request is well under 1 KB; anything far larger is not one. */
export const MAX_BODY_BYTES = 64 * 1024;

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

/**
 * One HTTP route of a use case (the entry's route table lists them): its method and path, where a `{Name}` segment is
 * a path parameter, and how the 404 answer names it.
 */
export interface HttpPath {
  method: 'GET' | 'POST';
  /** `/copies`, or `/copies/{SnapshotId}`. */
  path: string;
  /** What the route does, as the 404 answer lists it after its method and path: `copies`, `reads a copy`. */
  says: string;
  /** A GET's query, as the 404 answer shows it: `RegionId=<region>`. */
  query?: string;
  /** What a POST's JSON body holds, for the answer to an empty one: `CopySnapshot`. */
  parameters?: string;
}

/** What an HTTP request asks of the route it matched (`route`: its index in the table), or the answer refusing it. */
export type HttpRequest =
  | { kind: 'body'; route: number; body: unknown }
  | { kind: 'read'; route: number; pathParameters: Record<string, string>; query: Record<string, string> }
  | { kind: 'refused'; response: HttpResponse; failure: ValidationError };

/** `/copies/{SnapshotId}` as a pattern, each `{Name}` one path segment, and the names in order. */
function pathPattern(path: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = path
    .split(/(\{\w+\})/)
    .map((part) => {
      const name = /^\{(\w+)\}$/.exec(part)?.[1];
      if (name === undefined) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      names.push(name);
      return '([^/]+)';
    })
    .join('');
  return { pattern: new RegExp(`^${source}$`), names };
}

/** How the answers show a route's path: `/copies/<SnapshotId>`. */
const shownPath = (route: HttpPath) => route.path.replace(/\{(\w+)\}/g, '<$1>');

/**
 * Routes an HTTP trigger event to the route of `routes` its method and path name: a GET with its path parameters and
 * query, a POST with its JSON body; anything else gives the answer to send (404, 405, 413, 415, 400).
 */
export function routeHttpRequest(event: HttpTriggerEvent, routes: readonly HttpPath[]): HttpRequest {
  const refuse = (statusCode: number, rule: string, field = 'body', headers: Record<string, string> = {}): HttpRequest => {
    const failure = new ValidationError([{ field, rule }], 'InvalidEvent');
    const response = failureResponse(failure, event.requestContext.requestId);
    return { kind: 'refused', response: { ...response, statusCode, headers: { ...response.headers, ...headers } }, failure };
  };
  const path = requestPath(event);
  const method = event.requestContext.http.method.toUpperCase();
  const matches = routes.flatMap((route, index) => {
    const { pattern, names } = pathPattern(route.path);
    const found = pattern.exec(path);
    return found ? [{ route, index, pathParameters: Object.fromEntries(names.map((name, at) => [name, found[at + 1] ?? ''])) }] : [];
  });
  const [first] = matches;
  if (first === undefined) {
    const listed = routes.map((route) => `${route.method} ${shownPath(route)}${route.query ? `?${route.query}` : ''} ${route.says}`);
    return refuse(404, `no such resource; ${listed.join(', ')}`, 'path');
  }
  const match = matches.find((candidate) => candidate.route.method === method);
  if (match === undefined) {
    const allowed = [...new Set(matches.map((candidate) => candidate.route.method))].join(', ');
    return refuse(405, `${shownPath(first.route)} accepts ${allowed} only`, 'method', { allow: allowed });
  }
  if (match.route.method === 'GET') {
    return { kind: 'read', route: match.index, pathParameters: match.pathParameters, query: { ...event.queryParameters } };
  }
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
  if (bytes.length === 0) return refuse(400, `is required: a JSON object with ${match.route.parameters ?? 'the request'} parameters`);
  const text = decodeUtf8(bytes);
  if (text === undefined) return refuse(400, 'is not valid UTF-8');
  try {
    return { kind: 'body', route: match.index, body: JSON.parse(text) };
  } catch {
    return refuse(400, 'is not valid JSON');
  }
}
