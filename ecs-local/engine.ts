import { AccountState } from './account-state';
import type { ActionResult } from './action';
import type { CallStart, CallTransport, RecordedCall } from './call-record';
import { hasVersion, lookUpAction } from './catalog';
import type { Disk, SeedDisk, ZoneOffer } from './disk';
import { type EcsError, ecsError, missingParameter } from './errors';
import { type Fault, FaultQueue, type FaultRule } from './faults';
import type { Image } from './image';
import { InFlightClientTokens } from './in-flight';
import { Organisation } from './organisation';
import { checkParamRules } from './param-rules';
import { nonEmpty } from './params';
import type { Principal } from './principal';
import { productFacts } from './products';
import { accountOfPrincipal } from './ram-arn';
import { type InjectedFault, type RandomFaultOptions, RandomFaults } from './random-faults';
import { DEFAULT_REGIONS } from './regions';
import type { LocalEcsCredential } from './signature';
import type { SeedSnapshot, Snapshot } from './snapshot';
import { applyVariants, DEFAULT_VARIANTS, type EcsVariants, type EcsVariantsUpdate } from './variants';

/** The account of a credential that names none, and of an in-process caller whose key is not in the table. */
export const DEFAULT_ACCOUNT_ID = 'local-account';

const DEFAULT_COPY_DURATION_MS = 2000;
const DEFAULT_DISK_CREATE_DURATION_MS = 2000;
const DEFAULT_DISK_DELETE_DURATION_MS = 1000;
const DEFAULT_IMAGE_CREATE_DURATION_MS = 3000;

export interface LocalCloudOptions {
  /** The clock in ms: copy progress, disk states, CreationTime and flow control read it. */
  now: () => number;
  /** The credential table: every AccessKey (or STS token) belongs to one account (`accountId`, the default one when
   * absent). */
  credentials?: readonly LocalEcsCredential[];
  /** Known region IDs; when absent, the regions of
   * https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-endpoint. */
  regions?: readonly string[];
  /** How long a copy takes from progressing 0% to accomplished 100%; 2000 when absent. */
  copyDurationMs?: number;
  /** How long a created disk is `Creating` before it is `Available`; 2000 when absent. */
  diskCreateDurationMs?: number;
  /** How long a deleted disk is `Deleting` before it is gone; 1000 when absent. */
  diskDeleteDurationMs?: number;
  /** How long an image CreateImage makes is `Creating` before it is `Available`; 3000 when absent. */
  imageCreateDurationMs?: number;
  /** The zones of a region and the data disk categories each sells; two zones a region (disk.ts) when absent. */
  zones?: Record<string, ZoneOffer[]>;
  /** Each account's flow control: calls a minute of one API in one region past which ECS answers Throttling.User;
   * none when absent. */
  rateLimitPerMinute?: number;
  /** Faults drawn at random, reproducibly from a seed, for requests no scripted fault matches; none when absent. */
  randomFaults?: RandomFaultOptions;
  /** Documented behaviours to switch on (variants.ts, docs/ecs-fidelity.md); the defaults when absent. */
  variants?: EcsVariantsUpdate;
  /** When FC's asynchronous deliveries happen: calls `action` when the clock reaches `atMs` (VirtualClock.at fits;
   * one that does nothing leaves delivery to `deliverDue`); a real timer when absent. */
  scheduleAt?: (atMs: number, action: () => void) => void;
}

export type { Principal } from './principal';

/** A request as every transport hands it to the engine: product, flat RPC parameters, caller, endpoint region. */
export interface EngineRequest {
  product: string;
  params: ReadonlyMap<string, string>;
  principal: Principal;
  /** The region of the endpoint called, for actions without a RegionId parameter. */
  endpointRegionId: string | undefined;
  /** The body of an API that carries its payload there (FC's InvokeFunction); absent for RPC. */
  body?: Buffer;
}

/** Before authentication: a `drop` fault closes the connection before the request is read any further. */
export type Screening = { kind: 'drop' } | { kind: 'pass'; randomFault: Fault | undefined };

/** After authentication: refused by RAM, flow control or a ClientToken in flight, or admitted with its fault. */
export type Admission = { kind: 'refused'; error: EcsError } | { kind: 'admitted'; fault: Fault | undefined; leave: () => void };

