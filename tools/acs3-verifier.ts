// Checks the ACS3-HMAC-SHA256 signature of a request received by the local stand-in for FC's HTTP trigger gateway
// (tools/local-http-trigger.ts). It is written from the documentation alone, apart from the signer
// (tools/sign-trigger-request.ts) and from the library the signer uses, so that the signer passing it is evidence
// that the signer follows the documentation, not that two copies of one mistake agree:
// - the algorithm, with a worked example (the test vector in test/unit/trigger-signature.test.ts):
//   https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature
// - FC's use of it for HTTP triggers, with samples in Python, Node.js, Go and Java:
//   https://www.alibabacloud.com/help/en/functioncompute/fc/user-guide/configure-signature-authentication-for-http-triggers
// What FC's own gateway checks beyond this (its exact answers, clock tolerance, any replay protection) is not
// documented there and is not claimed here.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const ALGORITHM = 'ACS3-HMAC-SHA256';

/** x-acs-date: "The timestamp must be within 15 minutes before the request is sent" (V3 documentation). */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

/**
 * The hashed payload FC's HTTP-trigger samples sign with: every one passes '' (Go: nil) to getAuthorization where the
 * V3 algorithm puts HexEncode(SHA256(body)).
 */
export const FC_TRIGGER_HASHED_PAYLOAD = '';

export interface CanonicalRequestParts {
  method: string;
  /** The path as it travelled (percent-encoded), without the query. */
  path: string;
  /** The query as it travelled, without the '?'. */
  query: string;
  /** The signed headers: lowercase names with their values. */
  headers: ReadonlyArray<readonly [string, string]>;
  hashedPayload: string;
}

/**
 * Step 1 of the V3 documentation: method, CanonicalURI, CanonicalQueryString, CanonicalHeaders, SignedHeaders and
 * HashedRequestPayload, each on its own line (CanonicalHeaders ends each entry with a line feed of its own).
 */
export function canonicalRequest(parts: CanonicalRequestParts): string {
  const headers = [...parts.headers].sort(([a], [b]) => compare(a, b));
  return [
    parts.method.toUpperCase(),
    canonicalUri(parts.path),
    canonicalQueryString(parts.query),
    headers.map(([name, value]) => `${name}:${value.trim()}\n`).join(''),
    headers.map(([name]) => name).join(';'),
    parts.hashedPayload,
  ].join('\n');
}

/** Steps 2 and 3: StringToSign = algorithm + '\n' + HexEncode(SHA256(CanonicalRequest)); Signature = HexEncode(HMAC-SHA256). */
export function signatureOf(secret: string, canonical: string): { hashedCanonicalRequest: string; signature: string } {
  const hashedCanonicalRequest = createHash('sha256').update(canonical, 'utf8').digest('hex');
  const signature = createHmac('sha256', secret).update(`${ALGORITHM}\n${hashedCanonicalRequest}`, 'utf8').digest('hex');
  return { hashedCanonicalRequest, signature };
}

export interface VerifierKey {
  accessKeyId: string;
  accessKeySecret: string;
  /** When set, requests with this key must carry this STS token, signed. */
  securityToken?: string;
}

export interface ReceivedRequest {
  method: string;
  /** The request target as received: the path and the query, still percent-encoded. */
  target: string;
  /** Header names in lowercase, as Node's http server gives them. */
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
}

export type Verdict = { ok: true; accessKeyId: string } | { ok: false; Code: string; Message: string };

export interface VerifyOptions {
  now: number;
  /** Default: FC's documented empty payload. The V3 example signs SHA-256 of its (empty) body instead. */
  hashedPayload?: string;
}

/** "Authorization: ACS3-HMAC-SHA256 Credential=AccessKeyId,SignedHeaders=SignedHeaders,Signature=Signature" (V3 doc, Step 4). */
const AUTHORIZATION = /^ACS3-HMAC-SHA256 Credential=([^,\s]+),SignedHeaders=([^,\s]+),Signature=([0-9a-f]{64})$/;
/** ISO 8601 in UTC; FC's samples send it with seconds (Python, Go) or fractions of a second (Node.js, Java). */
const ACS_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;

