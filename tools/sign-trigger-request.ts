// Signs a request to an FC 3.0 HTTP trigger whose authType is `function`, the way FC documents it
// (https://www.alibabacloud.com/help/en/functioncompute/fc/user-guide/configure-signature-authentication-for-http-triggers):
// Alibaba Cloud's ACS3-HMAC-SHA256, computed by Alibaba's own OpenApiUtil.getAuthorization (the same function FC's
// Node.js sample calls from @alicloud/openapi-util; @alicloud/openapi-core carries the maintained copy), fed what FC's
// samples feed it: the method, the path, the query, the headers x-acs-date and x-acs-security-token, and an empty
// string for the hashed payload. Only the preparation of those inputs is ours; no hashing or HMAC is written here.
import { OpenApiUtil } from '@alicloud/openapi-core';
import { Request } from '@alicloud/tea-typescript';

export const SIGNATURE_ALGORITHM = 'ACS3-HMAC-SHA256';

/**
 * FC's samples in every language pass '' (Go: nil) where the V3 algorithm puts the body's SHA-256: the trigger's
 * signature does not cover the body, so HTTPS is what keeps the body as sent.
 */
const FC_TRIGGER_HASHED_PAYLOAD = '';

export interface AccessKey {
  accessKeyId: string;
  accessKeySecret: string;
  /** An STS token, when the AccessKey is temporary (`STS.` IDs). */
  securityToken?: string | undefined;
}

/** A URL this signer cannot sign so that FC computes the same canonical request; the message says why. */
export class UnsignableUrl extends Error {
  override readonly name = 'UnsignableUrl';
}

export interface SignedRequest {
  /** The request target to send: the path and query exactly as signed. */
  target: string;
  /** x-acs-date, x-acs-security-token when STS, and authorization. */
  headers: Record<string, string>;
}

/**
 * The request target and headers that make `method url` a signed call of the trigger at `now`. The path and the query
 * travel exactly as signed, percent-encoded as RFC 3986 says, so a gateway that decodes and re-encodes them (as the V3
 * algorithm tells it to) arrives at the same canonical request.
 */
export function signTriggerRequest(method: string, url: URL, key: AccessKey, now: Date): SignedRequest {
  const pathname = canonicalPath(url.pathname);
  const query = signedQuery(url.searchParams);
  const headers: Record<string, string> = { 'x-acs-date': acsDate(now) };
  if (key.securityToken) headers['x-acs-security-token'] = key.securityToken;

  const request = new Request();
  request.method = method.toUpperCase();
  request.pathname = pathname;
  request.query = query;
  // Only the x-acs- headers are given to the library, as in FC's samples: Host and Content-Type stay unsigned, so
  // the result is the same whether FC checks the SignedHeaders the request names or every x-acs- header it carries.
  request.headers = { ...headers };
  const authorization = OpenApiUtil.getAuthorization(
    request,
    SIGNATURE_ALGORITHM,
    FC_TRIGGER_HASHED_PAYLOAD,
    key.accessKeyId,
    key.accessKeySecret,
  );

  const search = Object.entries(query)
    .map(([name, value]) => `${name}=${rfc3986(value)}`)
    .join('&');
  return { target: search ? `${pathname}?${search}` : pathname, headers: { ...headers, authorization } };
}

/** "yyyy-MM-ddTHH:mm:ssZ", in UTC (https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature). */
function acsDate(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The V3 CanonicalURI: every segment of the path percent-encoded as RFC 3986 says. */
function canonicalPath(pathname: string): string {
  return pathname
    .split('/')
    .map((segment) => {
      try {
        return rfc3986(decodeURIComponent(segment));
      } catch {
        throw new UnsignableUrl(`the path segment "${segment}" is not valid percent-encoding`);
      }
    })
    .join('/');
}

/** Names the library signs as they are (it encodes values only), so a name must need no encoding. */
const PLAIN_NAME = /^[A-Za-z0-9._~-]+$/;

/**
 * The query as the library signs it: one value a name. The library takes a map, so a repeated name would be signed
 * with one of its values and sent with all of them; such a URL is refused rather than signed wrongly.
 */
function signedQuery(parameters: URLSearchParams): Record<string, string> {
  const query = new Map<string, string>();
  for (const [name, value] of parameters) {
    if (!PLAIN_NAME.test(name)) throw new UnsignableUrl(`the query parameter name "${name}" must be letters, digits or - _ . ~`);
    if (query.has(name)) throw new UnsignableUrl(`the query parameter ${name} is given more than once`);
    query.set(name, value);
  }
  // fromEntries defines own properties, so even a parameter named __proto__ is kept as a parameter.
  return Object.fromEntries(query);
}

/** RFC 3986 percent-encoding: everything but letters, digits and - _ . ~ (the library's own encoding of values). */
function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}
