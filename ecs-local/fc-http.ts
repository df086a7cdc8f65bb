import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type VerifierKey, verifyRequest } from '../tools/acs3-verifier';
import type { ActionResult } from './action';
import { readBody } from './body';
import type { CallStart, HttpTransport } from './call-record';
import { type EngineRequest, injectedError, type LocalCloud } from './engine';
import { type EcsError, ecsError } from './errors';
import type { Fault } from './faults';
import { newFcRequestId } from './fc-function';
import { FC_API_VERSION, MAX_ASYNC_PAYLOAD_BYTES } from './invoke-function';
import { productFacts } from './products';
import { proxyErrorPage } from './proxy-page';

const JSON_CONTENT_TYPE = 'application/json';
const INVOCATIONS_PATH = new RegExp(`^/${FC_API_VERSION}/functions/([^/]+)/invocations$`);

/** What the HTTP endpoint lends the FC transport: its waits (woken at close), whether it closed, its latency. */
export interface FcTransportHooks {
  wait(ms: number): Promise<void>;
  isClosed(): boolean;
  latencyMs: number;
}

interface FcExchange {
  req: IncomingMessage;
  res: ServerResponse;
  call: CallStart<HttpTransport>;
  /** The ID of an answer the action did not give one: an error's. */
  requestId: string;
}

/**
 * FC 3.0's InvokeFunction over HTTP, on the local endpoint's port (its paths start `/2023-03-30/`, so
 * `FC_ENDPOINT=http://127.0.0.1:<port>` stands for `https://{accountId}.{regionId}.fc.aliyuncs.com`): it reads the
 * request, verifies its ACS3-HMAC-SHA256 signature against the credential table, records the call and renders the
 * engine's answer the way FC does. The engine decides (invoke-function.ts, async-invocations.ts).
 *
 * The signature is checked by tools/acs3-verifier.ts, written from the V3 signature documentation
 * (https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature): FC's 2023-03-30 API
 * is signed as every V3 API is, the hashed payload being the SHA-256 of the body (as @alicloud/openapi-core, which
 * FC's SDK @alicloud/fc20230330 calls, signs it: `x-acs-content-sha256`), not the HTTP trigger's empty one. FC's
 * answers to a bad signature (403 SignatureNotMatch) and an unknown key (403 InvalidAccessKeyID) are its error
 * table's; the verifier's other refusals keep its codes, with 403 (FC's answers to them: UNVERIFIED), and an expired
 * STS token is answered 400 InvalidSecurityToken.Expired as ECS's is here. Whether FC refuses a replayed
 * `x-acs-signature-nonce` is UNVERIFIED, and not checked.
 *
 * Errors are FC 3.0's Error struct, `{ Code, Message, RequestId }`
 * (https://help.aliyun.com/zh/functioncompute/api-fc-2023-03-30-struct-error), with `x-fc-request-id`.
 */
export class FcEndpoint {
  constructor(
    private readonly cloud: LocalCloud<HttpTransport>,
    private readonly hooks: FcTransportHooks,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const nowMs = this.cloud.now();
    const method = req.method ?? '';
    const exchange: FcExchange = {
      req,
      res,
      requestId: newFcRequestId(nowMs),
      call: { Action: '', params: {}, at: nowMs, transport: { kind: 'http', method } },
    };
    const body = await readBody(req);
    if (!body.ok) {
      if (body.reason === 'aborted') return;
      return this.answerError(
        exchange,
        ecsError(400, 'EntityTooLarge', `payload size exceeds maximum allowed size (${MAX_ASYNC_PAYLOAD_BYTES} bytes)`),
      );
    }
    const functionName = decodedSegment(INVOCATIONS_PATH.exec(path)?.[1]);
    if (functionName === undefined || method !== 'POST') {
      // FC's answer to a path or method it does not serve (its error table: 400 PathNotSupported).
      return this.answerError(exchange, ecsError(400, 'PathNotSupported', `'${method}' against '${path}' is not supported`));
    }
    const params = this.readParams(req, functionName);
    exchange.call.Action = 'InvokeFunction';
    exchange.call.params = Object.fromEntries([...params].filter(([name]) => name !== 'Action' && name !== 'Version'));

    const screening = this.cloud.screen('InvokeFunction', params);
    if (screening.kind === 'drop') return this.hangUp(exchange, undefined);
    const refusal = this.authenticate(req, body.bytes);
    if (refusal.kind === 'refused') return this.answerError(exchange, refusal.error);
    const principal = this.cloud.principalOf(refusal.accessKeyId);
    exchange.call.AccessKeyId = refusal.accessKeyId;
    exchange.call.AccountId = principal.accountId;
    const request: EngineRequest = { product: 'FC', params, principal, endpointRegionId: undefined, body: body.bytes };
    await this.cloud.whenAdmitted(
      request,
      screening.randomFault,
      (error) => this.answerError(exchange, error),
      (fault) => this.respond(exchange, request, fault),
    );
  }

  /** The path's, query's and headers' values the action reads, under the names FC's API gives them. */
  private readParams(req: IncomingMessage, functionName: string): Map<string, string> {
    const params = new Map<string, string>([
      ['Action', 'InvokeFunction'],
      ['Version', FC_API_VERSION],
      ['functionName', functionName],
    ]);
    const qualifier = new URL(req.url ?? '/', 'http://localhost').searchParams.get('qualifier');
    if (qualifier !== null && qualifier !== '') params.set('qualifier', qualifier);
    for (const name of ['x-fc-invocation-type', 'x-fc-async-task-id']) {
      const value = req.headers[name];
      if (typeof value === 'string') params.set(name, value);
    }
    return params;
  }