/** Recomputes the canonical request and signature from what was received and says whether the signature holds. */
export function verifyRequest(request: ReceivedRequest, keys: readonly VerifierKey[], options: VerifyOptions): Verdict {
  const refuse = (Code: string, Message: string): Verdict => ({ ok: false, Code, Message });
  const authorization = headerOf(request, 'authorization');
  if (authorization === undefined) return refuse('MissingAuthorization', 'the request is not signed: it has no Authorization header');
  const parsed = AUTHORIZATION.exec(authorization);
  if (!parsed)
    return refuse('InvalidAuthorization', `the Authorization header is not "${ALGORITHM} Credential=...,SignedHeaders=...,Signature=..."`);
  const [, accessKeyId = '', signedList = '', signature = ''] = parsed;

  const key = keys.find((candidate) => candidate.accessKeyId === accessKeyId);
  if (!key) return refuse('InvalidAccessKeyId.NotFound', 'the AccessKey ID is not known');

  const signedNames = signedList.split(';');
  const sorted = [...new Set(signedNames.map((name) => name.toLowerCase()))].sort(compare);
  if (signedNames.join(';') !== sorted.join(';')) {
    return refuse('InvalidAuthorization', 'SignedHeaders must be lowercase header names, sorted, each once');
  }
  if (!signedNames.includes('x-acs-date')) return refuse('InvalidAuthorization', 'x-acs-date must be signed');
  const headers: Array<[string, string]> = [];
  for (const name of signedNames) {
    const value = headerOf(request, name);
    if (value === undefined) return refuse('InvalidAuthorization', `the signed header ${name} is not in the request`);
    headers.push([name, value]);
  }

  const token = headerOf(request, 'x-acs-security-token');
  if (token !== undefined && token !== '' && !signedNames.includes('x-acs-security-token')) {
    return refuse('InvalidAuthorization', 'x-acs-security-token must be signed');
  }
  if ((key.securityToken ?? '') !== (token ?? '')) return refuse('InvalidSecurityToken', 'the STS token does not belong to the AccessKey');

  const date = headerOf(request, 'x-acs-date') ?? '';
  const sentAt = ACS_DATE.test(date) ? Date.parse(date) : Number.NaN;
  if (Number.isNaN(sentAt)) return refuse('InvalidAuthorization', 'x-acs-date must be an ISO 8601 time in UTC (yyyy-MM-ddTHH:mm:ssZ)');
  if (Math.abs(options.now - sentAt) > MAX_CLOCK_SKEW_MS) {
    return refuse('RequestTimeTooSkewed', `the request time ${date} is more than 15 minutes from the current time`);
  }

  const queryStart = request.target.indexOf('?');
  let canonical: string;
  try {
    canonical = canonicalRequest({
      method: request.method,
      path: queryStart === -1 ? request.target : request.target.slice(0, queryStart),
      query: queryStart === -1 ? '' : request.target.slice(queryStart + 1),
      headers,
      hashedPayload: options.hashedPayload ?? FC_TRIGGER_HASHED_PAYLOAD,
    });
  } catch {
    return refuse('InvalidURI', 'the path or the query is not valid percent-encoding');
  }
  const expected = Buffer.from(signatureOf(key.accessKeySecret, canonical).signature, 'hex');
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) {
    // The words of FC's own answer to a wrong signature, from its documentation's FAQ.
    return refuse(
      'SignatureNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your access key and signing method.',
    );
  }
  return { ok: true, accessKeyId };
}

function headerOf(request: ReceivedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return value === undefined || typeof value === 'string' ? value : value.join(',');
}

/** Letters, digits and - _ . ~ travel as they are; every other byte of the UTF-8 text is %XX (RFC 3986). */
const UNRESERVED = /[A-Za-z0-9\-_.~]/;

function percentEncode(text: string): string {
  let encoded = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const character = String.fromCharCode(byte);
    encoded += byte < 0x80 && UNRESERVED.test(character) ? character : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return encoded;
}

/** The bytes a percent-encoded text stands for, as UTF-8 text; throws on a '%' not followed by two hex digits. */
function percentDecode(text: string): string {
  const bytes: number[] = [];
  for (let index = 0; index < text.length; index++) {
    const character = text.charAt(index);
    if (character === '%') {
      const hex = text.slice(index + 1, index + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw new URIError(`bad percent-encoding at ${index}`);
      bytes.push(Number.parseInt(hex, 16));
      index += 2;
    } else {
      bytes.push(...Buffer.from(character, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** CanonicalURI: each segment between slashes encoded as RFC 3986 says; the path starts with its slash. */
function canonicalUri(path: string): string {
  if (path === '') return '/';
  return path
    .split('/')
    .map((segment) => percentEncode(percentDecode(segment)))
    .join('/');
}

/**
 * CanonicalQueryString: parameters sorted by name, names and values encoded as RFC 3986 says, joined by '=' and '&';
 * a parameter without a value gets ''. A '+' in the received query is a space, as the query parsers of FC's samples
 * (URLSearchParams, parse_qs) read it.
 */
function canonicalQueryString(query: string): string {
  const parameters = query
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const [name, value] = equals === -1 ? [pair, ''] : [pair.slice(0, equals), pair.slice(equals + 1)];
      return [percentDecode(name.replace(/\+/g, ' ')), percentDecode(value.replace(/\+/g, ' '))] as const;
    });
  parameters.sort(([nameA, valueA], [nameB, valueB]) => compare(nameA, nameB) || compare(valueA, valueB));
  return parameters.map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`).join('&');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
