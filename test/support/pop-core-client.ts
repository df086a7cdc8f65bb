import * as z from 'zod';

import RPCClient = require('@alicloud/pop-core/lib/rpc');

import { randomUUID } from 'node:crypto';
import type { LocalEcs, LocalEcsCredential, SeedSnapshot } from '../../ecs-local';

/** The source region of the local endpoint's own tests. */
const SOURCE_REGION = 'cn-hangzhou';

/** A source snapshot in cn-hangzhou, of a disk of its own unless `overrides` name one; its SnapshotId. */
export function seedSource(ecs: LocalEcs, overrides: Partial<SeedSnapshot> = {}): string {
  return ecs.addSnapshot({ RegionId: SOURCE_REGION, DiskId: `d-${randomUUID().slice(0, 8)}`, ...overrides }).SnapshotId;
}

/** CopySnapshot's parameters for a copy of `SnapshotId` from cn-hangzhou to `DestinationRegionId`, as `overrides`
 * change them. */
export function copySnapshotParams(
  SnapshotId: string,
  DestinationRegionId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    RegionId: SOURCE_REGION,
    SnapshotId,
    DestinationRegionId,
    DestinationSnapshotName: 'dr-copy',
    DestinationSnapshotDescription: 'Disaster recovery copy',
    ...overrides,
  };
}

/** The real pop-core client pointed at a local ECS endpoint, as the function points it at ECS. */
export function popCoreClient(ecs: LocalEcs, credential: LocalEcsCredential): RPCClient {
  return new RPCClient({
    endpoint: ecs.url,
    apiVersion: '2014-05-26',
    accessKeyId: credential.accessKeyId,
    accessKeySecret: credential.accessKeySecret,
    ...(credential.securityToken === undefined ? {} : { securityToken: credential.securityToken }),
  });
}

/** One call as the function makes it: POST, so no signed URL ends up in an error. */
export function callEcs(client: RPCClient, action: string, params: Record<string, unknown>): Promise<unknown> {
  return client.request(action, params, { method: 'POST', timeout: 3000 });
}

const PopCoreEcsErrorSchema = z.object({
  code: z.string(),
  data: z.object({ RequestId: z.string(), Code: z.string(), Message: z.string() }),
  entry: z.object({ response: z.object({ statusCode: z.number() }) }),
});

/** The ECS error a call failed with, as pop-core throws it: Code, HTTP status, Message. Fails when the call succeeded. */
export async function ecsFailureOf(promise: Promise<unknown>): Promise<{ code: string; status: number; message: string }> {
  const error = await promise.then(
    (answer) => {
      throw new Error(`expected the call to fail, it answered ${JSON.stringify(answer)}`);
    },
    (failure: unknown) => failure,
  );
  const parsed = PopCoreEcsErrorSchema.parse(error);
  return { code: parsed.code, status: parsed.entry.response.statusCode, message: parsed.data.Message };
}

/** DescribeSnapshots' answer, loosely: what a test needs to read from it. */
export const ListingSchema = z.object({
  RequestId: z.string(),
  NextToken: z.string().optional(),
  Snapshots: z.object({ Snapshot: z.array(z.record(z.string(), z.unknown())) }),
});

export type Listing = z.infer<typeof ListingSchema>;
