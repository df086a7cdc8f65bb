import RPCClient = require('@alicloud/pop-core/lib/rpc');

import * as z from 'zod';
import { type LocalEcs, type LocalEcsCredential, RESOURCE_MANAGER_API_VERSION, STS_API_VERSION } from '../../ecs-local';

/** The real pop-core client pointed at a product of the local cloud (`/sts`, `/resourcemanager`), as a worker points
 * it at `STS_ENDPOINT` or `RESOURCE_MANAGER_ENDPOINT`. */
function productClient(ecs: LocalEcs, path: string, apiVersion: string, credential: LocalEcsCredential): RPCClient {
  return new RPCClient({
    endpoint: `${ecs.url}${path}`,
    apiVersion,
    accessKeyId: credential.accessKeyId,
    accessKeySecret: credential.accessKeySecret,
    ...(credential.securityToken === undefined ? {} : { securityToken: credential.securityToken }),
  });
}

export const stsClient = (ecs: LocalEcs, credential: LocalEcsCredential): RPCClient =>
  productClient(ecs, '/sts', STS_API_VERSION, credential);

export const resourceManagerClient = (ecs: LocalEcs, credential: LocalEcsCredential): RPCClient =>
  productClient(ecs, '/resourcemanager', RESOURCE_MANAGER_API_VERSION, credential);

/** AssumeRole's answer (https://www.alibabacloud.com/help/en/ram/api-assumerole). */
export const AssumeRoleAnswerSchema = z.strictObject({
  RequestId: z.string(),
  AssumedRoleUser: z.strictObject({ Arn: z.string(), AssumedRoleId: z.string() }),
  Credentials: z.strictObject({
    AccessKeyId: z.string(),
    AccessKeySecret: z.string(),
    SecurityToken: z.string(),
    Expiration: z.string(),
  }),
});
export type AssumeRoleAnswer = z.infer<typeof AssumeRoleAnswerSchema>;

/** An assumed role's credentials as a key of the credential table, for the next client. */
export const credentialOf = (answer: AssumeRoleAnswer): LocalEcsCredential => ({
  accessKeyId: answer.Credentials.AccessKeyId,
  accessKeySecret: answer.Credentials.AccessKeySecret,
  securityToken: answer.Credentials.SecurityToken,
});

/** One AssumeRole call as a worker makes it: POST. */
export async function assumeRole(client: RPCClient, params: Record<string, unknown>): Promise<AssumeRoleAnswer> {
  return AssumeRoleAnswerSchema.parse(await client.request('AssumeRole', params, { method: 'POST', timeout: 3000 }));
}

/** The STS session of a hub function's role in `accountId` (`snapshot-copy-hub`), as FC hands it to the function. */
export const hubSessionKey = (accountId: string): LocalEcsCredential => ({
  accessKeyId: 'STS.hub-session',
  accessKeySecret: 'hub-session-secret',
  securityToken: 'hub-session-token',
  accountId,
  principal: `acs:ram::${accountId}:role/snapshot-copy-hub`,
});
