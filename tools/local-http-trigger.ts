// A local stand-in for an FC 3.0 HTTP trigger with authType `function`: it checks each request's signature with the
// verifier written from FC's documentation (acs3-verifier.ts), turns the request into the event FC passes to a
// built-in runtime's handler, invokes the function and sends its answer back. The integration test of `npm run call`
// runs against it; nothing here reaches a real FC endpoint.
// Event format: https://www.alibabacloud.com/help/en/functioncompute/fc/http-trigger-invoking-function
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as z from 'zod/mini';
import { type ReceivedRequest, type Verdict, type VerifierKey, verifyRequest } from './acs3-verifier';

/** FC's limit for a synchronous invocation's request body is far larger; the function itself accepts 64 KB. */
const MAX_BODY_BYTES = 6 * 1024 * 1024;

export interface LocalHttpTriggerOptions {
  /** The AccessKeys allowed to invoke the function (fc:InvokeFunction, in FC's terms). */
  keys: readonly VerifierKey[];
  /** Runs the function on one event, as FC's runtime does: `handler(event, context)`. */
  invoke: (event: Buffer) => Promise<unknown>;
  now?: () => number;
  port?: number;
  /**
   * Answered to `GET /_local/trigger` from this machine, before any signature check, so that `npm run call` signs
   * with it without an export (`npm run trigger-local`): a local example key, never a real one.
   */
  discoverableKey?: VerifierKey;
}

/** What `GET /_local/trigger` answers as `Service`. */
export const LOCAL_TRIGGER_SERVICE = 'snapshot-copy trigger-local';

/** A request as the trigger received it, with what the verifier said about it. */
export interface ReceivedCall extends ReceivedRequest {
  verdict: Verdict;
}

export interface LocalHttpTrigger {
  /** `http://127.0.0.1:<port>`: the trigger URL, to which the function's paths (/copies ...) are appended. */
  url: string;
  calls: ReceivedCall[];
  close: () => Promise<void>;
}

/** The answer of an HTTP-triggered function in FC 3.0's format. */
const HttpAnswerSchema = z.object({
  statusCode: z.number(),
  headers: z.optional(z.record(z.string(), z.string())),
  body: z.optional(z.string()),
  isBase64Encoded: z.optional(z.boolean()),
});

export async function startLocalHttpTrigger(options: LocalHttpTriggerOptions): Promise<LocalHttpTrigger> {
  const now = options.now ?? Date.now;
  const calls: ReceivedCall[] = [];

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const discoverable = options.discoverableKey;
    if (
      discoverable !== undefined &&
      request.method === 'GET' &&
      request.url === '/_local/trigger' &&
      isLoopback(request.socket.remoteAddress)
    ) {
      return send(response, 200, {
        Service: LOCAL_TRIGGER_SERVICE,
        AccessKeyId: discoverable.accessKeyId,
        AccessKeySecret: discoverable.accessKeySecret,
      });
    }
    const body = await readBody(request);
    if (body === undefined) return send(response, 413, { Code: 'PayloadTooLarge', Message: `the body is over ${MAX_BODY_BYTES} bytes` });
    const received: ReceivedRequest = { method: request.method ?? 'GET', target: request.url ?? '/', headers: request.headers };
    const verdict = verifyRequest(received, options.keys, { now: now() });
    calls.push({ ...received, verdict });
    // FC answers 403 to a request whose Authorization is missing or wrong, before the function runs
    // (https://www.alibabacloud.com/help/en/functioncompute/fc-2-0/developer-reference/signature-authentication).
    if (!verdict.ok) return send(response, 403, { Code: verdict.Code, Message: verdict.Message });

    let answer: unknown;
    try {
      answer = await options.invoke(Buffer.from(JSON.stringify(httpTriggerEvent(request, body, now()))));
    } catch {
      // What the function threw stays in its log: the message of an unvetted error is not for the caller.
      return send(response, 502, { Code: 'UnhandledInvocationError', Message: 'the function failed; see its log' });
    }
    const http = HttpAnswerSchema.safeParse(answer);
    if (!http.success) return send(response, 200, answer);
    response.writeHead(http.data.statusCode, http.data.headers ?? {});
    response.end(Buffer.from(http.data.body ?? '', http.data.isBase64Encoded ? 'base64' : 'utf8'));
  }

  const server = createServer((request, response) => {
    serve(request, response).catch(() => {
      if (!response.headersSent) send(response, 500, { Code: 'InternalError', Message: 'the local trigger failed' });
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

function send(response: ServerResponse, statusCode: number, body: unknown): void {
  response.writeHead(statusCode, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += bytes.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

/** The event FC 3.0 hands a built-in runtime for an HTTP request (the page cited at the top shows one). */
function httpTriggerEvent(request: IncomingMessage, body: Buffer, now: number) {
  const target = request.url ?? '/';
  const queryStart = target.indexOf('?');
  const rawPath = queryStart === -1 ? target : target.slice(0, queryStart);
  // A parameter given twice arrives as "value1,value2", as FC's sample event shows.
  const queryParameters = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(queryStart === -1 ? '' : target.slice(queryStart + 1))) {
    joinValue(queryParameters, name, value);
  }
  // Header names arrive in the case the client sent (rawHeaders keeps it); repeated headers are joined.
  const headers = new Map<string, string>();
  for (let index = 0; index + 1 < request.rawHeaders.length; index += 2) {
    joinValue(headers, request.rawHeaders[index] ?? '', request.rawHeaders[index + 1] ?? '');
  }
  const text = new TextDecoder('utf-8', { fatal: true });
  let decoded: string | undefined;
  try {
    decoded = text.decode(body);
  } catch {
    decoded = undefined;
  }
  const host = request.headers.host ?? '127.0.0.1';
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    path = rawPath;
  }
  return {
    version: 'v1',
    rawPath,
    body: decoded ?? body.toString('base64'),
    isBase64Encoded: decoded === undefined,
    headers: Object.fromEntries(headers),
    queryParameters: Object.fromEntries(queryParameters),
    requestContext: {
      accountId: '1234567890123456',
      domainName: host,
      domainPrefix: host.split('.')[0] ?? host,
      http: {
        method: request.method ?? 'GET',
        path,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: request.headers['user-agent'] ?? '',
      },
      requestId: `1-${randomUUID()}`,
      time: new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      timeEpoch: String(now),
    },
  };
}

function joinValue(values: Map<string, string>, name: string, value: string): void {
  const earlier = values.get(name);
  values.set(name, earlier === undefined ? value : `${earlier},${value}`);
}
