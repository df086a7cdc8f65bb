import { OpenApiUtil } from '@alicloud/openapi-core';
import { Request } from '@alicloud/tea-typescript';
import { canonicalRequest, type ReceivedRequest, signatureOf, type VerifierKey, verifyRequest } from '../../tools/acs3-verifier';
import { type AccessKey, signTriggerRequest, UnsignableUrl } from '../../tools/sign-trigger-request';

/**
 * The worked example ("Fixed parameter values") of the V3 signature documentation,
 * https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature: its inputs, its
 * canonical request, the hash of that and the signature. FC's HTTP-trigger page gives no vector of its own.
 * (The page's last listing, the request as sent, shows another x-acs-date and nonce than the ones signed; the inputs
 * here are those of the table and the canonical request, which agree with the published signature.)
 */
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const DOCUMENTED = {
  accessKeyId: 'YourAccessKeyId',
  accessKeySecret: 'YourAccessKeySecret',
  method: 'POST',
  query: 'ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai',
  headers: [
    ['host', 'ecs.cn-shanghai.aliyuncs.com'],
    ['x-acs-action', 'RunInstances'],
    ['x-acs-content-sha256', EMPTY_SHA256],
    ['x-acs-date', '2023-10-26T10:22:32Z'],
    ['x-acs-signature-nonce', '3156853299f313e23d1673dc12e1703d'],
    ['x-acs-version', '2014-05-26'],
  ] as const,
  canonicalRequest: [
    'POST',
    '/',
    'ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai',
    'host:ecs.cn-shanghai.aliyuncs.com',
    'x-acs-action:RunInstances',
    `x-acs-content-sha256:${EMPTY_SHA256}`,
    'x-acs-date:2023-10-26T10:22:32Z',
    'x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d',
    'x-acs-version:2014-05-26',
    '',
    'host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version',
    EMPTY_SHA256,
  ].join('\n'),
  hashedCanonicalRequest: '7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259',
  signature: '06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0',
  authorization:
    'ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0',
};

const NOW = Date.parse('2026-11-27T19:05:00Z');
const TRIGGER = 'https://snapshot-copy-abcdefghij.cn-hangzhou.fcapp.run';
const KEY: AccessKey & VerifierKey = { accessKeyId: 'LTAI5tCallerKey0001', accessKeySecret: 'caller-secret/+=0001' };
const STS_KEY: AccessKey & VerifierKey = {
  accessKeyId: 'STS.NTCallerKey0002',
  accessKeySecret: 'caller-sts-secret/+=0002',
  securityToken: 'CAIS-caller-token/+=0002',
};

/** What a gateway receives for a request signed by signTriggerRequest: its target and headers, plus what HTTP adds. */
function signedRequest(method: string, url: string, key: AccessKey = KEY, now = NOW): ReceivedRequest {
  const signed = signTriggerRequest(method, new URL(url), key, new Date(now));
  return {
    method,
    target: signed.target,
    headers: { ...signed.headers, host: new URL(url).host, 'content-type': 'application/json', 'user-agent': 'test' },
  };
}

describe('the verifier, against the worked example of the V3 signature documentation', () => {
  it('builds the documented canonical request from the documented inputs', () => {
    const canonical = canonicalRequest({
      method: DOCUMENTED.method,
      path: '/',
      query: DOCUMENTED.query,
      headers: DOCUMENTED.headers,
      hashedPayload: EMPTY_SHA256,
    });

    expect(canonical).toBe(DOCUMENTED.canonicalRequest);
  });

  it('hashes and signs the documented canonical request to the documented values', () => {
    expect(signatureOf(DOCUMENTED.accessKeySecret, DOCUMENTED.canonicalRequest)).toEqual({
      hashedCanonicalRequest: DOCUMENTED.hashedCanonicalRequest,
      signature: DOCUMENTED.signature,
    });
  });

  it('accepts the documented request as received, and refuses it with one character of the query changed', () => {
    const request: ReceivedRequest = {
      method: 'POST',
      target: `/?${DOCUMENTED.query}`,
      headers: { ...Object.fromEntries(DOCUMENTED.headers), authorization: DOCUMENTED.authorization },
    };
    const options = { now: Date.parse('2023-10-26T10:22:32Z'), hashedPayload: EMPTY_SHA256 };

    expect(verifyRequest(request, [DOCUMENTED], options)).toEqual({ ok: true, accessKeyId: 'YourAccessKeyId' });
    expect(
      verifyRequest({ ...request, target: request.target.replace('cn-shanghai', 'cn-shanghal') }, [DOCUMENTED], options),
    ).toMatchObject({
      ok: false,
      Code: 'SignatureNotMatch',
    });
  });
});

describe("Alibaba's OpenApiUtil.getAuthorization, which signs the call tool's requests", () => {
  it('produces the Authorization header of the documented example', () => {
    const request = new Request();
    request.method = DOCUMENTED.method;
    request.pathname = '/';
    request.query = { ImageId: 'win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd', RegionId: 'cn-shanghai' };
    request.headers = Object.fromEntries(DOCUMENTED.headers);

    const authorization = OpenApiUtil.getAuthorization(
      request,
      'ACS3-HMAC-SHA256',
      EMPTY_SHA256,
      DOCUMENTED.accessKeyId,
      DOCUMENTED.accessKeySecret,
    );

    expect(authorization).toBe(DOCUMENTED.authorization);
  });
});

