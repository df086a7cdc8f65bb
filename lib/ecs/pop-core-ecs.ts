import type RPCClient = require('@alicloud/pop-core/lib/rpc');

import { AsyncLocalStorage } from 'node:async_hooks';
import * as z from 'zod/mini';
import { classifyEcsError } from './classify-ecs-error';
import type { CopySnapshotParameters } from './copy-snapshot-parameters';
import type { Credentials } from './credentials';
import type { CopySnapshotResult, DescribeSnapshotsQuery, Ecs, EcsCall, SnapshotInfo, SnapshotPage } from './ecs';
import { CopyFailure } from './errors';
import { redact } from './redact';

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
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

const EcsErrorBodySchema = z.object({
  Code: z.string(),
  Message: z.optional(z.string()),
  RequestId: z.optional(z.string()),
});

/** Any ECS body that at least names its request. */
const RequestIdSchema = z.object({ RequestId: z.string() });

const CopySnapshotResponseSchema = z.object({
  RequestId: z.string(),
  SnapshotId: z.string().check(z.minLength(1)),
});

/** DescribeSnapshots' answer (ecs-api.md): tags as `Tags.Tag[]` of `TagKey`/`TagValue`; numbers may arrive as text. */
const DescribeSnapshotsResponseSchema = z.object({
  RequestId: z.string(),
  NextToken: z.optional(z.string()),
  Snapshots: z.object({
    Snapshot: z.array(
      z.object({
        SnapshotId: z.string(),
        SourceDiskId: z._default(z.string(), ''),
        Status: z.enum(['progressing', 'accomplished', 'failed']),
        Progress: z._default(z.string(), ''),
        CreationTime: z.string().check(z.refine((value) => !Number.isNaN(Date.parse(value)))),
        SnapshotType: z._default(z.string(), ''),
        Category: z._default(z.string(), ''),
        Encrypted: z._default(z.boolean(), false),
        SourceSnapshotId: z.optional(z.string()),
        SourceDiskSize: z.optional(z.union([z.number(), z.string()])),
        Tags: z._default(
          z.object({ Tag: z._default(z.array(z.object({ TagKey: z.string(), TagValue: z._default(z.string(), '') })), []) }),
          { Tag: [] },
        ),
      }),
    ),
  }),
});

const EntrySchema = z.object({ response: z.nullable(z.object({ statusCode: z.optional(z.number()) })) });

/**
 * The ECS adapter over `@alicloud/pop-core`'s RPC client, wrapping its hazards (ecs-api.md):
 * - every call is POST, so no signed URL (with the STS token and signature) is ever in an error's message or URL;
 * - `undefined` is never sent (pop-core would send the string "undefined"); tags are passed as `Tag.N.Key/Value`;
 * - the HTTP status is read (pop-core ignores it) and every body is validated, so a 5xx without `Code` or an HTML
 *   page from a proxy is a failure, not a success;
 * - whatever pop-core or its HTTP client throws is turned into a CopyFailure carrying only Code, Message (redacted)
 *   and RequestId, never the original error with its `url` and `entry`.
 */
export class PopCoreEcs implements Ecs {
  /** One client (and keep-alive connection pool) per endpoint, for the instance's life. */
  private readonly clients = new Map<string, RPCClient>();
  /** The credentials of the invocation a request belongs to: instances may run several invocations at once. */
  private readonly invocationCredentials = new AsyncLocalStorage<Credentials>();

  constructor(private readonly endpointTemplate: string) {}

  async copySnapshot(parameters: CopySnapshotParameters, call: EcsCall): Promise<CopySnapshotResult> {
    const { status, body } = await this.request('CopySnapshot', parameters.RegionId, toRpcParameters(parameters), call);
    const parsed = CopySnapshotResponseSchema.safeParse(body);
    if (status >= 400 || !parsed.success) {
      throw new CopyFailure({
        Code: 'EcsBadResponse',
        Message: `ECS answered HTTP ${status} without an error code or a SnapshotId`,
        errorClass: classifyEcsError('EcsBadResponse', status),
        RequestId: RequestIdSchema.safeParse(body).data?.RequestId,
        ecsHttpStatus: status,
      });
    }
    return { SnapshotId: parsed.data.SnapshotId, RequestId: parsed.data.RequestId };
  }