/** A credential fails with a message that names its field (never its secret). */
export function validateCredential(credential: LocalEcsCredential): void {
  if (!credential.accessKeyId || !credential.accessKeySecret) {
    throw new TypeError('Expected every credential to have a non-empty `accessKeyId` and `accessKeySecret`.');
  }
  if (credential.expiration !== undefined && Number.isNaN(credential.expiration.getTime())) {
    throw new TypeError(`Expected the \`expiration\` of credential ${credential.accessKeyId} to be a valid Date.`);
  }
  if (credential.accountId !== undefined && credential.accountId === '') {
    throw new TypeError(`Expected the \`accountId\` of credential ${credential.accessKeyId} to be non-empty when given.`);
  }
  if (credential.principal !== undefined && accountOfPrincipal(credential.principal) !== (credential.accountId ?? DEFAULT_ACCOUNT_ID)) {
    throw new TypeError(
      `Expected the \`principal\` of credential ${credential.accessKeyId} to be acs:ram::{accountId}:user/{name} or :role/{name} of its own account.`,
    );
  }
}

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

/** The error an `error` fault answers: its own Message, or the one ECS gives for its code. */
export function injectedError(fault: Extract<Fault, { kind: 'error' }>, injectedBy: string): EcsError {
  return ecsError(fault.status, fault.Code, fault.Message ?? KNOWN_MESSAGES[fault.Code] ?? `${fault.Code} (injected by ${injectedBy}).`);
}

export const throttlingError = (): EcsError => ecsError(400, 'Throttling.User', 'Request was denied due to user flow control.');

/**
 * The local cloud apart from any transport: accounts and their state per region, the credential table, the
 * catalog of actions by (product, version, action), faults, flow control, variants and the record of every call.
 * The HTTP server (server.ts) and the unit tests' in-process fake (test/support/fake-ecs.ts) hand it requests,
 * render its answers and report each answer to its record; they decide nothing about ECS themselves. `Transport`
 * is what the one transport serving this cloud adds to each recorded call (call-record.ts).
 */
export class LocalCloud<Transport extends CallTransport = CallTransport> {
  readonly injectedRandomFaults: InjectedFault[] = [];
  /** Every call, in the order answered (a call answered after its client gave up is recorded when it is answered).
   * A test may empty it (`calls.length = 0`) to look at what follows. */
  readonly calls: RecordedCall<Transport>[] = [];
  /** The credential table, in the order given: the first is the key `GET /_local/endpoint` hands a local tool. */
  private readonly credentialTable: LocalEcsCredential[];
  readonly now: () => number;
  private readonly accounts = new Map<string, AccountState>();
  private readonly regions: ReadonlySet<string>;
  private readonly faults = new FaultQueue();
  private randomFaults: RandomFaults | undefined;
  private readonly inFlight = new InFlightClientTokens();
  private currentVariants: EcsVariants;
  /** Roles and STS tokens, the Resource Directory, FC's asynchronous invocations: what STS, Resource Manager and FC's
   * actions reach beyond the calling account (organisation.ts). */
  readonly organisation: Organisation;

  constructor(private readonly options: LocalCloudOptions) {
    this.now = options.now;
    this.credentialTable = [];
    for (const credential of options.credentials ?? []) this.addCredential(credential);
    this.regions = new Set(options.regions ?? DEFAULT_REGIONS);
    this.randomFaults = options.randomFaults === undefined ? undefined : new RandomFaults(options.randomFaults);
    this.currentVariants = applyVariants(DEFAULT_VARIANTS, options.variants ?? {});
    this.organisation = new Organisation({
      now: this.now,
      account: (accountId) => this.account(accountId),
      knownAccount: (accountId) => this.accounts.get(accountId),
      addCredential: (credential) => this.addCredential(credential),
      defaultAccountId: DEFAULT_ACCOUNT_ID,
      scheduleAt: options.scheduleAt,
    });
  }

  hasRegion(regionId: string): boolean {
    return this.regions.has(regionId);
  }

  /** An account's state, made empty the first time it is named (by a credential, a seed or a call). */
  account(accountId: string = DEFAULT_ACCOUNT_ID): AccountState {
    let state = this.accounts.get(accountId);
    if (state === undefined) {
      state = new AccountState({
        regions: this.regions,
        copyDurationMs: this.options.copyDurationMs ?? DEFAULT_COPY_DURATION_MS,
        zones: this.options.zones ?? {},
        diskCreateDurationMs: this.options.diskCreateDurationMs ?? DEFAULT_DISK_CREATE_DURATION_MS,
        diskDeleteDurationMs: this.options.diskDeleteDurationMs ?? DEFAULT_DISK_DELETE_DURATION_MS,
        imageCreateDurationMs: this.options.imageCreateDurationMs ?? DEFAULT_IMAGE_CREATE_DURATION_MS,
        rateLimitPerMinute: this.options.rateLimitPerMinute,
        now: this.now,
      });
      this.accounts.set(accountId, state);
    }
    return state;
  }

