import type RPCClient = require('@alicloud/pop-core/lib/rpc');

import { AsyncLocalStorage } from 'node:async_hooks';
import * as z from 'zod/mini';
import { CopyFailure, ValidationError } from '../failures/errors';
import { classifiedFailure } from './classify-ecs-error';
import type { CopySnapshotParameters } from './copy-snapshot-parameters';
import type { Credentials } from './credentials';
import {
  type CopySnapshotResult,
  type DescribeSnapshotsQuery,
  type Ecs,
  type EcsCall,
  MIN_MAX_RESULTS,
  type SnapshotInfo,
  type SnapshotPage,
  type UnrecognizedSnapshot,
} from './ecs';
import { SNAPSHOT_ID_PATTERN } from './identifiers';
import { redact } from './redact';
import { DescribeSnapshotsPageSchema, readListedSnapshot } from './snapshot-listing';
import { malformedUnicodeParameters, WELL_FORMED_UNICODE_RULE } from './unicode';

const API_VERSION = '2014-05-26';

/**
 * pop-core, its HTTP client and Node's http, https and zlib are loaded on the first ECS call, not when FC loads the
 * function: a request refused before any call never pays for them, and the instance starts sooner.
 */
let loadedRpcClient: typeof RPCClient | undefined;
function rpcClientClass(): typeof RPCClient {
  loadedRpcClient ??= require('@alicloud/pop-core/lib/rpc') as typeof RPCClient;
  return loadedRpcClient;
}

/** pop-core's HTTP client reports these errno codes for a connection that failed or broke. */
const NETWORK_ERROR_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

/** The endpoint's name did not resolve: no such host (a region that does not exist), or the resolver failed. */
const NAME_NOT_RESOLVED_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL']);

/** Node's TLS and certificate errors (a proxy's certificate, an expired one, a host without TLS on that port). */
const TLS_ERROR_CODE =
  /^(?:EPROTO|ERR_SSL_|ERR_TLS_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|HOSTNAME_MISMATCH)/;

/** Node's HTTP parser errors: the other end does not speak HTTP, or broke the answer off. */
const PROTOCOL_ERROR_CODE = /^(?:HPE_|ERR_INVALID_HTTP_RESPONSE|ERR_HTTP_)/;

/** Codes and RequestIds longer than this are no ECS values: cut short before they reach a log line. */
const MAX_ECHOED_LENGTH = 128;

/** Clients (each with its keep-alive pool) kept at once: more than ECS has regions, so a run never evicts its own. */
const MAX_CLIENTS = 32;

/** A Code that is a number (seen from proxies and gateways) is kept as text and classified by the HTTP status. */
const EcsErrorBodySchema = z.object({
  Code: z.union([z.string(), z.pipe(z.number(), z.transform(String))]),
  Message: z.optional(z.string()),
  RequestId: z.optional(z.string()),
});

/** Any ECS body that at least names its request. */
const RequestIdSchema = z.object({ RequestId: z.string() });

/** A SnapshotId that is not one (another prefix, upper case, 10 KB, quotes) is a bad answer, never a copy to report. */
const CopySnapshotResponseSchema = z.object({
  RequestId: z.string(),
  SnapshotId: z.string().check(z.regex(SNAPSHOT_ID_PATTERN)),
});

/** pop-core's `entry.response` may be null (no answer); `?? undefined` before parsing keeps zod's nullable out. */
const ResponseSchema = z.object({ statusCode: z.optional(z.number()) });
const statusOf = (entry: unknown): number | undefined => {
  const response = typeof entry === 'object' && entry !== null ? (property(entry, 'response') ?? undefined) : undefined;
  return ResponseSchema.safeParse(response).data?.statusCode;
};

/**
 * The ECS adapter over `@alicloud/pop-core`'s RPC client, wrapping its hazards (read in `@alicloud/pop-core` 1.8.0
 * `lib/rpc.js`; the signed URL in its errors: https://github.com/aliyun/openapi-core-nodejs-sdk/issues/99):
 * - every call is POST, so no signed URL (with the STS token and signature) is ever in an error's message or URL;
 * - `undefined` is never sent (pop-core would send the string "undefined"); tags are passed as `Tag.N.Key/Value`;
 * - the HTTP status is read (pop-core ignores it) and every body is validated, so a 5xx without `Code` or an HTML
 *   page from a proxy is a failure, not a success;
 * - whatever pop-core or its HTTP client throws is turned into a CopyFailure carrying only Code, Message (redacted)
 *   and RequestId, never the original error with its `url` and `entry`.
 */