  private authenticate(
    req: IncomingMessage,
    bytes: Buffer,
  ): { kind: 'accepted'; accessKeyId: string } | { kind: 'refused'; error: EcsError } {
    const keys: VerifierKey[] = this.cloud.credentials.map((credential) => ({
      accessKeyId: credential.accessKeyId,
      accessKeySecret: credential.accessKeySecret,
      ...(credential.securityToken !== undefined ? { securityToken: credential.securityToken } : {}),
    }));
    const nowMs = this.cloud.now();
    const verdict = verifyRequest({ method: req.method ?? '', target: req.url ?? '/', headers: req.headers }, keys, {
      now: nowMs,
      hashedPayload: createHash('sha256').update(bytes).digest('hex'),
    });
    if (!verdict.ok) {
      if (verdict.Code === 'InvalidAccessKeyId.NotFound') {
        return { kind: 'refused', error: ecsError(403, 'InvalidAccessKeyID', `invalid access key ID '${accessKeyIdOf(req) ?? ''}'`) };
      }
      return { kind: 'refused', error: ecsError(403, verdict.Code, verdict.Message) };
    }
    const expiration = this.cloud.credentialOf(verdict.accessKeyId)?.expiration;
    if (expiration !== undefined && nowMs >= expiration.getTime()) {
      return { kind: 'refused', error: ecsError(400, 'InvalidSecurityToken.Expired', 'Specified SecurityToken is expired.') };
    }
    return { kind: 'accepted', accessKeyId: verdict.accessKeyId };
  }

  private async respond(exchange: FcExchange, request: EngineRequest, fault: Fault | undefined): Promise<void> {
    const perform = () => this.cloud.perform(request);
    if (fault === undefined) return this.answerResult(exchange, perform());
    switch (fault.kind) {
      case 'delay':
        await this.hooks.wait(fault.ms);
        if (this.hooks.isClosed()) return;
        return this.answerResult(exchange, perform());
      case 'error':
        return this.answerError(exchange, injectedError(fault, 'ecs-local'));
      case 'throttle':
        return this.answerError(exchange, productFacts('FC').throttling);
      case 'status-without-code':
        return this.answer(exchange, fault.status, JSON.stringify({ RequestId: exchange.requestId }), {}, undefined);
      case 'html':
        return this.answer(exchange, fault.status, proxyErrorPage(fault.status), { 'Content-Type': 'text/html' }, undefined);
      case 'drop':
        return this.hangUp(exchange, undefined);
      case 'lose-answer':
        // The task is accepted, and the caller never learns it: what a retried hub must be safe against.
        return this.hangUp(exchange, perform());
      case 'truncated-json': {
        const { status, text, headers, code } = this.render(exchange, perform());
        return this.answer(exchange, status, text.slice(0, Math.floor(text.length / 2)), headers, code);
      }
      case 'not-http':
        this.cloud.record(exchange.call, 0, undefined);
        exchange.req.socket.end('SSH-2.0-OpenSSH_9.6 not an HTTP server\r\n\r\n');
        return;
      case 'body':
        return this.answer(exchange, fault.status, fault.body, {}, undefined);
      case 'repeat-next-token':
        return this.answerResult(exchange, perform());
    }
  }

  private render(
    exchange: FcExchange,
    result: ActionResult,
  ): { status: number; text: string; headers: Record<string, string>; code: string | undefined } {
    if (result.ok) {
      const requestId = String(result.body.requestId ?? exchange.requestId);
      const taskId = String(result.body.taskId ?? requestId);
      return { status: 202, text: '', headers: { 'x-fc-request-id': requestId, 'x-fc-async-task-id': taskId }, code: undefined };
    }
    return {
      status: result.error.status,
      text: JSON.stringify({ Code: result.error.Code, Message: result.error.Message, RequestId: exchange.requestId }),
      headers: {},
      code: result.error.Code,
    };
  }

  private answerResult(exchange: FcExchange, result: ActionResult): Promise<void> {
    const { status, text, headers, code } = this.render(exchange, result);
    return this.answer(exchange, status, text, headers, code);
  }

  private answerError(exchange: FcExchange, error: EcsError): Promise<void> {
    return this.answerResult(exchange, { ok: false, error });
  }

  private async answer(
    exchange: FcExchange,
    status: number,
    text: string,
    headers: Record<string, string>,
    code: string | undefined,
  ): Promise<void> {
    this.cloud.record(exchange.call, status, code);
    await this.hooks.wait(this.hooks.latencyMs);
    const { res } = exchange;
    if (this.hooks.isClosed() || res.destroyed || res.headersSent) return;
    res.writeHead(status, {
      'Content-Type': JSON_CONTENT_TYPE,
      'x-fc-request-id': exchange.requestId,
      ...headers,
      'Content-Length': Buffer.byteLength(text),
    });
    res.end(text);
  }

  /** Closes the connection without an answer, after the action when there was one. */
  private hangUp(exchange: FcExchange, result: ActionResult | undefined): void {
    this.cloud.record(exchange.call, 0, result?.ok === false ? result.error.Code : undefined);
    exchange.req.socket.destroy();
  }
}

/** A path segment decoded, or undefined when there is none or it is not valid percent-encoding. */
function decodedSegment(segment: string | undefined): string | undefined {
  if (segment === undefined) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** The AccessKey ID an Authorization header names, for the message of an unknown key. */
function accessKeyIdOf(req: IncomingMessage): string | undefined {
  return /Credential=([^,\s]+)/.exec(req.headers.authorization ?? '')?.[1];
}