  get credentials(): readonly LocalEcsCredential[] {
    return this.credentialTable;
  }

  /** Adds a key (an AccessKey, or an STS token with its expiry) to the table, for its account. Throws on a malformed
   * credential or an AccessKeyId already in the table. */
  addCredential(credential: LocalEcsCredential): void {
    validateCredential(credential);
    if (this.credentialOf(credential.accessKeyId) !== undefined) {
      throw new TypeError(`Expected AccessKeyId ${credential.accessKeyId} to be new to the credential table.`);
    }
    this.credentialTable.push({ ...credential });
  }

  /** The table's entry for an AccessKeyId. */
  credentialOf(accessKeyId: string): LocalEcsCredential | undefined {
    return this.credentialTable.find((candidate) => candidate.accessKeyId === accessKeyId);
  }

  /** The account an AccessKey belongs to; a key not in the table (an in-process caller that does not sign) acts for
   * the default account. */
  principalOf(accessKeyId: string): Principal {
    const credential = this.credentialOf(accessKeyId);
    if (credential === undefined) return { accountId: DEFAULT_ACCOUNT_ID };
    return {
      accountId: credential.accountId ?? DEFAULT_ACCOUNT_ID,
      ...(credential.allowedActions !== undefined ? { allowedActions: credential.allowedActions } : {}),
      ...(credential.principal !== undefined ? { arn: credential.principal } : {}),
    };
  }

  get variants(): Readonly<EcsVariants> {
    return this.currentVariants;
  }

  /** Changes the fields given, keeps the others. Throws on a malformed update. */
  setVariants(update: EcsVariantsUpdate): void {
    this.currentVariants = applyVariants(this.currentVariants, update);
  }

  /** Throws on a malformed seed, an unknown region or a SnapshotId in use. */
  addSnapshot(seed: SeedSnapshot, accountId?: string): Snapshot {
    const { store } = this.account(accountId);
    const nowMs = this.now();
    return store.view(store.addSeed(seed, nowMs), nowMs, this.currentVariants);
  }

  /** The region's snapshots now, newest first, with progress computed from the clock. */
  snapshots(regionId: string, accountId?: string): Snapshot[] {
    this.requireRegion(regionId);
    const { store } = this.account(accountId);
    const nowMs = this.now();
    return store.list(regionId).map((snapshot) => store.view(snapshot, nowMs, this.currentVariants));
  }

  /** Throws on a malformed seed or an unknown region. */
  addDisk(seed: SeedDisk, accountId?: string): Disk {
    this.requireRegion(seed.RegionId);
    const { disks } = this.account(accountId);
    const nowMs = this.now();
    return disks.view(disks.addSeed(seed, nowMs), nowMs);
  }

  /** The region's disks now (gone ones left out), newest first, as DescribeDisks answers them. */
  disks(regionId: string, accountId?: string): Disk[] {
    this.requireRegion(regionId);
    const { disks } = this.account(accountId);
    const nowMs = this.now();
    return disks.list(regionId, nowMs).map((disk) => disks.view(disk, nowMs));
  }

  /** The region's custom images now, newest first, as DescribeImages answers them (every status). */
  images(regionId: string, accountId?: string): Image[] {
    this.requireRegion(regionId);
    const { images, store } = this.account(accountId);
    const nowMs = this.now();
    return images.list(regionId).map((image) => images.view(image, nowMs, store.find(regionId, image.SnapshotId) !== undefined));
  }

  attachDisk(DiskId: string, InstanceId: string, accountId?: string): void {
    this.account(accountId).store.attachments.attach(DiskId, InstanceId);
  }

  detachDisk(DiskId: string, accountId?: string): void {
    this.account(accountId).store.attachments.detach(DiskId);
  }