/**
 * One store for every adapter: each request runs inside `run(call.credentials, …)`, so the store read is always its
 * own invocation's. One per adapter would be correct too, but Node keeps every AsyncLocalStorage ever made hooked
 * into every promise of the process, which slows a process that builds many adapters (the tests, the benchmark).
 */
const INVOCATION_CREDENTIALS = new AsyncLocalStorage<Credentials>();

export class PopCoreEcs implements Ecs {
  /**
   * One client (and keep-alive connection pool) per endpoint, for the instance's life, the least recently used
   * dropped past MAX_CLIENTS: callers may name any region, and every name would otherwise be kept forever.
   */
  private readonly clients = new Map<string, RPCClient>();
  /** The credentials of the invocation a request belongs to: instances may run several invocations at once. */
  private readonly invocationCredentials = INVOCATION_CREDENTIALS;

  constructor(private readonly endpointTemplate: string) {}

  async copySnapshot(parameters: CopySnapshotParameters, call: EcsCall): Promise<CopySnapshotResult> {
    const { status, body } = await this.request('CopySnapshot', parameters.RegionId, copySnapshotRpcParameters(parameters), call);
    const parsed = CopySnapshotResponseSchema.safeParse(body);
    if (status >= 400 || !parsed.success) {
      throw badResponse(`ECS answered CopySnapshot with HTTP ${status} without an error code or a snapshot ID`, status, body, call);
    }
    return { SnapshotId: parsed.data.SnapshotId, RequestId: echoed(parsed.data.RequestId, call) };
  }

  async describeSnapshots(query: DescribeSnapshotsQuery, call: EcsCall): Promise<SnapshotPage> {
    const params: Record<string, unknown> = {
      RegionId: query.RegionId,
      MaxResults: String(Math.max(MIN_MAX_RESULTS, query.MaxResults)),
    };
    // "SnapshotIds (a JSON array string, ≤100 IDs)"
    // (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describesnapshots);
    // pop-core would flatten an array into X.N.
    if (query.SnapshotIds !== undefined) params.SnapshotIds = JSON.stringify(query.SnapshotIds);
    if (query.DiskId !== undefined) params.DiskId = query.DiskId;
    if (query.InstanceId !== undefined) params.InstanceId = query.InstanceId;
    if (query.SnapshotType !== undefined) params.SnapshotType = query.SnapshotType;
    if (query.Tag !== undefined) params.Tag = query.Tag.map((tag) => ({ Key: tag.Key, Value: tag.Value }));
    if (query.CreationStartTime !== undefined) {
      params.Filter = [{ Key: 'CreationStartTime', Value: creationFilterValue(query.CreationStartTime) }];
    }
    if (query.NextToken !== undefined) params.NextToken = query.NextToken;
    const { status, body } = await this.request('DescribeSnapshots', query.RegionId, params, call);
    const parsed = DescribeSnapshotsPageSchema.safeParse(body);
    if (status >= 400 || !parsed.success) {
      throw badResponse(`ECS answered DescribeSnapshots with HTTP ${status} and a body that is not a snapshot list`, status, body, call);
    }
    // A NextToken seen before (this page's own included) is not this call's failure to retry but the listing's:
    // its ListingGuard ends it at once (listing-guard.ts).
    const NextToken = parsed.data.NextToken === '' ? undefined : parsed.data.NextToken;
    const Snapshots: SnapshotInfo[] = [];
    const Unrecognized: UnrecognizedSnapshot[] = [];
    for (const item of parsed.data.Snapshots.Snapshot) {
      const listed = readListedSnapshot(item, query.RegionId, (value) => quoted(value, call));
      if (listed.ok) Snapshots.push(listed.snapshot);
      else Unrecognized.push(listed.unrecognized);
    }
    return {
      RequestId: echoed(parsed.data.RequestId, call),
      NextToken,
      Snapshots,
      ...(Unrecognized.length > 0 ? { Unrecognized } : {}),
    };
  }

  /** The endpoint a region's calls go to; the region ID was checked for its shape, so it cannot name another host. */
  endpointFor(regionId: string): string {
    return this.endpointTemplate.replaceAll('{RegionId}', regionId);
  }

  /** The host a region's calls go to, to name in a failure: never the user or password a template might carry. */
  hostFor(regionId: string): string {
    try {
      return new URL(this.endpointFor(regionId)).host;
    } catch {
      return 'the ECS endpoint';
    }
  }

