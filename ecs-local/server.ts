import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import * as z from 'zod';
import type { ActionContext, ActionResult } from './action';
import { readBody } from './body';
import { handleControl } from './control';
import { copySnapshot } from './copy-snapshot';
import { createDisk } from './create-disk';
import { deleteDisk } from './delete-disk';
import { deleteSnapshot } from './delete-snapshot';
import { describeAvailableResource } from './describe-available-resource';
import { describeDisks } from './describe-disks';
import { describeSnapshots } from './describe-snapshots';
import { type Disk, type SeedDisk, ZoneOfferSchema } from './disk';
import { DiskStore } from './disk-store';
import { type EcsError, ecsError, errorBody, hostIdFor, newRequestId } from './errors';
import { type Fault, FaultQueue, type FaultRule } from './faults';
import { InFlightClientTokens } from './in-flight';
import type { LocalEcs, LocalEcsOptions, RecordedCall } from './local-ecs';
import { decodeUtf8, parseFormEncoded } from './params';
import { type InjectedFault, type RandomFaultOptions, RandomFaults, validateRandomFaultOptions } from './random-faults';
import { RateLimit } from './rate-limit';
import { DEFAULT_REGIONS } from './regions';
import { ECS_API_VERSION, type LocalEcsCredential, RequestAuthenticator } from './signature';
import type { SeedSnapshot, Snapshot } from './snapshot';
import { SnapshotStore } from './store';
import { tagResources } from './tag-resources';
import { applyVariants, DEFAULT_VARIANTS, type EcsVariants, type EcsVariantsUpdate } from './variants';

const JSON_CONTENT_TYPE = 'application/json;charset=utf-8';
const HTML_CONTENT_TYPE = 'text/html';
const DEFAULT_COPY_DURATION_MS = 2000;
const DEFAULT_DISK_CREATE_DURATION_MS = 2000;
const DEFAULT_DISK_DELETE_DURATION_MS = 1000;
const DEFAULT_TIMESTAMP_WINDOW_MS = 15 * 60 * 1000;
/** Every credential here belongs to one account, which is what ClientTokens are remembered per. */
const ACCOUNT_ID = 'local-account';
/** Secrets and one-time values are left out of `calls`, so that a test can print them freely. */
const UNRECORDED_PARAMETERS = new Set(['Signature', 'AccessKeyId', 'SecurityToken', 'SignatureNonce']);

const ACTIONS: Readonly<Record<string, (context: ActionContext) => ActionResult>> = {
  CopySnapshot: copySnapshot,
  DescribeSnapshots: describeSnapshots,
  CreateDisk: createDisk,
  DescribeDisks: describeDisks,
  DeleteDisk: deleteDisk,
  DeleteSnapshot: deleteSnapshot,
  DescribeAvailableResource: describeAvailableResource,
  TagResources: tagResources,
};