describe('a request signed for an HTTP trigger', () => {
  it("carries the Authorization that FC's documented Node.js sample computes for the same call", () => {
    const url = new URL(`${TRIGGER}/copies/s-bp1demo7snapshot0002?RegionId=eu-central-1`);
    const date = new Date('2026-11-27T19:05:00Z');
    // The sample on FC's page, with its inputs: pathname with '$' encoded, the query as a map, x-acs-date and
    // x-acs-security-token, and '' as the payload. (It sends the date with milliseconds, which x-acs-date allows.)
    const sample = new Request();
    sample.method = 'GET';
    sample.pathname = url.pathname.replace('$', '%24');
    sample.query = Object.fromEntries(url.searchParams);
    sample.headers = { 'x-acs-date': '2026-11-27T19:05:00Z', 'x-acs-security-token': STS_KEY.securityToken ?? '' };

    const signed = signTriggerRequest('GET', url, STS_KEY, date);

    expect(signed.headers.authorization).toBe(
      OpenApiUtil.getAuthorization(sample, 'ACS3-HMAC-SHA256', '', STS_KEY.accessKeyId, STS_KEY.accessKeySecret),
    );
    expect(signed.headers).toMatchObject({ 'x-acs-date': '2026-11-27T19:05:00Z', 'x-acs-security-token': STS_KEY.securityToken });
  });

  it.each([
    ['POST /copies', 'POST', `${TRIGGER}/copies`, KEY],
    ['GET a copy', 'GET', `${TRIGGER}/copies/s-bp1demo7snapshot0002?RegionId=eu-central-1`, KEY],
    ['GET a copy with an STS key', 'GET', `${TRIGGER}/copies/s-bp1demo7snapshot0002?RegionId=eu-central-1`, STS_KEY],
    ['a path and query that need encoding', 'GET', `${TRIGGER}/base%20path/copies/a$b(c)*?RegionId=cn%20hang*zhou&Note=%E2%9C%93+ok`, KEY],
  ])('passes the verifier written from the documentation: %s', (_name, method, url, key) => {
    expect(verifyRequest(signedRequest(method, url, key), [KEY, STS_KEY], { now: NOW })).toEqual({
      ok: true,
      accessKeyId: key.accessKeyId,
    });
  });

  it.each([
    ['another method', (request: ReceivedRequest) => ({ ...request, method: 'POST' })],
    ['another path', (request: ReceivedRequest) => ({ ...request, target: request.target.replace('0002', '0003') })],
    ['another query value', (request: ReceivedRequest) => ({ ...request, target: request.target.replace('eu-central-1', 'us-east-1') })],
    ['an added query parameter', (request: ReceivedRequest) => ({ ...request, target: `${request.target}&DryRun=true` })],
    [
      'another x-acs-date',
      (request: ReceivedRequest) => ({ ...request, headers: { ...request.headers, 'x-acs-date': '2026-11-27T19:06:00Z' } }),
    ],
  ])('is refused when %s reaches the gateway', (_name, tamper) => {
    const request = signedRequest('GET', `${TRIGGER}/copies/s-bp1demo7snapshot0002?RegionId=eu-central-1`);

    expect(verifyRequest(tamper(request), [KEY], { now: NOW })).toMatchObject({ ok: false, Code: 'SignatureNotMatch' });
  });

  it("is refused when signed with another secret, an unknown AccessKey ID, or without the key's STS token", () => {
    const url = `${TRIGGER}/copies`;

    expect(verifyRequest(signedRequest('POST', url, { ...KEY, accessKeySecret: 'wrong' }), [KEY], { now: NOW })).toMatchObject({
      Code: 'SignatureNotMatch',
    });
    expect(verifyRequest(signedRequest('POST', url, { ...KEY, accessKeyId: 'LTAI5tSomeoneElse' }), [KEY], { now: NOW })).toMatchObject({
      Code: 'InvalidAccessKeyId.NotFound',
    });
    expect(verifyRequest(signedRequest('POST', url, { ...STS_KEY, securityToken: undefined }), [STS_KEY], { now: NOW })).toMatchObject({
      Code: 'InvalidSecurityToken',
    });
  });

  it('is refused once its x-acs-date is more than 15 minutes from the gateway clock, either way', () => {
    const url = `${TRIGGER}/copies`;
    const minutes = (count: number) => count * 60 * 1000;

    expect(verifyRequest(signedRequest('POST', url, KEY, NOW - minutes(15)), [KEY], { now: NOW }).ok).toBe(true);
    expect(verifyRequest(signedRequest('POST', url, KEY, NOW - minutes(16)), [KEY], { now: NOW })).toMatchObject({
      Code: 'RequestTimeTooSkewed',
    });
    expect(verifyRequest(signedRequest('POST', url, KEY, NOW + minutes(16)), [KEY], { now: NOW })).toMatchObject({
      Code: 'RequestTimeTooSkewed',
    });
  });

  it("signs x-acs-date and the STS token but not the body, Host or Content-Type, as FC's documented samples do", () => {
    const signed = signTriggerRequest('POST', new URL(`${TRIGGER}/copies`), STS_KEY, new Date(NOW));

    expect(signed.headers.authorization).toMatch(
      /^ACS3-HMAC-SHA256 Credential=STS\.NTCallerKey0002,SignedHeaders=x-acs-date;x-acs-security-token,Signature=[0-9a-f]{64}$/,
    );
  });

  it('is not made for a URL whose query repeats a name, or names a parameter with characters that need encoding', () => {
    const sign = (url: string) => () => signTriggerRequest('GET', new URL(url), KEY, new Date(NOW));

    expect(sign(`${TRIGGER}/copies/s-1?RegionId=a&RegionId=b`)).toThrow(
      new UnsignableUrl('the query parameter RegionId is given more than once'),
    );
    expect(sign(`${TRIGGER}/copies/s-1?Region%20Id=a`)).toThrow(UnsignableUrl);
  });
});
