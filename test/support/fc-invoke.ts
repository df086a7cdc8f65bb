// Signs and sends FC 3.0's InvokeFunction (`POST /2023-03-30/functions/{name}/invocations`) with ACS3-HMAC-SHA256,
// as FC's SDK (@alicloud/fc20230330, over @alicloud/openapi-core) sends it: the headers the SDK sets (host,
// x-acs-action, x-acs-version, x-acs-date, x-acs-signature-nonce, x-acs-content-sha256 = SHA-256 of the body,
// content-type, and x-acs-security-token with an STS key), signed by Alibaba's own OpenApiUtil.getAuthorization, and
// sent by a plain fetch. Only the preparation of those inputs is written here.
import { createHash, randomUUID } from 'node:crypto';
import { OpenApiUtil } from '@alicloud/openapi-core';
import { Request } from '@alicloud/tea-typescript';
import { FC_API_VERSION, type LocalEcsCredential } from '../../ecs-local';

export interface Invocation {
  functionName: string;
  body: Buffer | string;
  /** `Async` unless given. */
  invocationType?: string;
  taskId?: string;
  qualifier?: string;
}

export interface InvocationAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/** `yyyy-MM-ddTHH:mm:ssZ`, the V3 signature's x-acs-date. */
const acsDate = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The request target and headers of a signed invocation at `nowMs` (the local cloud's clock). */
export function signedInvocation(
  baseUrl: string,
  key: LocalEcsCredential,
  invocation: Invocation,
  nowMs: number,
): { url: string; headers: Record<string, string>; body: Buffer } {
  const body = Buffer.from(invocation.body);
  const pathname = `/${FC_API_VERSION}/functions/${encodeURIComponent(invocation.functionName)}/invocations`;
  const query: Record<string, string> = invocation.qualifier === undefined ? {} : { qualifier: invocation.qualifier };
  const headers: Record<string, string> = {
    host: new URL(baseUrl).host,
    'x-acs-action': 'InvokeFunction',
    'x-acs-version': FC_API_VERSION,
    'x-acs-date': acsDate(nowMs),
    'x-acs-signature-nonce': randomUUID(),
    'x-acs-content-sha256': createHash('sha256').update(body).digest('hex'),
    'content-type': 'application/octet-stream',
    'x-fc-invocation-type': invocation.invocationType ?? 'Async',
    ...(invocation.taskId === undefined ? {} : { 'x-fc-async-task-id': invocation.taskId }),
    ...(key.securityToken === undefined ? {} : { 'x-acs-accesskey-id': key.accessKeyId, 'x-acs-security-token': key.securityToken }),
  };
  const request = new Request();
  request.method = 'POST';
  request.pathname = pathname;
  request.query = query;
  request.headers = { ...headers };
  headers.authorization = OpenApiUtil.getAuthorization(
    request,
    'ACS3-HMAC-SHA256',
    headers['x-acs-content-sha256'] ?? '',
    key.accessKeyId,
    key.accessKeySecret,
  );
  const search = new URLSearchParams(query).toString();
  return { url: `${baseUrl}${pathname}${search === '' ? '' : `?${search}`}`, headers, body };
}

/** One signed invocation sent by fetch. */
export async function invoke(baseUrl: string, key: LocalEcsCredential, invocation: Invocation, nowMs: number): Promise<InvocationAnswer> {
  const { url, headers, body } = signedInvocation(baseUrl, key, invocation, nowMs);
  const { host: _host, ...sent } = headers;
  const response = await fetch(url, { method: 'POST', headers: sent, body });
  return { status: response.status, headers: response.headers, text: await response.text() };
}
