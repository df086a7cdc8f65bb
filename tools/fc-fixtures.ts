/**
 * Fixtures written once for the tests, the tools and the benchmark: the `context` FC passes to every invocation and
 * the canary credentials every local run signs with.
 *
 * FC's context (https://www.alibabacloud.com/help/en/functioncompute/user-guide/context): `requestId`, `credentials`
 * (the function role's STS credentials), `function {name, handler, memory, timeout}` with the timeout in seconds, `region` and `accountId`.
 */
import { randomUUID } from 'node:crypto';

export interface ContextCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

/**
 * Canary credentials: the local ECS endpoint knows them, and a test that uses them searches every log line, answer
 * and error afterwards for the secret and the token (as they are and percent-encoded). Characters that URL encoding
 * changes (`/`, `+`, `=`) are in both, so that an encoded leak is found too.
 */
export const CANARY_CREDENTIALS = {
  accessKeyId: 'LTAI5tCanaryKeyId0001',
  accessKeySecret: 'CanarySecret/Do+Not=Leak0001',
  securityToken: 'CAIS-canary-sts-token/+=0001',
} as const satisfies ContextCredentials;

/** The account ID FC's context carries; no code reads it, the context has it because FC's does. */
export const FC_ACCOUNT_ID = '1234567890123456';

export interface FcContextOptions {
  /** A new UUID when absent, as FC gives every invocation its own. */
  requestId?: string;
  /** The function's region; absent in a context FC never sent (a local run). */
  region?: string | undefined;
  /** The role's credentials; none when absent (the function then falls back to ALIBABA_CLOUD_ACCESS_KEY_*). */
  credentials?: ContextCredentials | undefined;
  /** `function.timeout`, in seconds. */
  timeoutSeconds: number;
}

export interface FcContext {
  requestId: string;
  region?: string;
  accountId: string;
  credentials?: ContextCredentials;
  function: { name: string; handler: string; memory: number; timeout: number };
}

/** An invocation's `context`, shaped as FC builds it for the function s.yaml deploys. */
export function fcContext(options: FcContextOptions): FcContext {
  return {
    requestId: options.requestId ?? randomUUID(),
    ...(options.region !== undefined ? { region: options.region } : {}),
    accountId: FC_ACCOUNT_ID,
    ...(options.credentials !== undefined ? { credentials: { ...options.credentials } } : {}),
    function: { name: 'snapshot-copy', handler: 'index.handler', memory: 128, timeout: options.timeoutSeconds },
  };
}
