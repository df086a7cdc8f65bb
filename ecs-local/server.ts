import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import * as z from 'zod';
import type { ActionResult } from './action';
import { readBody } from './body';
import { type CallStart, type HttpTransport, recordedParams } from './call-record';
import { CloudControls } from './cloud-controls';
import { handleControl } from './control';
import { ZoneOfferSchema } from './disk';
import { type EngineRequest, injectedError, LocalCloud, validateCredential } from './engine';
import { type EcsError, ecsError, errorBody, hostIdFor, newRequestId } from './errors';
import type { Fault } from './faults';
import { FcEndpoint } from './fc-http';
import { FC_API_VERSION } from './invoke-function';
import type { LocalEcs, LocalEcsOptions } from './local-ecs';
import { decodeUtf8, parseFormEncoded } from './params';
import { productFacts, rpcProductOfPath } from './products';
import { proxyErrorPage } from './proxy-page';
import { validateRandomFaultOptions } from './random-faults';
import { type LocalEcsCredential, RequestAuthenticator } from './signature';

const JSON_CONTENT_TYPE = 'application/json;charset=utf-8';
const HTML_CONTENT_TYPE = 'text/html';
const DEFAULT_TIMESTAMP_WINDOW_MS = 15 * 60 * 1000;

/** The state of one RPC request on its way to an answer. */
interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  requestId: string;
  call: CallStart<HttpTransport>;
  hostId: string;
  /** The RPC product the path addresses (products.ts): `Ecs`, `Sts` or `ResourceManager`. */
  product: string;
}

