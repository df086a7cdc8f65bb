/**
 * The ECS port (lib/ecs/ecs.ts) and disk port (lib/ecs/ecs-disks.ts) for unit tests: no HTTP, no signing, no real
 * time. It is the in-process transport over the local cloud's engine (`LocalCloud`, ecs-local/engine.ts), the very
 * engine the HTTP endpoint of the integration tests serves, so there is one emulation of ECS: copies that progress
 * with the clock, tags, DescribeSnapshots' filters and NextToken paging, ClientToken idempotency, one unfinished copy
 * per disk and destination, disks on the clock, flow control, scripted and seeded random faults, the variants.
 *
 * What this transport adds is what pop-core and lib/ecs/pop-core-ecs.ts would make of each answer: the port's
 * parameters flattened into RPC parameters, and every failure turned into the CopyFailure the pop-core adapter
 * throws for it (a dropped connection is `EcsUnreachable`, an HTML page `EcsBadResponse`, an answer slower than the
 * call's timeout `EcsTimeout`, and so on). Disk calls go through the function's own pop-core disk adapter
 * (pop-core-ecs-disks.ts) over this fake's RPC, so their parameters and the reading of every answer are the real ones.
 */
import * as z from 'zod';
import {
  type ActionResult,
  type CallStart,
  CloudControls,
  type EcsError,
  type EngineRequest,
  type Fault,
  type InProcessTransport,
  injectedError,
  LocalCloud,
  type LocalCloudOptions,
  newRequestId,
  type RecordedCall,
  recordedParams,
  throttlingError,
} from '../../ecs-local';
import { classifyEcsError } from '../../lib/ecs/classify-ecs-error';
import type { CopySnapshotParameters, Tag } from '../../lib/ecs/copy-snapshot-parameters';
import type {
  CopySnapshotResult,
  DescribeSnapshotsQuery,
  Ecs,
  EcsCall,
  SnapshotInfo,
  SnapshotPage,
  UnrecognizedSnapshot,
} from '../../lib/ecs/ecs';
import type * as Disks from '../../lib/ecs/ecs-disks';
import { copySnapshotRpcParameters, creationFilterValue } from '../../lib/ecs/pop-core-ecs';
import { PopCoreEcsDisks } from '../../lib/ecs/pop-core-ecs-disks';
import { redact } from '../../lib/ecs/redact';
import { DescribeSnapshotsPageSchema, readListedSnapshot } from '../../lib/ecs/snapshot-listing';
import { CopyFailure } from '../../lib/failures/errors';

/** The clock the fake reads and waits on: a VirtualClock (test/support/virtual-clock.ts). */
export interface FakeEcsClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Calls `action` when the clock reaches `atMs`. */
  at(atMs: number, action: () => void): void;
}

/**
 * The engine's options (ecs-local/engine.ts: durations, regions, zones, flow control, random faults, variants), on
 * the test's clock. `variants.servesOnlyRegion` here sends every call without RegionId to that region's endpoint
 * (ECS_ENDPOINT without `{RegionId}` naming one region's endpoint).
 */
export interface FakeEcsOptions extends Omit<LocalCloudOptions, 'now' | 'credentials'> {
  clock: FakeEcsClock;
  /** How long every answer takes on the clock (a slow network, a distant region); 0 when absent. */
  latencyMs?: number;
}

/** One call as the engine recorded it (ecs-local/call-record.ts), with the timeout the client would wait for it. */
export type FakeEcsCall = RecordedCall<InProcessTransport>;

const API_VERSION = '2014-05-26';

/** The parts of the endpoint's DescribeSnapshots answer the port hands on (ecs-local/snapshot.ts, `Snapshot`). */
const CopyAnswerSchema = z.object({ SnapshotId: z.string() });

/** The in-process transport over the local cloud's engine (ecs-local/engine.ts): what pop-core would send and read. */
export class FakeEcs extends CloudControls<InProcessTransport> implements Ecs, Disks.EcsDisks {
  private readonly clock: FakeEcsClock;
  private readonly latencyMs: number;
  /** The function's pop-core disk adapter, its RPC calls answered by this fake instead of pop-core. */
  private readonly diskAdapter = new PopCoreEcsDisks({
    request: (Action, regionId, params, call) => this.rpc(Action, regionId, params, call),
  });

