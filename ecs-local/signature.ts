import { createHmac, timingSafeEqual } from 'node:crypto';
import { type EcsError, ecsError, missingParameter } from './errors';
import { nonEmpty } from './params';

/** `securityToken` set: an STS credential, whose requests must carry `SecurityToken` equal to it until `expiration`. */
export interface LocalEcsCredential {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
  expiration?: Date;
  /**
   * The actions this key's RAM policy allows; every action when absent. Any other is answered 403 `Forbidden.RAM`
   * after the signature is checked, as ECS answers a RAM user whose policy lacks the action.
   */
  allowedActions?: readonly string[];
  /** The account the key belongs to, whose resources its requests see and change; `local-account` when absent. */
  accountId?: string;
  /**
   * The RAM identity the key signs as: a RAM user `acs:ram::{accountId}:user/{name}` or a role session
   * `acs:ram::{accountId}:role/{name}` (an STS token of that role), in the key's own account. Absent: the account's
   * own key (its root identity). STS AssumeRole checks a role's trust policy against it.
   */
  principal?: string;
}

export type Authentication = { ok: true; credential: LocalEcsCredential } | { ok: false; error: EcsError };

/** Common parameters every signed RPC request carries
 * (https://www.alibabacloud.com/help/en/sdk/product-overview/rpc-mechanism). */
const REQUIRED_COMMON_PARAMETERS = [
  'Action',
  'Version',
  'AccessKeyId',
  'Signature',
  'SignatureMethod',
  'SignatureVersion',
  'SignatureNonce',
  'Timestamp',
] as const;

/** ISO 8601 in UTC, `YYYY-MM-DDThh:mm:ssZ`; pop-core drops the milliseconds, other SDKs may keep them. */
const TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

/** RFC 3986: everything but `A-Za-z0-9-_.~` is escaped, so `*` is `%2A` and a space `%20` (never `+`). */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** StringToSign = METHOD&%2F&percentEncode(canonical query), the query sorted by name, `Signature` left out. */
export function stringToSign(method: string, params: ReadonlyMap<string, string>): string {
  const canonical = [...params.keys()]
    .filter((name) => name !== 'Signature')
    .sort()
    .map((name) => `${percentEncode(name)}=${percentEncode(params.get(name) ?? '')}`)
    .join('&');
  return `${method}&${percentEncode('/')}&${percentEncode(canonical)}`;
}

/** Base64(HMAC-SHA1(AccessKeySecret + "&", StringToSign)). */
export function sign(text: string, accessKeySecret: string): string {
  return createHmac('sha1', `${accessKeySecret}&`).update(text, 'utf8').digest('base64');
}

/**
 * Verifies RPC signature V1 and the replay protections around it. Nonces are remembered per AccessKeyId for twice
 * the timestamp window: a request older than that is refused by its Timestamp anyway.
 */
export class RequestAuthenticator {
  private readonly noncesByAccessKey = new Map<string, Map<string, number>>();

  /** `credentialOf`: the credential table's entry for an AccessKeyId (engine.ts), read at each request. */
  constructor(
    private readonly credentialOf: (accessKeyId: string) => LocalEcsCredential | undefined,
    private readonly timestampWindowMs: number,
  ) {}

