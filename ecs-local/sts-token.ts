import { randomBytes, randomInt } from 'node:crypto';
import type { LocalEcsCredential } from './signature';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** What an STS token is issued for: the account it acts in, the role session it signs as, its policy, its end. */
export interface StsTokenRequest {
  accountId: string;
  /** The role's ARN: the token signs as a session of that role. */
  roleArn: string;
  allowedActions: readonly string[] | undefined;
  expiresAtMs: number;
}

/**
 * A new STS credential, shaped as STS's are (AccessKeyId `STS.` and 25 letters and digits, e.g.
 * `STS.NUgYrLnoC37mZZCNnAbez****` on https://www.alibabacloud.com/help/en/ram/api-assumerole; a long opaque
 * SecurityToken), that belongs to the role's account in the credential table and expires at `expiresAtMs`.
 */
export function newStsCredential(request: StsTokenRequest): LocalEcsCredential {
  return {
    accessKeyId: `STS.${randomText(25)}`,
    accessKeySecret: randomText(44),
    securityToken: `CAIS${randomBytes(180).toString('base64')}`,
    expiration: new Date(request.expiresAtMs),
    accountId: request.accountId,
    principal: request.roleArn,
    ...(request.allowedActions !== undefined ? { allowedActions: request.allowedActions } : {}),
  };
}

/** `2015-04-09T11:52:19Z`, the form of an STS Expiration (seconds, no fraction). */
export const expirationText = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function randomText(length: number): string {
  let text = '';
  for (let i = 0; i < length; i += 1) text += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)] ?? 'A';
  return text;
}