  constructor(options: FakeEcsOptions) {
    super(new LocalCloud<InProcessTransport>({ ...options, now: () => options.clock.now() }));
    this.clock = options.clock;
    this.latencyMs = options.latencyMs ?? 0;
  }

  async copySnapshot(parameters: CopySnapshotParameters, call: EcsCall): Promise<CopySnapshotResult> {
    // The pop-core adapter's own parameters, flattened as pop-core flattens them.
    const params = popCoreParameters('CopySnapshot', copySnapshotRpcParameters(parameters));
    const answer = await this.request(params, call);
    if (!answer.ok) throw answerWithoutBody(answer.status, answer.RequestId, 'CopySnapshot');
    const parsed = CopyAnswerSchema.parse(answer.body);
    return { SnapshotId: parsed.SnapshotId, RequestId: answer.RequestId };
  }

  async describeSnapshots(query: DescribeSnapshotsQuery, call: EcsCall): Promise<SnapshotPage> {
    const params = rpcParameters('DescribeSnapshots', {
      RegionId: query.RegionId,
      MaxResults: String(query.MaxResults),
      SnapshotIds: query.SnapshotIds === undefined ? undefined : JSON.stringify(query.SnapshotIds),
      DiskId: query.DiskId,
      InstanceId: query.InstanceId,
      SnapshotType: query.SnapshotType,
      NextToken: query.NextToken,
      Tag: query.Tag,
      Filter:
        query.CreationStartTime === undefined
          ? undefined
          : [{ Key: 'CreationStartTime', Value: creationFilterValue(query.CreationStartTime) }],
    });
    const answer = await this.request(params, call);
    if (!answer.ok) throw answerWithoutBody(answer.status, undefined, 'DescribeSnapshots');
    const parsed = DescribeSnapshotsPageSchema.parse({ RequestId: answer.RequestId, ...(answer.body as object) });
    // A repeated NextToken is the listing's ListingGuard's to stop, as with the pop-core adapter.
    const NextToken = parsed.NextToken === '' ? undefined : parsed.NextToken;
    // Each snapshot read as the pop-core adapter reads it (snapshot-listing.ts), the unreadable ones set apart.
    const Snapshots: SnapshotInfo[] = [];
    const Unrecognized: UnrecognizedSnapshot[] = [];
    for (const item of parsed.Snapshots.Snapshot) {
      const listed = readListedSnapshot(item, query.RegionId, (value) =>
        redact(JSON.stringify(value) ?? String(value), call.credentials).slice(0, 80),
      );
      if (listed.ok) Snapshots.push(listed.snapshot);
      else Unrecognized.push(listed.unrecognized);
    }
    return { RequestId: answer.RequestId, NextToken, Snapshots, ...(Unrecognized.length > 0 ? { Unrecognized } : {}) };
  }

  createDisk(parameters: Disks.CreateDiskParameters, call: EcsCall): Promise<{ DiskId: string; RequestId: string }> {
    return this.diskAdapter.createDisk(parameters, call);
  }

  describeDisks(query: Disks.DescribeDisksQuery, call: EcsCall): Promise<Disks.DiskPage> {
    return this.diskAdapter.describeDisks(query, call);
  }

  deleteDisk(parameters: { RegionId: string; DiskId: string }, call: EcsCall): Promise<{ RequestId: string }> {
    return this.diskAdapter.deleteDisk(parameters, call);
  }

  describeAvailableResource(query: { RegionId: string; ZoneId?: string }, call: EcsCall): Promise<Disks.ZoneOffers> {
    return this.diskAdapter.describeAvailableResource(query, call);
  }

  deleteSnapshot(parameters: { RegionId: string; SnapshotId: string }, call: EcsCall): Promise<{ RequestId: string }> {
    return this.diskAdapter.deleteSnapshot(parameters, call);
  }

