import { randomBytes } from 'node:crypto';
import * as z from 'zod';

/**
 * A function of the local cloud that asynchronous invocations are delivered to: the code under test, registered in
 * process (`ecs.registerFunction(name, handler, options)`), with the asynchronous configuration FC keeps for a
 * function (`asyncInvokeConfig`, https://alibabacloud.com/help/en/functioncompute/api-fc-2023-03-30-struct-asyncconfig).
 */

/** The FC 3.0 context fields a delivery hands the handler, as far as this cloud knows them. */
export interface LocalFunctionContext {
  requestId: string;
  /** The asynchronous task: `x-fc-async-task-id`, or the request ID when none was given. */
  taskId: string;
  functionName: string;
  accountId: string;
  region: string;
  /** 1 for the first delivery, 2 for the first retry, …; a duplicate delivery has the attempt it duplicates. */
  attempt: number;
  /** The function role's STS credentials (FC's `context.credentials`), when the function has a `role`; issued afresh
   * for each delivery, valid for an hour (how long FC's are: UNVERIFIED). */
  credentials?: { accessKeyId: string; accessKeySecret: string; securityToken: string };
}

/** The function: FC passes the body as a Buffer; a rejected promise (or a throw) is a function error FC retries. */
export type LocalFunctionHandler = (event: Buffer, context: LocalFunctionContext) => unknown;

export const LocalFunctionOptionsSchema = z.strictObject({
  /** The account the function belongs to; the default account when absent. Only that account's keys invoke it. */
  accountId: z.string().min(1).optional(),
  /** Its region, for its ARN and `context.region`; cn-hangzhou when absent. */
  regionId: z.string().min(1).optional(),
  /** "maxAsyncRetryAttempts 0–8 (default 3)": retries after a function error. */
  maxAsyncRetryAttempts: z.number().int().min(0).max(8).optional(),
  /** How long after a failed delivery its retry is made; 1000 ms when absent (FC's back-off is UNVERIFIED). */
  retryIntervalMs: z.number().int().min(0).max(86_400_000).optional(),
  /** `asyncInvokeConfig.asyncTask`: whether a caller may name its task (`x-fc-async-task-id`); true when absent. */
  asyncTask: z.boolean().optional(),
  /** `destinationConfig.onFailure.destination`: where a task that failed every attempt is recorded; none when absent
   * (FC then drops it). */
  failureDestination: z.string().min(1).optional(),
  /** What a task ID already used is answered: `conflict` (default: 409, the status FC's task deduplication page
   * documents) or `accepted` (202 with the first task's request ID, and no second task). UNVERIFIED which FC 3.0
   * does; the hub must be right with both. */
  duplicateTaskId: z.enum(['conflict', 'accepted']).optional(),
  /** The function's role (`acs:ram::{accountId}:role/{name}`, a role of the function's account): each delivery gets
   * an STS token of it as `context.credentials`, whose caller is that role session. */
  role: z.string().min(1).optional(),
});
export type LocalFunctionOptions = z.infer<typeof LocalFunctionOptionsSchema>;

/** A registered function with its configuration resolved. */
export interface LocalFunction {
  functionName: string;
  accountId: string;
  regionId: string;
  maxAsyncRetryAttempts: number;
  retryIntervalMs: number;
  asyncTask: boolean;
  failureDestination: string | undefined;
  duplicateTaskId: 'conflict' | 'accepted';
  role: string | undefined;
  handler: LocalFunctionHandler;
}

/** FC 3.0's function names: a letter or `_` first, then letters, digits, `_` and `-`, at most 128 characters. */
export const FUNCTION_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,127}$/;

/** The ARN FC gives a function (`acs:fc:cn-shanghai:1234/functions/my-func`, the AsyncTask struct's example). */
export const functionArnOf = (fn: Pick<LocalFunction, 'regionId' | 'accountId' | 'functionName'>): string =>
  `acs:fc:${fn.regionId}:${fn.accountId}:functions/${fn.functionName}`;

/** FC 3.0's request IDs look like `1-64e70cf1-5cbef92ea8fc8c42899cf5d1` (the Error struct's example): the time in
 * seconds and 24 random hex digits. */
export function newFcRequestId(nowMs: number): string {
  const seconds = Math.floor(nowMs / 1000)
    .toString(16)
    .padStart(8, '0');
  return `1-${seconds}-${randomBytes(12).toString('hex')}`;
}