  private client(regionId: string): RPCClient {
    const endpoint = this.endpointFor(regionId);
    let client = this.clients.get(endpoint);
    if (client) {
      // Most recently used last, so that the first entry is the one to drop.
      this.clients.delete(endpoint);
      this.clients.set(endpoint, client);
    } else {
      const scope = this.invocationCredentials;
      const RpcClient = rpcClientClass();
      client = new RpcClient(
        {
          endpoint,
          apiVersion: API_VERSION,
          credentialsProvider: {
            getCredentials: async () => {
              const credentials = scope.getStore();
              if (!credentials) throw new Error('ECS request made outside an invocation');
              return credentials.securityToken === undefined
                ? { accessKeyId: credentials.accessKeyId, accessKeySecret: credentials.accessKeySecret }
                : { ...credentials, securityToken: credentials.securityToken };
            },
          },
        },
        true,
      );
      this.clients.set(endpoint, client);
      // The dropped client's idle sockets are unreferenced by Node's agent and closed by the server in time.
      if (this.clients.size > MAX_CLIENTS) this.clients.delete(this.clients.keys().next().value ?? endpoint);
    }
    return client;
  }

  /** How many clients are kept; for tests of the bound. */
  get clientCount(): number {
    return this.clients.size;
  }

  /** One RPC call to the region's endpoint; also used by the adapter's other calls (pop-core-ecs-disks.ts). */
  async request(
    action: string,
    regionId: string,
    params: Record<string, unknown>,
    call: EcsCall,
  ): Promise<{ status: number; body: unknown }> {
    // pop-core's encodeURIComponent throws a URIError on a lone surrogate; refuse it here, naming the parameter.
    const malformed = malformedUnicodeParameters(params);
    if (malformed.length > 0) throw new ValidationError(malformed.map((field) => ({ field, rule: WELL_FORMED_UNICODE_RULE })));
    const client = this.client(regionId);
    try {
      const answer = await this.invocationCredentials.run(call.credentials, () =>
        client.request(action, params, {
          // Upper case: pop-core compares `opts.method === 'POST'`; GET would put the signed URL in its errors.
          method: 'POST',
          connectTimeout: call.timeoutMs,
          readTimeout: call.timeoutMs,
          formatParams: false,
        }),
      );
      // verbose mode: [body, entry]
      const [body, entry] = Array.isArray(answer) ? answer : [answer, undefined];
      const status = statusOf(entry) ?? 200;
      return { status, body };
    } catch (error) {
      throw namingRegions(toCopyFailure(error, call.credentials, this.hostFor(regionId)), action, regionId, params.DestinationRegionId);
    }
  }
}

/**
 * ECS's region errors ("The specified RegionId does not exist.") name no region: the failure names the call and the
 * regions it sent (a listing of a destination is made in that region), which the advice traces to their settings.
 */
function namingRegions(failure: CopyFailure, action: string, RegionId: string, DestinationRegionId: unknown): CopyFailure {
  if (!failure.Code.includes('Region')) return failure;
  const where = typeof DestinationRegionId === 'string' ? `from ${RegionId} to ${DestinationRegionId}` : `in ${RegionId}`;
  return new CopyFailure({ ...failure, Message: `${failure.Message} (${action} ${where})` });
}

/** CopySnapshot's parameters as pop-core sends them: no undefined, booleans and numbers as text. The unit tests' fake
 * ECS (test/support/fake-ecs.ts) sends these too, so that both transports carry the same request. */
export function copySnapshotRpcParameters(parameters: CopySnapshotParameters): Record<string, unknown> {
  const rpc: Record<string, unknown> = {
    RegionId: parameters.RegionId,
    SnapshotId: parameters.SnapshotId,
    DestinationRegionId: parameters.DestinationRegionId,
    DestinationSnapshotName: parameters.DestinationSnapshotName,
    DestinationSnapshotDescription: parameters.DestinationSnapshotDescription,
    ClientToken: parameters.ClientToken,
  };
  if (parameters.RetentionDays !== undefined) rpc.RetentionDays = String(parameters.RetentionDays);
  if (parameters.Encrypted !== undefined) rpc.Encrypted = String(parameters.Encrypted);
  if (parameters.KMSKeyId !== undefined) rpc.KMSKeyId = parameters.KMSKeyId;
  // pop-core flattens a list of objects into Tag.1.Key, Tag.1.Value, ...
  if (parameters.Tag.length > 0) rpc.Tag = parameters.Tag.map((tag) => ({ Key: tag.Key, Value: tag.Value }));
  return rpc;
}