  tagSnapshots(
    parameters: { RegionId: string; SnapshotIds: readonly string[]; Tag: readonly Tag[] },
    call: EcsCall,
  ): Promise<{ RequestId: string }> {
    return this.diskAdapter.tagSnapshots(parameters, call);
  }

  createImage(parameters: Disks.CreateImageParameters, call: EcsCall): Promise<{ ImageId: string; RequestId: string }> {
    return this.diskAdapter.createImage(parameters, call);
  }

  describeImages(query: Disks.DescribeImagesQuery, call: EcsCall): Promise<Disks.ImagePage> {
    return this.diskAdapter.describeImages(query, call);
  }

  describeSnapshotsWithDiskType(query: Disks.SnapshotsWithDiskTypeQuery, call: EcsCall): Promise<Disks.SnapshotsWithDiskTypePage> {
    return this.diskAdapter.describeSnapshotsWithDiskType(query, call);
  }

  lockSnapshot(
    parameters: Disks.LockSnapshotParameters,
    call: EcsCall,
  ): Promise<{ LockedSnapshotInfo: Disks.LockedSnapshotInfo; RequestId: string }> {
    return this.diskAdapter.lockSnapshot(parameters, call);
  }

  describeLockedSnapshots(query: Disks.DescribeLockedSnapshotsQuery, call: EcsCall): Promise<Disks.LockedSnapshotsPage> {
    return this.diskAdapter.describeLockedSnapshots(query, call);
  }

  describeSnapshotRetention(
    query: { RegionId: string; SnapshotIds: readonly string[] },
    call: EcsCall,
  ): Promise<Disks.SnapshotRetentionPage> {
    return this.diskAdapter.describeSnapshotRetention(query, call);
  }

  /**
   * UnlockSnapshot as someone holding the account's keys sends it (an administrator undoing a lock in its cool-off,
   * or an intruder): the function has no such call. Resolves with ECS's answer, or its Code when it refused.
   */
  async unlockSnapshot(parameters: { RegionId: string; SnapshotId: string }, call: EcsCall): Promise<{ Code?: string }> {
    try {
      await this.rpc('UnlockSnapshot', parameters.RegionId, { ...parameters }, call);
      return {};
    } catch (error) {
      if (error instanceof CopyFailure) return { Code: error.Code };
      throw error;
    }
  }

  /**
   * The pop-core adapter's RPC call (PopCoreEcs.request), answered here: the parameters flattened as pop-core flattens
   * them, the call sent to the region's endpoint (DeleteDisk and DeleteSnapshot name no RegionId), and the answer's
   * status and body as pop-core hands them on, or the CopyFailure the adapter throws for a failure.
   */
  private async rpc(
    Action: string,
    regionId: string,
    params: Record<string, unknown>,
    call: EcsCall,
  ): Promise<{ status: number; body: unknown }> {
    const answer = await this.request(popCoreParameters(Action, params), call, this.cloud.variants.servesOnlyRegion ?? regionId);
    return answer.ok
      ? { status: 200, body: { ...answer.body, RequestId: answer.RequestId } }
      : { status: answer.status, body: { RequestId: answer.RequestId } };
  }