  async describeSnapshots(query: DescribeSnapshotsQuery, call: EcsCall): Promise<SnapshotPage> {
    const params: Record<string, unknown> = { RegionId: query.RegionId, MaxResults: String(query.MaxResults) };
    // "SnapshotIds (a JSON array string, ≤100 IDs)" (ecs-api.md); pop-core would flatten an array into X.N.
    if (query.SnapshotIds !== undefined) params.SnapshotIds = JSON.stringify(query.SnapshotIds);
    if (query.DiskId !== undefined) params.DiskId = query.DiskId;
    if (query.InstanceId !== undefined) params.InstanceId = query.InstanceId;
    if (query.SnapshotType !== undefined) params.SnapshotType = query.SnapshotType;
    if (query.Tag !== undefined) params.Tag = query.Tag.map((tag) => ({ Key: tag.Key, Value: tag.Value }));
    if (query.NextToken !== undefined) params.NextToken = query.NextToken;
    const { status, body } = await this.request('DescribeSnapshots', query.RegionId, params, call);
    const parsed = DescribeSnapshotsResponseSchema.safeParse(body);
    if (status >= 400 || !parsed.success) {
      throw new CopyFailure({
        Code: 'EcsBadResponse',
        Message: `ECS answered DescribeSnapshots with HTTP ${status} and a body that is not a snapshot list`,
        errorClass: classifyEcsError('EcsBadResponse', status),
        ecsHttpStatus: status,
      });
    }
    return {
      RequestId: parsed.data.RequestId,
      NextToken: parsed.data.NextToken === '' ? undefined : parsed.data.NextToken,
      Snapshots: parsed.data.Snapshots.Snapshot.map(
        (snapshot): SnapshotInfo => ({
          SnapshotId: snapshot.SnapshotId,
          RegionId: query.RegionId,
          SourceDiskId: snapshot.SourceDiskId,
          Status: snapshot.Status,
          Progress: snapshot.Progress,
          CreationTime: Date.parse(snapshot.CreationTime),
          SnapshotType: snapshot.SnapshotType,
          Category: snapshot.Category,
          Encrypted: snapshot.Encrypted,
          Tags: snapshot.Tags.Tag.map((tag) => ({ Key: tag.TagKey, Value: tag.TagValue })),
          ...(snapshot.SourceSnapshotId ? { SourceSnapshotId: snapshot.SourceSnapshotId } : {}),
          ...(gibibytes(snapshot.SourceDiskSize) !== undefined ? { SourceDiskSize: gibibytes(snapshot.SourceDiskSize) } : {}),
        }),
      ),
    };
  }

  /** The endpoint a region's calls go to; the region ID was checked for its shape, so it cannot name another host. */
  endpointFor(regionId: string): string {
    return this.endpointTemplate.replaceAll('{RegionId}', regionId);
  }

  private client(regionId: string): RPCClient {
    const endpoint = this.endpointFor(regionId);
    let client = this.clients.get(endpoint);
    if (!client) {
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
    }
    return client;
  }

  /** One RPC call to the region's endpoint; also used by the adapter's other calls (pop-core-ecs-disks.ts). */
  async request(
    action: string,
    regionId: string,
    params: Record<string, unknown>,
    call: EcsCall,
  ): Promise<{ status: number; body: unknown }> {
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
      const status = EntrySchema.safeParse(entry).data?.response?.statusCode ?? 200;
      return { status, body };
    } catch (error) {
      throw toCopyFailure(error, call.credentials);
    }
  }
}

/** CopySnapshot's parameters as pop-core sends them: no undefined, booleans and numbers as text. */
function toRpcParameters(parameters: CopySnapshotParameters): Record<string, unknown> {
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

/** A size in GiB as ECS sends it (a number, or its text: DescribeSnapshots' `SourceDiskSize` is a string). */
export function gibibytes(value: number | string | undefined): number | undefined {
  const size = typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value;
  return typeof size === 'number' && Number.isInteger(size) && size > 0 ? size : undefined;
}

function property(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** Everything pop-core and httpx throw, turned into a classified CopyFailure with nothing secret in it. */
export function toCopyFailure(error: unknown, credentials: Credentials | undefined): CopyFailure {
  const ecsError = EcsErrorBodySchema.safeParse(property(error, 'data'));
  if (ecsError.success) {
    const status = EntrySchema.safeParse(property(error, 'entry')).data?.response?.statusCode;
    return new CopyFailure({
      Code: ecsError.data.Code,
      Message: redact(ecsError.data.Message ?? 'ECS gave no message', credentials),
      errorClass: classifyEcsError(ecsError.data.Code, status),
      RequestId: ecsError.data.RequestId,
      ecsHttpStatus: status,
    });
  }
  const name = property(error, 'name');
  const code = property(error, 'code');
  // json-bigint throws a plain object named SyntaxError (carrying the whole body) for a body that is not JSON.
  if (name === 'SyntaxError') {
    return new CopyFailure({
      Code: 'EcsBadResponse',
      Message: 'ECS answered with a body that is not JSON (an HTML error page or a cut-off answer)',
      errorClass: 'transient',
    });
  }
  if (name === 'RequestTimeoutError') {
    return new CopyFailure({
      Code: 'EcsTimeout',
      Message: 'ECS did not answer in time; the copy may have started, and a retry with the same ClientToken finds it',
      errorClass: 'transient',
    });
  }
  if (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) {
    return new CopyFailure({
      Code: 'EcsUnreachable',
      Message: `The connection to ECS failed (${code})`,
      errorClass: 'transient',
    });
  }
  return new CopyFailure({
    Code: 'EcsClientError',
    Message: `The ECS client failed${typeof name === 'string' && /^\w{1,64}$/.test(name) ? ` (${name})` : ''}`,
    errorClass: 'unknown',
  });
}