  authenticate(method: string, params: ReadonlyMap<string, string>, nowMs: number): Authentication {
    for (const name of REQUIRED_COMMON_PARAMETERS) {
      if (nonEmpty(params, name) === undefined) return { ok: false, error: missingParameter(name) };
    }
    const accessKeyId = params.get('AccessKeyId') ?? '';
    const signature = params.get('Signature') ?? '';
    const nonce = params.get('SignatureNonce') ?? '';
    const timestamp = params.get('Timestamp') ?? '';

    // The code for an unsupported method or version is UNVERIFIED; POP documents IncompleteSignature as "The request
    // signature does not conform to Aliyun standards", which is what such a request is.
    if (params.get('SignatureMethod') !== 'HMAC-SHA1') {
      return refuse(
        400,
        'IncompleteSignature',
        'The request signature does not conform to Aliyun standards: SignatureMethod must be HMAC-SHA1.',
      );
    }
    if (params.get('SignatureVersion') !== '1.0') {
      return refuse(
        400,
        'IncompleteSignature',
        'The request signature does not conform to Aliyun standards: SignatureVersion must be 1.0.',
      );
    }
    const timestampMs = TIMESTAMP_PATTERN.test(timestamp) ? Date.parse(timestamp) : Number.NaN;
    if (Number.isNaN(timestampMs)) {
      return refuse(400, 'InvalidTimeStamp.Format', 'Specified time stamp or date value is not well formatted.');
    }

    const credential = this.credentialOf(accessKeyId);
    if (credential === undefined) {
      return refuse(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
    }
    const tokenError = checkSecurityToken(credential, params.get('SecurityToken'), nowMs);
    if (tokenError !== undefined) return { ok: false, error: tokenError };

    const serverStringToSign = stringToSign(method, params);
    if (!sameText(sign(serverStringToSign, credential.accessKeySecret), signature)) {
      // Real ECS echoes its StringToSign (never the secret), which is what makes a signing bug findable.
      return refuse(
        400,
        'SignatureDoesNotMatch',
        `Specified signature is not matched with our calculation. server string to sign is:${serverStringToSign}`,
      );
    }
    if (Math.abs(nowMs - timestampMs) > this.timestampWindowMs) {
      return refuse(400, 'IllegalTimestamp', 'Specified Timestamp is not within the allowed window around the server time.');
    }
    if (!this.rememberNonce(accessKeyId, nonce, nowMs)) {
      return refuse(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
    }
    return { ok: true, credential };
  }

  /** False when the nonce was already seen for this AccessKeyId within the retention. */
  private rememberNonce(accessKeyId: string, nonce: string, nowMs: number): boolean {
    const retentionMs = 2 * this.timestampWindowMs;
    let seen = this.noncesByAccessKey.get(accessKeyId);
    if (seen === undefined) {
      seen = new Map();
      this.noncesByAccessKey.set(accessKeyId, seen);
    }
    for (const [oldNonce, seenAtMs] of seen) {
      if (nowMs - seenAtMs > retentionMs) seen.delete(oldNonce);
    }
    if (seen.has(nonce)) return false;
    seen.set(nonce, nowMs);
    return true;
  }
}

function refuse(status: number, code: string, message: string): Authentication {
  return { ok: false, error: ecsError(status, code, message) };
}

/**
 * `InvalidSecurityToken.Expired` is answered with 400 or 403 (no public page settles which: UNVERIFIED); 400 is used
 * for all three token codes.
 * A token sent with a permanent AccessKey is refused as a mismatch rather than ignored, so a client that mixes up
 * its credentials is caught here and not in production.
 */
function checkSecurityToken(credential: LocalEcsCredential, token: string | undefined, nowMs: number): EcsError | undefined {
  if (credential.securityToken === undefined) {
    if (token === undefined) return undefined;
    return ecsError(400, 'InvalidSecurityToken.Mismatch', 'Specified SecurityToken mismatch with the AccessKey.');
  }
  if (token === undefined || token === '') {
    return ecsError(400, 'InvalidSecurityToken.Malformed', 'Specified SecurityToken is malformed.');
  }
  if (!sameText(token, credential.securityToken)) {
    return ecsError(400, 'InvalidSecurityToken.Mismatch', 'Specified SecurityToken mismatch with the AccessKey.');
  }
  if (credential.expiration !== undefined && nowMs >= credential.expiration.getTime()) {
    return ecsError(400, 'InvalidSecurityToken.Expired', 'Specified SecurityToken is expired.');
  }
  return undefined;
}

/** Compares secrets in constant time, so the answer time says nothing about how much of them matched. */
function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