  /**
   * One call, in the endpoint's order: a `drop` before anything else, then the account's flow control, then a
   * scripted fault (or else a random one), then the action. Resolves with the answer's body, or with a 2xx-5xx
   * answer that has no ECS error body (`ok: false`); rejects with the CopyFailure the pop-core adapter would throw.
   */
  private async request(
    params: ReadonlyMap<string, string>,
    call: EcsCall,
    endpointRegionId?: string,
  ): Promise<{ ok: true; body: Record<string, unknown>; RequestId: string } | { ok: false; status: number; RequestId: string }> {
    const Action = params.get('Action') ?? '';
    const RegionId = params.get('RegionId');
    const principal = this.cloud.principalOf(call.credentials.accessKeyId);
    const record: CallStart<InProcessTransport> = {
      Action,
      ...(RegionId !== undefined ? { RegionId } : {}),
      ...(endpointRegionId !== undefined ? { EndpointRegionId: endpointRegionId } : {}),
      params: recordedParams(params),
      // In process there is no signature to check: the key is the caller's, its account the table's.
      AccessKeyId: call.credentials.accessKeyId,
      AccountId: principal.accountId,
      at: this.clock.now(),
      transport: { kind: 'in-process', timeoutMs: call.timeoutMs },
    };
    const RequestId = newRequestId();
    // The request takes the network's time to reach ECS; a latency past the call's timeout is not modelled.
    if (this.latencyMs > 0) await this.clock.sleep(this.latencyMs);
    const screening = this.cloud.screen(Action, params);
    if (screening.kind === 'drop') throw this.hangUp(record, undefined);
    const request: EngineRequest = { product: 'Ecs', params, principal, endpointRegionId };
    const admission = this.cloud.admit(request, screening.randomFault);
    if (admission.kind === 'refused') throw this.answerError(record, admission.error, RequestId, call);
    const perform = () => this.cloud.perform(request);
    try {
      const { fault } = admission;
      if (fault?.kind === 'delay') return await this.delayed(fault.ms, record, perform, RequestId, call);
      if (fault !== undefined) return this.answerFault(fault, record, perform, RequestId, call);
      return this.answer(record, perform(), RequestId, call);
    } finally {
      admission.leave();
    }
  }

  /** An answer held back: within the call's timeout it arrives late; past it the client gives up, ECS still acts. */
  private async delayed(
    delayMs: number,
    record: CallStart<InProcessTransport>,
    perform: () => ActionResult,
    RequestId: string,
    call: EcsCall,
  ): Promise<{ ok: true; body: Record<string, unknown>; RequestId: string }> {
    if (delayMs < call.timeoutMs) {
      await this.clock.sleep(delayMs);
      return this.answer(record, perform(), RequestId, call);
    }
    this.clock.at(this.clock.now() + delayMs, () => {
      const result = perform();
      this.record(record, result.ok ? 200 : result.error.status, result.ok ? undefined : result.error.Code);
    });
    await this.clock.sleep(call.timeoutMs);
    throw new CopyFailure({
      Code: 'EcsTimeout',
      Message: 'ECS did not answer in time; the copy may have started, and a retry with the same ClientToken finds it',
      errorClass: 'transient',
    });
  }

  private answerFault(
    fault: Exclude<Fault, { kind: 'delay' }>,
    record: CallStart<InProcessTransport>,
    perform: () => ActionResult,
    RequestId: string,
    call: EcsCall,
  ): { ok: false; status: number; RequestId: string } {
    switch (fault.kind) {
      case 'error':
        throw this.answerError(record, injectedError(fault, 'the fake ECS'), RequestId, call);
      case 'throttle':
        throw this.answerError(record, throttlingError(), RequestId, call);
      case 'status-without-code':
        // pop-core hands a JSON body without Code on as a success; the adapter reads the status and refuses it.
        this.record(record, fault.status, undefined);
        return { ok: false, status: fault.status, RequestId };
      case 'html':
        // pop-core fails to parse the page as JSON, which the adapter reports as EcsBadResponse.
        this.record(record, fault.status, undefined);
        throw notJson();
      case 'truncated-json': {
        // The action is performed: a body, even cut short, means the server got as far as answering.
        const result = perform();
        this.record(record, result.ok ? 200 : result.error.status, result.ok ? undefined : result.error.Code);
        throw notJson();
      }
      case 'drop':
        throw this.hangUp(record, undefined);
      case 'lose-answer':
        throw this.hangUp(record, perform());
      case 'repeat-next-token':
      case 'not-http':
      case 'body':
        // Wire-level faults of the pop-core adapter's own parsing: tested through pop-core against the local
        // endpoint (test/integration/pop-core-ecs.test.ts), not modelled here.
        throw new Error(`the fake ECS does not model the ${fault.kind} fault: test it against the local endpoint`);
    }
  }

  private answer(
    record: CallStart<InProcessTransport>,
    result: ActionResult,
    RequestId: string,
    call: EcsCall,
  ): { ok: true; body: Record<string, unknown>; RequestId: string } {
    if (!result.ok) throw this.answerError(record, result.error, RequestId, call);
    this.record(record, 200, undefined);
    return { ok: true, body: result.body, RequestId };
  }