  releaseDisk(DiskId: string, accountId?: string): void {
    this.account(accountId).store.attachments.release(DiskId);
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

  /** A scripted fault comes first: the dice are rolled only for a request that has none. A `drop` is used here. */
  screen(Action: string, params: ReadonlyMap<string, string>): Screening {
    const scripted = this.faults.peek(Action);
    const randomFault = scripted === undefined ? this.randomFaults?.draw(params) : undefined;
    if (scripted?.kind === 'drop') {
      this.faults.take(Action);
      return { kind: 'drop' };
    }
    if (randomFault?.kind === 'drop') {
      this.injectedRandomFaults.push({ Action, fault: randomFault });
      return { kind: 'drop' };
    }
    return { kind: 'pass', randomFault };
  }

  /**
   * A transport's call once authenticated: admitted (then `respond` with the fault it gets, and the call leaves the
   * in-flight set however that ends) or refused (`refuse` answers why). Both transports serve a call this way.
   */
  async whenAdmitted(
    request: EngineRequest,
    randomFault: Fault | undefined,
    refuse: (error: EcsError) => Promise<void>,
    respond: (fault: Fault | undefined) => Promise<void>,
  ): Promise<void> {
    const admission = this.admit(request, randomFault);
    if (admission.kind === 'refused') return refuse(admission.error);
    try {
      await respond(admission.fault);
    } finally {
      admission.leave();
    }
  }

  /**
   * The caller's RAM policy, its account's flow control for the action in the call's region (its RegionId, else the
   * endpoint's), a ClientToken in flight; then the fault the call gets.
   */
  admit(request: EngineRequest, randomFault: Fault | undefined): Admission {
    const { params, principal } = request;
    const Action = params.get('Action') ?? '';
    const allowed = principal.allowedActions;
    const facts = productFacts(request.product);
    if (allowed !== undefined && !allowed.includes(Action)) return { kind: 'refused', error: facts.ramRefusal };
    const { flowControl } = this.account(principal.accountId);
    const RegionId = params.get('RegionId') ?? this.endpointRegionOf(request);
    if (flowControl !== undefined && !flowControl.take(RegionId, Action)) return { kind: 'refused', error: facts.throttling };
    const leave = this.inFlight.enter(principal.accountId, params, this.currentVariants);
    if (leave === 'conflict') {
      return {
        kind: 'refused',
        error: ecsError(409, 'InvalidOperation.Conflict', 'Request was denied due to conflict with a previous request.'),
      };
    }
    const scripted = this.faults.take(Action);
    if (scripted === undefined && randomFault !== undefined) this.injectedRandomFaults.push({ Action, fault: randomFault });
    return { kind: 'admitted', fault: scripted ?? randomFault, leave };
  }

  /** Version, Format and Action are checked once the caller is known; then the spec's rules; then the action. */
  perform(request: EngineRequest): ActionResult {
    const { params, product } = request;
    const version = params.get('Version');
    if (version === undefined || !hasVersion(product, version)) {
      return { ok: false, error: ecsError(400, 'InvalidVersion', 'Specified parameter Version is not valid.') };
    }
    const format = params.get('Format');
    // ECS can answer XML; this cloud answers JSON only, and says so rather than send JSON to an XML client.
    if (format !== undefined && format.toUpperCase() !== 'JSON') {
      return { ok: false, error: ecsError(400, 'InvalidParameter.Format', 'ecs-local answers Format=JSON only.') };
    }
    const lookup = lookUpAction(product, version, params.get('Action'));
    if (!lookup.ok) return lookup;
    const { spec } = lookup;
    const missing = spec.required?.find((name) => nonEmpty(params, name) === undefined);
    if (missing !== undefined) return { ok: false, error: missingParameter(missing) };
    if (spec.knownRegion !== undefined && !this.regions.has(params.get('RegionId') ?? '')) {
      return { ok: false, error: ecsError(spec.knownRegion.status, 'InvalidRegionId.NotFound', 'The specified RegionId does not exist.') };
    }
    const broken = checkParamRules(spec.params ?? {}, params);
    if (broken !== undefined) return { ok: false, error: broken };
    const { store, disks, images, clientTokens } = this.account(request.principal.accountId);
    try {
      return spec.run({
        params,
        store,
        disks,
        images,
        clientTokens,
        nowMs: this.now(),
        endpointRegionId: this.endpointRegionOf(request),
        variants: this.currentVariants,
        caller: request.principal,
        services: this.organisation,
        body: request.body,
      });
    } catch {
      return { ok: false, error: ecsError(500, 'InternalError', 'The request processing has failed due to some unknown error.') };
    }
  }

  /** A call's answer, on the record: `status` 0 when none was sent. */
  record(call: CallStart<Transport>, status: number, Code: string | undefined): void {
    this.calls.push({ ...call, status, ...(Code !== undefined ? { Code } : {}) });
  }

  /** The region of the endpoint called: a host serving one region (variants.ts) acts in it whatever the path says. */
  private endpointRegionOf(request: EngineRequest): string | undefined {
    return this.currentVariants.servesOnlyRegion ?? request.endpointRegionId;
  }

  private requireRegion(regionId: string): void {
    if (!this.regions.has(regionId)) throw new Error(`Unknown RegionId ${regionId}`);
  }
}