/** What a proxy in front of an API answers when the API is down (Tengine, Alibaba's nginx, looks the same). */
const htmlPage = (status: number): string =>
  `<html>\r\n<head><title>${status} Bad Gateway</title></head>\r\n<body>\r\n<center><h1>${status} Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;

/** Messages ECS gives for the codes a test is likely to inject
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-copysnapshot). */
const KNOWN_MESSAGES: Readonly<Record<string, string>> = {
  InternalError: 'The request processing has failed due to some unknown error.',
  UnknownError: 'The request processing has failed due to some unknown error.',
  ServiceUnavailable: 'The request has failed due to a temporary failure of the server.',
  'InvalidUser.NotInWhiteList': 'The user is not in the white list of copying snapshot.',
  'InvalidAccountStatus.NotEnoughBalance': 'Your account does not have enough balance.',
  'InvalidAccountStatus.SnapshotServiceUnavailable': 'Snapshot service has not been opened yet.',
  'Forbidden.RAM': 'User not authorized to operate on the specified resource, or this API does not support RAM.',
};

/** The state of one RPC request on its way to an answer. */
interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  requestId: string;
  call: RecordedCall;
  hostId: string;
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

class LocalEcsEndpoint implements LocalEcs {
  url = '';
  readonly calls: RecordedCall[] = [];
  readonly injectedRandomFaults: InjectedFault[] = [];
  private server: Server | undefined;
  private closed = false;
  private readonly now: () => number;
  private readonly latencyMs: number;
  private readonly store: SnapshotStore;
  private readonly diskStore: DiskStore;
  private readonly faults = new FaultQueue();
  private randomFaults: RandomFaults | undefined;
  private readonly authenticator: RequestAuthenticator;
  private readonly rateLimit: RateLimit | undefined;
  /** Wakes every pending wait (latency, delay faults) so that `close` never waits on them. */
  private readonly pendingWaits = new Set<() => void>();
  private currentVariants: EcsVariants;
  private readonly inFlight = new InFlightClientTokens();
  readonly credentials: readonly LocalEcsCredential[];

  constructor(options: LocalEcsOptions) {
    this.now = options.now ?? Date.now;
    this.latencyMs = options.latencyMs ?? 0;
    this.randomFaults = options.randomFaults === undefined ? undefined : new RandomFaults(options.randomFaults);
    this.rateLimit = options.rateLimitPerMinute === undefined ? undefined : new RateLimit(options.rateLimitPerMinute, this.now);
    this.store = new SnapshotStore(new Set(options.regions ?? DEFAULT_REGIONS), options.copyDurationMs ?? DEFAULT_COPY_DURATION_MS);
    this.diskStore = DiskStore.withDefaultZones(
      options.zones ?? {},
      options.diskCreateDurationMs ?? DEFAULT_DISK_CREATE_DURATION_MS,
      options.diskDeleteDurationMs ?? DEFAULT_DISK_DELETE_DURATION_MS,
    );
    this.currentVariants = applyVariants(DEFAULT_VARIANTS, options.variants ?? {});
    this.credentials = options.credentials.map((credential) => ({ ...credential }));
    this.authenticator = new RequestAuthenticator(
      this.credentials.map((credential) => ({ ...credential })),
      options.timestampWindowMs ?? DEFAULT_TIMESTAMP_WINDOW_MS,
    );
  }

  attach(server: Server, url: string): void {
    this.server = server;
    this.url = url;
  }

  addSnapshot(seed: SeedSnapshot): Snapshot {
    const nowMs = this.now();
    return this.store.view(this.store.addSeed(seed, nowMs), nowMs, this.currentVariants);
  }

  snapshots(regionId: string): Snapshot[] {
    if (!this.store.hasRegion(regionId)) throw new Error(`Unknown RegionId ${regionId}`);
    const nowMs = this.now();
    return this.store.list(regionId).map((snapshot) => this.store.view(snapshot, nowMs, this.currentVariants));
  }

  get variants(): Readonly<EcsVariants> {
    return this.currentVariants;
  }

  setVariants(update: EcsVariantsUpdate): void {
    this.currentVariants = applyVariants(this.currentVariants, update);
  }

  attachDisk(DiskId: string, InstanceId: string): void {
    this.store.attachments.attach(DiskId, InstanceId);
  }

  detachDisk(DiskId: string): void {
    this.store.attachments.detach(DiskId);
  }

  releaseDisk(DiskId: string): void {
    this.store.attachments.release(DiskId);
  }

  addDisk(seed: SeedDisk): Disk {
    if (!this.store.hasRegion(seed.RegionId)) throw new Error(`Unknown RegionId ${seed.RegionId}`);
    const nowMs = this.now();
    return this.diskStore.view(this.diskStore.addSeed(seed, nowMs), nowMs);
  }

  disks(regionId: string): Disk[] {
    if (!this.store.hasRegion(regionId)) throw new Error(`Unknown RegionId ${regionId}`);
    const nowMs = this.now();
    return this.diskStore.list(regionId, nowMs).map((disk) => this.diskStore.view(disk, nowMs));
  }

  injectFault(rule: FaultRule): void {
    this.faults.add(rule);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  setRandomFaults(options: RandomFaultOptions | undefined): void {
    this.randomFaults = options === undefined ? undefined : new RandomFaults(options);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
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

    const exchange: Exchange = {
      req,
      res,
      requestId: newRequestId(),
      call: { Action: '', params: {}, status: 0, method: req.method ?? '' },
      hostId: hostIdFor(undefined, false),
    };
    const body = await readBody(req);
    if (!body.ok) {
      if (body.reason === 'aborted') return;
      // 413 and its code are a choice of this server: ECS's limit on a request is not documented.
      return this.answerError(exchange, ecsError(413, 'RequestEntityTooLarge', 'The request is larger than 1 MB.'), true);
    }
    if (exchange.call.method !== 'GET' && exchange.call.method !== 'POST') {
      return this.answerError(exchange, ecsError(405, 'UnsupportedHTTPMethod', 'The RPC API accepts GET and POST only.'));
    }
    // `/<RegionId>/` stands for that region's endpoint (ecs.<RegionId>.aliyuncs.com), for actions without RegionId.
    const endpointRegion = /^\/([a-z0-9-]+)\/?$/.exec(path)?.[1];
    if (path !== '/' && (endpointRegion === undefined || !this.store.hasRegion(endpointRegion))) {
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
    call.params = Object.fromEntries([...params].filter(([name]) => !UNRECORDED_PARAMETERS.has(name)));
    exchange.hostId = hostIdFor(regionId, regionId !== undefined && this.store.hasRegion(regionId));
  }

  private async serve(exchange: Exchange, params: ReadonlyMap<string, string>): Promise<void> {
    const action = exchange.call.Action;
    // A scripted fault comes first: the dice are rolled only for a request that has none.
    const randomFault = this.faults.peek(action) === undefined ? this.randomFaults?.draw(params) : undefined;
    if (this.faults.peek(action)?.kind === 'drop') {
      this.faults.take(action);
      return this.hangUp(exchange, undefined);
    }
    if (randomFault?.kind === 'drop') {
      this.injectedRandomFaults.push({ Action: action, fault: randomFault });
      return this.hangUp(exchange, undefined);
    }
    const authentication = this.authenticator.authenticate(exchange.call.method, params, this.now());
    if (!authentication.ok) return this.answerError(exchange, authentication.error);
    const allowed = authentication.credential.allowedActions;
    if (allowed !== undefined && !allowed.includes(action)) {
      return this.answerError(exchange, ecsError(403, 'Forbidden.RAM', KNOWN_MESSAGES['Forbidden.RAM'] ?? 'Forbidden'));
    }
    if (this.rateLimit !== undefined && !this.rateLimit.take()) {
      return this.answerError(exchange, ecsError(400, 'Throttling.User', 'Request was denied due to user flow control.'));
    }
    const leave = this.inFlight.enter(ACCOUNT_ID, params, this.currentVariants);
    if (leave === 'conflict') {
      return this.answerError(
        exchange,
        ecsError(409, 'InvalidOperation.Conflict', 'Request was denied due to conflict with a previous request.'),
      );
    }
    try {
      await this.respond(exchange, params, randomFault);
    } finally {
      leave();
    }
  }

  /** The answer of an authenticated request: a staged or random fault, or the action's result. */
  private async respond(exchange: Exchange, params: ReadonlyMap<string, string>, randomFault: Fault | undefined): Promise<void> {
    const action = exchange.call.Action;
    const scripted = this.faults.take(action);
    if (scripted === undefined && randomFault !== undefined) this.injectedRandomFaults.push({ Action: action, fault: randomFault });
    const fault = scripted ?? randomFault;
    if (fault !== undefined && fault.kind !== 'delay') return this.answerFault(exchange, fault, params);
    if (fault?.kind === 'delay') {
      await this.wait(fault.ms);
      if (this.closed) return;
    }
    return this.answerResult(exchange, this.perform(params, exchange.call.EndpointRegionId));
  }

  private async answerFault(
    exchange: Exchange,
    fault: Exclude<Fault, { kind: 'delay' }>,
    params: ReadonlyMap<string, string>,
  ): Promise<void> {
    const { requestId } = exchange;
    switch (fault.kind) {
      case 'error':
        return this.answerError(
          exchange,
          ecsError(fault.status, fault.Code, fault.Message ?? KNOWN_MESSAGES[fault.Code] ?? `${fault.Code} (injected by ecs-local).`),
        );
      case 'throttle':
        return this.answerError(exchange, ecsError(400, 'Throttling.User', 'Request was denied due to user flow control.'));
      case 'status-without-code':
        return this.answer(exchange, fault.status, JSON.stringify({ RequestId: requestId }), JSON_CONTENT_TYPE, undefined);
      case 'html':
        return this.answer(exchange, fault.status, htmlPage(fault.status), HTML_CONTENT_TYPE, undefined);
      case 'drop':
        return this.hangUp(exchange, undefined);
      case 'truncated-json': {
        // The action is performed: a body, even cut short, means the server got as far as answering.
        const result = this.perform(params, exchange.call.EndpointRegionId);
        const { status, text, code } = this.render(exchange, result);
        return this.answer(exchange, status, text.slice(0, Math.floor(text.length / 2)), JSON_CONTENT_TYPE, code);
      }
      case 'lose-answer':
        return this.hangUp(exchange, this.perform(params, exchange.call.EndpointRegionId));
      case 'repeat-next-token': {
        const result = this.perform(params, exchange.call.EndpointRegionId);
        const sent = params.get('NextToken');
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

  /** Version and Action are checked once the caller is known, then the action runs against the store. */
  private perform(params: ReadonlyMap<string, string>, endpointRegionId: string | undefined): ActionResult {
    if (params.get('Version') !== ECS_API_VERSION) {
      return { ok: false, error: ecsError(400, 'InvalidVersion', 'Specified parameter Version is not valid.') };
    }
    const format = params.get('Format');
    // ECS can answer XML; this server answers JSON only, and says so rather than send JSON to an XML client.
    if (format !== undefined && format.toUpperCase() !== 'JSON') {
      return { ok: false, error: ecsError(400, 'InvalidParameter.Format', 'ecs-local answers Format=JSON only.') };
    }
    const run = ACTIONS[params.get('Action') ?? ''];
    if (run === undefined) {
      return { ok: false, error: ecsError(404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.') };
    }
    try {
      return run({
        params,
        store: this.store,
        disks: this.diskStore,
        nowMs: this.now(),
        accountId: ACCOUNT_ID,
        // A host serving one region (variants.ts) acts in it whatever the path says.
        endpointRegionId: this.currentVariants.servesOnlyRegion ?? endpointRegionId,
        variants: this.currentVariants,
      });
    } catch {
      return { ok: false, error: ecsError(500, 'InternalError', 'The request processing has failed due to some unknown error.') };
    }
  }

  private render(exchange: Exchange, result: ActionResult): { status: number; text: string; code: string | undefined } {
    if (result.ok) return { status: 200, text: JSON.stringify({ RequestId: exchange.requestId, ...result.body }), code: undefined };
    return {
      status: result.error.status,
      text: JSON.stringify(errorBody(exchange.requestId, exchange.hostId, result.error)),
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
      JSON.stringify(errorBody(exchange.requestId, exchange.hostId, error)),
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
    const { call } = exchange;
    call.status = status;
    if (code !== undefined) call.Code = code;
    this.calls.push(call);
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

/** Options fail with a message that names the option, before any port is opened. */
function validateOptions(options: LocalEcsOptions): void {
  if (!Array.isArray(options.credentials) || options.credentials.length === 0) {
    throw new TypeError('Expected `credentials` to be a non-empty array.');
  }
  for (const credential of options.credentials) {
    if (!credential.accessKeyId || !credential.accessKeySecret) {
      throw new TypeError('Expected every credential to have a non-empty `accessKeyId` and `accessKeySecret`.');
    }
    if (credential.expiration !== undefined && Number.isNaN(credential.expiration.getTime())) {
      throw new TypeError(`Expected the \`expiration\` of credential ${credential.accessKeyId} to be a valid Date.`);
    }
  }
  if (options.regions !== undefined && (options.regions.length === 0 || options.regions.some((region) => region === ''))) {
    throw new TypeError('Expected `regions` to be a non-empty array of region IDs.');
  }
  const counts: [string, number | undefined][] = [
    ['copyDurationMs', options.copyDurationMs],
    ['timestampWindowMs', options.timestampWindowMs],
    ['latencyMs', options.latencyMs],
    ['rateLimitPerMinute', options.rateLimitPerMinute],
    ['diskCreateDurationMs', options.diskCreateDurationMs],
    ['diskDeleteDurationMs', options.diskDeleteDurationMs],
    ['port', options.port],
  ];
  for (const [name, value] of counts) {
    if (value !== undefined && !(Number.isInteger(value) && value >= 0)) {
      throw new TypeError(`Expected \`${name}\` to be a non-negative integer.`);
    }
  }
  if (options.now !== undefined && typeof options.now !== 'function') {
    throw new TypeError('Expected `now` to be a function returning milliseconds.');
  }
  if (options.randomFaults !== undefined) validateRandomFaultOptions(options.randomFaults);
  for (const [regionId, zones] of Object.entries(options.zones ?? {})) {
    if (!z.array(ZoneOfferSchema).safeParse(zones).success) {
      throw new TypeError(`Expected \`zones.${regionId}\` to be a list of { ZoneId, DataDiskCategories: [{ Value, Min, Max }] }.`);
    }
  }
}