  /** An ECS error body, as the pop-core adapter reports it: Code kept, Message scrubbed, class from Code and status. */
  private answerError(record: CallStart<InProcessTransport>, error: EcsError, RequestId: string, call: EcsCall): CopyFailure {
    this.record(record, error.status, error.Code);
    return new CopyFailure({
      Code: error.Code,
      Message: redact(error.Message, call.credentials),
      errorClass: classifyEcsError(error.Code, error.status),
      RequestId,
      ecsHttpStatus: error.status,
    });
  }

  /** The connection closes without an answer, after the action when there was one: the client cannot tell which. */
  private hangUp(record: CallStart<InProcessTransport>, result: ActionResult | undefined): CopyFailure {
    this.record(record, 0, result?.ok === false ? result.error.Code : undefined);
    return new CopyFailure({ Code: 'EcsUnreachable', Message: 'The connection to ECS failed (ECONNRESET)', errorClass: 'transient' });
  }

  private record(record: CallStart<InProcessTransport>, status: number, Code: string | undefined): void {
    this.calls.push({ ...record, status, ...(Code !== undefined ? { Code } : {}) });
  }
}

/** The port's fields as pop-core sends them: no undefined, a list of tags as `Tag.N.Key` and `Tag.N.Value`. */
function rpcParameters(Action: string, fields: Record<string, string | undefined | readonly Tag[]>): Map<string, string> {
  const params = new Map<string, string>([
    ['Action', Action],
    ['Version', API_VERSION],
  ]);
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (typeof value === 'string') {
      params.set(name, value);
      continue;
    }
    value.forEach((tag, index) => {
      params.set(`${name}.${index + 1}.Key`, tag.Key);
      params.set(`${name}.${index + 1}.Value`, tag.Value);
    });
  }
  return params;
}

/** An RPC call's parameters as pop-core sends them: its Action and Version, the parameters flattened, as text. */
function popCoreParameters(Action: string, params: Record<string, unknown>): Map<string, string> {
  const flat = new Map<string, string>([
    ['Action', Action],
    ['Version', API_VERSION],
  ]);
  for (const [name, value] of Object.entries(flatParams(params))) flat.set(name, String(value));
  return flat;
}

/** pop-core's flattening of RPC parameters (flatParams in @alicloud/pop-core/lib/rpc.js): `Tag.1.Key`, `ResourceId.1`. */
function flatParams(params: Record<string, unknown>): Record<string, unknown> {
  const flat: Record<string, unknown> = {};
  const repeat = (prefix: string, list: readonly unknown[]) =>
    list.forEach((item, index) => {
      const key = `${prefix}.${index + 1}`;
      if (Array.isArray(item)) repeat(key, item);
      else if (typeof item === 'object' && item !== null) {
        for (const [name, value] of Object.entries(item)) {
          if (Array.isArray(value)) repeat(`${key}.${name}`, value);
          else flat[`${key}.${name}`] = value;
        }
      } else flat[key] = item;
    });
  for (const [name, value] of Object.entries(params)) {
    if (Array.isArray(value)) repeat(name, value);
    else flat[name] = value;
  }
  return flat;
}

/** A body pop-core could not parse (an HTML page, a cut-off answer). */
function notJson(): CopyFailure {
  return new CopyFailure({
    Code: 'EcsBadResponse',
    Message: 'ECS answered with a body that is not JSON (an HTML error page or a cut-off answer)',
    errorClass: 'transient',
  });
}

/** A JSON answer without an error Code and without what the action answers. */
function answerWithoutBody(status: number, RequestId: string | undefined, Action: string): CopyFailure {
  return new CopyFailure({
    Code: 'EcsBadResponse',
    Message:
      Action === 'CopySnapshot'
        ? `ECS answered HTTP ${status} without an error code or a SnapshotId`
        : `ECS answered DescribeSnapshots with HTTP ${status} and a body that is not a snapshot list`,
    errorClass: classifyEcsError('EcsBadResponse', status),
    ...(Action === 'CopySnapshot' ? { RequestId } : {}),
    ecsHttpStatus: status,
  });
}
