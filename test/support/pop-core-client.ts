import * as z from 'zod';

import RPCClient = require('@alicloud/pop-core/lib/rpc');

import type { LocalEcs, LocalEcsCredential } from '../../ecs-local';

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