/** Starts a local ECS RPC endpoint on 127.0.0.1. Throws on invalid options. */
export async function startLocalEcs(options: LocalEcsOptions): Promise<LocalEcs> {
  validateOptions(options);
  const endpoint = new LocalEcsEndpoint(options);
  const server = createServer((req, res) => {
    endpoint.handle(req, res).catch(() => {
      // Only a bug in this server lands here; the client sees a reset rather than the process crashing.
      res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The local ECS server did not bind a TCP port.');
  endpoint.attach(server, `http://127.0.0.1:${address.port}`);
  return endpoint;
}

/** The HTTP transport over the engine (engine.ts): it reads, authenticates, records and renders; the engine decides. */
class LocalEcsEndpoint extends CloudControls<HttpTransport> implements LocalEcs {
  url = '';
  private server: Server | undefined;
  private closed = false;
  private readonly latencyMs: number;
  private readonly authenticator: RequestAuthenticator;
  /** Wakes every pending wait (latency, delay faults) so that `close` never waits on them. */
  private readonly pendingWaits = new Set<() => void>();
  /** FC's InvokeFunction API (fc-http.ts), on the same port. */
  private readonly fc: FcEndpoint;

  constructor(options: LocalEcsOptions) {
    super(new LocalCloud<HttpTransport>({ ...options, now: options.now ?? Date.now }));
    this.latencyMs = options.latencyMs ?? 0;
    this.authenticator = new RequestAuthenticator(
      (accessKeyId) => this.cloud.credentialOf(accessKeyId),
      options.timestampWindowMs ?? DEFAULT_TIMESTAMP_WINDOW_MS,
    );
    this.fc = new FcEndpoint(this.cloud, {
      wait: (ms) => this.wait(ms),
      isClosed: () => this.closed,
      latencyMs: this.latencyMs,
    });
  }

  attach(server: Server, url: string): void {
    this.server = server;
    this.url = url;
  }

  get credentials(): readonly LocalEcsCredential[] {
    return this.cloud.credentials;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.cloud.organisation.asyncInvocations.stop();
    for (const wake of [...this.pendingWaits]) wake();
    const server = this.server;
    if (server === undefined) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = req.url ?? '/';
    const queryStart = target.indexOf('?');
    const path = queryStart === -1 ? target : target.slice(0, queryStart);
    const query = queryStart === -1 ? '' : target.slice(queryStart + 1);
    if (path.startsWith('/_local/')) return handleControl(this, req, res, path, query);
    if (path.startsWith(`/${FC_API_VERSION}/`)) return this.fc.handle(req, res, path);

    const product = rpcProductOfPath(path) ?? 'Ecs';
    const exchange: Exchange = {
      req,
      res,
      requestId: newRequestId(),
      call: { Action: '', params: {}, at: this.cloud.now(), transport: { kind: 'http', method: req.method ?? '' } },
      hostId: product === 'Ecs' ? hostIdFor(undefined, false) : productFacts(product).host,
      product,
    };
    const body = await readBody(req);
    if (!body.ok) {
      if (body.reason === 'aborted') return;
      // 413 and its code are a choice of this server: ECS's limit on a request is not documented.
      return this.answerError(exchange, ecsError(413, 'RequestEntityTooLarge', 'The request is larger than 1 MB.'), true);
    }
    if (exchange.call.transport.method !== 'GET' && exchange.call.transport.method !== 'POST') {
      return this.answerError(exchange, ecsError(405, 'UnsupportedHTTPMethod', 'The RPC API accepts GET and POST only.'));
    }
    // `/<RegionId>/` stands for that region's endpoint (ecs.<RegionId>.aliyuncs.com), for actions without RegionId.
    // `/sts/` and `/resourcemanager/` address those products (products.ts), as their own hosts do.
    const endpointRegion = product === 'Ecs' ? /^\/([a-z0-9-]+)\/?$/.exec(path)?.[1] : undefined;
    if (product === 'Ecs' && path !== '/' && (endpointRegion === undefined || !this.cloud.hasRegion(endpointRegion))) {
      return this.answerError(exchange, ecsError(404, 'InvalidAction.NotFound', 'The RPC API is served at the path / (or /<RegionId>/).'));
    }
    if (endpointRegion !== undefined) exchange.call.EndpointRegionId = endpointRegion;
    const params = this.readParams(req, query, body.bytes);
    if (params === undefined) {
      // The code is a choice of this server: text that cannot be decoded cannot have been signed.
      return this.answerError(
        exchange,
        ecsError(400, 'InvalidParameter.Encoding', 'The request contains malformed percent-encoding or text that is not UTF-8.'),
      );
    }
    this.describeCall(exchange, params);
    return this.serve(exchange, params);
  }

  /** Query parameters, then those of a form body, which win on a clash. */
  private readParams(req: IncomingMessage, query: string, bytes: Buffer): Map<string, string> | undefined {
    const params = new Map<string, string>();
    if (!parseFormEncoded(query, params).ok) return undefined;
    const contentType = req.headers['content-type'] ?? '';
    if (req.method === 'POST' && bytes.length > 0 && /^application\/x-www-form-urlencoded\b/i.test(contentType)) {
      const text = decodeUtf8(bytes);
      if (text === undefined || !parseFormEncoded(text, params).ok) return undefined;
    }
    return params;
  }

  private describeCall(exchange: Exchange, params: ReadonlyMap<string, string>): void {
    const { call } = exchange;
    call.Action = params.get('Action') ?? '';
    const regionId = params.get('RegionId');
    if (regionId !== undefined) call.RegionId = regionId;
    call.params = recordedParams(params);
    if (exchange.product === 'Ecs') exchange.hostId = hostIdFor(regionId, regionId !== undefined && this.cloud.hasRegion(regionId));
  }

  private async serve(exchange: Exchange, params: ReadonlyMap<string, string>): Promise<void> {
    const action = exchange.call.Action;
    const screening = this.cloud.screen(action, params);
    if (screening.kind === 'drop') return this.hangUp(exchange, undefined);
    const authentication = this.authenticator.authenticate(exchange.call.transport.method, params, this.cloud.now());
    if (!authentication.ok) return this.answerError(exchange, authentication.error);
    const { accessKeyId } = authentication.credential;
    const principal = this.cloud.principalOf(accessKeyId);
    exchange.call.AccessKeyId = accessKeyId;
    exchange.call.AccountId = principal.accountId;
    const request: EngineRequest = { product: exchange.product, params, principal, endpointRegionId: exchange.call.EndpointRegionId };
    await this.cloud.whenAdmitted(
      request,
      screening.randomFault,
      (error) => this.answerError(exchange, error),
      (fault) => this.respond(exchange, request, fault),
    );
  }

  /** The answer of an admitted request: its fault, or the action's result. */
  private async respond(exchange: Exchange, request: EngineRequest, fault: Fault | undefined): Promise<void> {
    const perform = () => this.cloud.perform(request);
    if (fault !== undefined && fault.kind !== 'delay') return this.answerFault(exchange, fault, perform);
    if (fault?.kind === 'delay') {
      await this.wait(fault.ms);
      if (this.closed) return;
    }
    return this.answerResult(exchange, perform());
  }

  private async answerFault(exchange: Exchange, fault: Exclude<Fault, { kind: 'delay' }>, perform: () => ActionResult): Promise<void> {
    const { requestId } = exchange;
    switch (fault.kind) {
      case 'error':
        return this.answerError(exchange, injectedError(fault, 'ecs-local'));
      case 'throttle':
        return this.answerError(exchange, productFacts(exchange.product).throttling);
      case 'status-without-code':
        return this.answer(exchange, fault.status, JSON.stringify({ RequestId: requestId }), JSON_CONTENT_TYPE, undefined);
      case 'html':
        return this.answer(exchange, fault.status, proxyErrorPage(fault.status), HTML_CONTENT_TYPE, undefined);
      case 'drop':
        return this.hangUp(exchange, undefined);
      case 'truncated-json': {
        // The action is performed: a body, even cut short, means the server got as far as answering.
        const result = perform();
        const { status, text, code } = this.render(exchange, result);
        return this.answer(exchange, status, text.slice(0, Math.floor(text.length / 2)), JSON_CONTENT_TYPE, code);
      }
      case 'lose-answer':
        return this.hangUp(exchange, perform());
      case 'repeat-next-token': {
        const result = perform();
        const sent = exchange.call.params.NextToken;
        if (result.ok && sent !== undefined && sent !== '') result.body.NextToken = sent;
        return this.answerResult(exchange, result);
      }
      case 'not-http':
        this.record(exchange, 0, undefined);
        exchange.req.socket.end('SSH-2.0-OpenSSH_9.6 not an HTTP server\r\n\r\n');
        return;
      case 'body':
        return this.answer(exchange, fault.status, fault.body, JSON_CONTENT_TYPE, undefined);
    }
  }

  private render(exchange: Exchange, result: ActionResult): { status: number; text: string; code: string | undefined } {
    if (result.ok) return { status: 200, text: JSON.stringify({ RequestId: exchange.requestId, ...result.body }), code: undefined };
    return {
      status: result.error.status,
      text: JSON.stringify(errorBody(exchange.requestId, exchange.hostId, result.error, exchange.product)),
      code: result.error.Code,
    };
  }

  private answerResult(exchange: Exchange, result: ActionResult): Promise<void> {
    const { status, text, code } = this.render(exchange, result);
    return this.answer(exchange, status, text, JSON_CONTENT_TYPE, code);
  }

  private answerError(exchange: Exchange, error: EcsError, closeConnection = false): Promise<void> {
    return this.answer(
      exchange,
      error.status,
      JSON.stringify(errorBody(exchange.requestId, exchange.hostId, error, exchange.product)),
      JSON_CONTENT_TYPE,
      error.Code,
      closeConnection,
    );
  }

  private async answer(
    exchange: Exchange,
    status: number,
    text: string,
    contentType: string,
    code: string | undefined,
    closeConnection = false,
  ): Promise<void> {
    this.record(exchange, status, code);
    await this.wait(this.latencyMs);
    const { res } = exchange;
    if (this.closed || res.destroyed || res.headersSent) return;
    res.writeHead(status, {
      'Content-Type': contentType,
      'Content-Length': Buffer.byteLength(text),
      'x-acs-request-id': exchange.requestId,
      ...(closeConnection ? { Connection: 'close' } : {}),
    });
    res.end(text);
  }

  /** Closes the connection without an answer, after the action when there was one: the client cannot tell which. */
  private hangUp(exchange: Exchange, result: ActionResult | undefined): void {
    this.record(exchange, 0, result?.ok === false ? result.error.Code : undefined);
    exchange.req.socket.destroy();
  }

  private record(exchange: Exchange, status: number, code: string | undefined): void {
    this.cloud.record(exchange.call, status, code);
  }

  private wait(ms: number): Promise<void> {
    if (ms <= 0 || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.pendingWaits.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.pendingWaits.add(wake);
    });
  }
}

/** The options that are counts of ms, calls or a port number. */
const COUNT_OPTIONS = [
  'copyDurationMs',
  'timestampWindowMs',
  'latencyMs',
  'rateLimitPerMinute',
  'diskCreateDurationMs',
  'diskDeleteDurationMs',
  'port',
] as const satisfies readonly (keyof LocalEcsOptions)[];

/** Options fail with a message that names the option, before any port is opened. */
function validateOptions(options: LocalEcsOptions): void {
  if (!Array.isArray(options.credentials) || options.credentials.length === 0) {
    throw new TypeError('Expected `credentials` to be a non-empty array.');
  }
  for (const credential of options.credentials) validateCredential(credential);
  if (options.regions !== undefined && (options.regions.length === 0 || options.regions.some((region) => region === ''))) {
    throw new TypeError('Expected `regions` to be a non-empty array of region IDs.');
  }
  for (const name of COUNT_OPTIONS) {
    const value = options[name];
    if (value !== undefined && !(Number.isInteger(value) && value >= 0)) {
      throw new TypeError(`Expected \`${name}\` to be a non-negative integer.`);
    }
  }
  if (options.now !== undefined && typeof options.now !== 'function') {
    throw new TypeError('Expected `now` to be a function returning milliseconds.');
  }
  if (options.scheduleAt !== undefined && typeof options.scheduleAt !== 'function') {
    throw new TypeError('Expected `scheduleAt` to be a function of (atMs, action).');
  }
  if (options.randomFaults !== undefined) validateRandomFaultOptions(options.randomFaults);
  for (const [regionId, zones] of Object.entries(options.zones ?? {})) {
    if (!z.array(ZoneOfferSchema).safeParse(zones).success) {
      throw new TypeError(`Expected \`zones.${regionId}\` to be a list of { ZoneId, DataDiskCategories: [{ Value, Min, Max }] }.`);
    }
  }
}
