import { adviceFor } from '../../lib/ecs/ecs-error-advice';
import { toCopyFailure } from '../../lib/ecs/pop-core-ecs';

const credentials = { accessKeyId: 'LTAI-canary', accessKeySecret: 'Canary/Secret+0001=', securityToken: 'CAIS-canary/token+0001' };
const HOST = 'ecs.cn-hangzhou.aliyuncs.com';
const SIGNED_URL = `https://${HOST}/?AccessKeyId=LTAI-canary&SecurityToken=${encodeURIComponent(credentials.securityToken)}&Signature=abc`;

/** What httpx throws for a failed connection: Node's error with the signed URL appended to its message. */
function networkError(code: string): Error {
  return Object.assign(new Error(`connect ${code} POST ${SIGNED_URL} failed.`), { code });
}

/** What pop-core throws for an answer with a Code. */
function ecsAnswer(data: Record<string, unknown>, statusCode: number): Error {
  return Object.assign(new Error(`${String(data.Message)}, URL: ${SIGNED_URL}`), {
    name: `${String(data.Code)}Error`,
    code: data.Code,
    data,
    url: SIGNED_URL,
    entry: { url: SIGNED_URL, request: null, response: { statusCode, headers: {} } },
  });
}

function expectNothingSecret(failure: object): void {
  const text = JSON.stringify({ ...failure, message: (failure as Error).message });
  expect(text).not.toContain(credentials.accessKeySecret);
  expect(text).not.toContain(credentials.securityToken);
  expect(text).not.toContain(encodeURIComponent(credentials.securityToken));
  expect(text).not.toContain('Signature=');
}

describe('toCopyFailure', () => {
  it.each(['ENOTFOUND', 'EAI_AGAIN'])('gives a name that does not resolve (%s) its own code, naming the host, not retried', (code) => {
    const failure = toCopyFailure(networkError(code), credentials, HOST);

    expect(failure).toMatchObject({ Code: 'EcsNameNotResolved', errorClass: 'invalid-request' });
    expect(failure.Message).toBe(`The host name ${HOST} did not resolve (${code})`);
    expectNothingSecret(failure);
  });

  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT'])('names the host of a connection that failed (%s), retried', (code) => {
    const failure = toCopyFailure(networkError(code), credentials, HOST);

    expect(failure).toMatchObject({
      Code: 'EcsUnreachable',
      errorClass: 'transient',
      Message: `The connection to ${HOST} failed (${code})`,
    });
    expectNothingSecret(failure);
  });

  it.each(['EPROTO', 'ERR_SSL_WRONG_VERSION_NUMBER', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'ERR_TLS_CERT_ALTNAME_INVALID'])(
    'gives a TLS failure (%s) its own code and advice, naming the host',
    (code) => {
      const failure = toCopyFailure(networkError(code), credentials, HOST);

      expect(failure).toMatchObject({ Code: 'EcsTlsError', errorClass: 'configuration' });
      expect(failure.Message).toContain(HOST);
      expect(adviceFor(failure.Code, failure.errorClass)).toMatch(/TLS/);
    },
  );

  it.each(['HPE_INVALID_CONSTANT', 'HPE_INVALID_CHUNK_SIZE'])('gives an answer that is not HTTP (%s) its own code', (code) => {
    const failure = toCopyFailure(networkError(code), credentials, HOST);

    expect(failure).toMatchObject({ Code: 'EcsProtocolError', errorClass: 'transient' });
    expect(failure.Message).toContain(HOST);
  });

  it('names the host of a timeout', () => {
    const timeout = Object.assign(new Error(`ReadTimeout(3000). POST ${SIGNED_URL} failed.`), { name: 'RequestTimeoutError' });

    const failure = toCopyFailure(timeout, credentials, HOST);

    expect(failure).toMatchObject({ Code: 'EcsTimeout', errorClass: 'transient' });
    expect(failure.Message).toContain(HOST);
    expectNothingSecret(failure);
  });

  it('classifies a null body (pop-core reads its Code and throws a TypeError) as a bad answer', () => {
    let thrown: unknown;
    try {
      const body: { Code?: string } | null = JSON.parse('null');
      if (body?.Code === undefined) (body as unknown as { Code: string }).Code.toString();
    } catch (error) {
      thrown = error;
    }

    const failure = toCopyFailure(thrown, credentials, HOST);

    expect(failure).toMatchObject({ Code: 'EcsBadResponse', errorClass: 'transient' });
    expect(failure.Message).toContain('null body');
  });

  it('classifies an error answer with a numeric Code and HTTP 503 as transient, keeping the Code as text', () => {
    const failure = toCopyFailure(ecsAnswer({ Code: 503, Message: 'busy', RequestId: 'R-1' }, 503), credentials, HOST);

    expect(failure).toMatchObject({ Code: '503', errorClass: 'transient', ecsHttpStatus: 503, RequestId: 'R-1' });
  });

  it('redacts secrets a proxy echoed into the Code, the RequestId and the Message', () => {
    const failure = toCopyFailure(
      ecsAnswer(
        {
          Code: `Denied.${credentials.accessKeySecret}`,
          Message: `token was ${encodeURIComponent(credentials.securityToken).replace(/%[0-9A-F]{2}/g, (escaped) => escaped.toLowerCase())}`,
          RequestId: Buffer.from(credentials.securityToken).toString('base64'),
        },
        403,
      ),
      credentials,
      HOST,
    );

    expectNothingSecret(failure);
    expect(failure.Code).toBe('Denied.[REDACTED]');
    expect(failure.RequestId).toContain('[REDACTED]');
    expect(failure.Message).toBe('token was [REDACTED]');
  });

  it('cuts an absurdly long Code or RequestId short', () => {
    const failure = toCopyFailure(ecsAnswer({ Code: 'X'.repeat(5000), Message: 'm', RequestId: 'R'.repeat(5000) }, 400), credentials, HOST);

    expect(failure.Code.length).toBeLessThanOrEqual(128);
    expect(failure.RequestId?.length).toBeLessThanOrEqual(128);
  });

  it('classifies the new codes of the CopySnapshot table as ECS answers them', () => {
    const running = toCopyFailure(ecsAnswer({ Code: 'InvalidOperation.UnfinishedCrossRegionCopy', Message: 'm' }, 403), credentials, HOST);
    const conflict = toCopyFailure(ecsAnswer({ Code: 'InvalidOperation.Conflict', Message: 'm' }, 409), credentials, HOST);
    const pair = toCopyFailure(ecsAnswer({ Code: 'OperationDenied.NonCompliantDestinationRegion', Message: 'm' }, 403), credentials, HOST);

    expect(running.errorClass).toBe('not-ready');
    expect(conflict.errorClass).toBe('transient');
    expect(pair.errorClass).toBe('invalid-request');
    expect(adviceFor(pair.Code, pair.errorClass)).toMatch(/cannot be copied/);
  });
});