function property(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** An answer that is not what ECS answers: classified by its HTTP status, carrying its RequestId when it has one. */
function badResponse(Message: string, status: number, body: unknown, call: EcsCall): CopyFailure {
  const RequestId = RequestIdSchema.safeParse(body).data?.RequestId;
  return classifiedFailure({
    Code: 'EcsBadResponse',
    Message,
    RequestId: RequestId === undefined ? undefined : echoed(RequestId, call),
    ecsHttpStatus: status,
  });
}

/** A Code or RequestId from an answer: what a proxy echoed into it is redacted, and it is cut to a sane length. */
function echoed(value: string, call: { credentials: Credentials | undefined }): string {
  return redact(value, call.credentials).slice(0, MAX_ECHOED_LENGTH);
}

/**
 * "Filter.1.Value … in the yyyy-MM-ddTHH:mmZ format. The time must be in UTC"
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describesnapshots): to the
 * minute, rounded down, so that nothing created in the minute asked for is left out.
 */
export function creationFilterValue(ms: number): string {
  return `${new Date(Math.floor(ms / 60_000) * 60_000).toISOString().slice(0, 16)}Z`;
}

/** A value from an answer quoted in a message of ours: redacted, cut short, as JSON so its type shows. */
function quoted(value: unknown, call: EcsCall): string {
  const text = JSON.stringify(value) ?? String(value);
  const safe = redact(text, call.credentials);
  return safe.length > 64 ? `${safe.slice(0, 61)}...` : safe;
}

/**
 * A failure of the connection or of what came back, before any ECS answer: its class is the one the error tables give
 * its Code (classify-ecs-error.ts), which holds for every status.
 */
function hostFailure(Code: string, Message: string): CopyFailure {
  return classifiedFailure({ Code, Message });
}

/**
 * Everything pop-core and httpx throw, turned into a classified CopyFailure with nothing secret in it. `host` is
 * the endpoint's host as the adapter built it (never text from the error, which carries the signed URL).
 */
export function toCopyFailure(error: unknown, credentials: Credentials | undefined, host = 'the ECS endpoint'): CopyFailure {
  const ecsError = EcsErrorBodySchema.safeParse(property(error, 'data'));
  if (ecsError.success) {
    const status = statusOf(property(error, 'entry'));
    const Code = echoed(ecsError.data.Code, { credentials });
    return classifiedFailure({
      Code,
      Message: redact(ecsError.data.Message ?? 'ECS gave no message', credentials),
      RequestId: ecsError.data.RequestId === undefined ? undefined : echoed(ecsError.data.RequestId, { credentials }),
      ecsHttpStatus: status,
    });
  }
  const name = property(error, 'name');
  // Node's errno code as text; '' matches none of the sets and patterns below.
  const code = String(property(error, 'code') ?? '');
  const message = property(error, 'message');
  // json-bigint throws a plain object named SyntaxError (carrying the whole body) for a body that is not JSON.
  if (name === 'SyntaxError') {
    return hostFailure('EcsBadResponse', `${host} answered with a body that is not JSON (an HTML error page or a cut-off answer)`);
  }
  // pop-core reads `json.Code` of whatever the body parsed to: a body of `null` throws this TypeError.
  if (name === 'TypeError' && typeof message === 'string' && message.includes("reading 'Code'")) {
    return hostFailure('EcsBadResponse', `${host} answered with a null body instead of an ECS answer`);
  }
  if (name === 'RequestTimeoutError') {
    return hostFailure(
      'EcsTimeout',
      `${host} did not answer in time; the copy may have started, and a retry with the same ClientToken finds it`,
    );
  }
  if (NAME_NOT_RESOLVED_CODES.has(code)) {
    return hostFailure('EcsNameNotResolved', `The host name ${host} did not resolve (${code})`);
  }
  if (TLS_ERROR_CODE.test(code)) {
    return hostFailure('EcsTlsError', `The TLS connection to ${host} failed (${code})`);
  }
  if (PROTOCOL_ERROR_CODE.test(code)) {
    return hostFailure('EcsProtocolError', `${host} answered something that is not HTTP (${code})`);
  }
  if (NETWORK_ERROR_CODES.has(code)) {
    return hostFailure('EcsUnreachable', `The connection to ${host} failed (${code})`);
  }
  return hostFailure('EcsClientError', `The ECS client failed${typeof name === 'string' && /^\w{1,64}$/.test(name) ? ` (${name})` : ''}`);
}
