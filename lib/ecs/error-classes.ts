import { DISK_ADVICE_BY_CODE } from './disk-error-codes';

/**
 * The closed set of outcomes a failed copy is sorted into. Each class carries what the function does about it
 * (`retry`), what an HTTP caller gets (`httpStatus`) and what the operator should do (`advice`).
 *
 * retry:
 * - `backoff`: retried inside the invocation with capped exponential backoff and full jitter, same ClientToken;
 * - `later`: not retried now (the condition lasts minutes to hours); the invocation fails so that FC's
 *   asynchronous retry, or the next scheduled run, tries again;
 * - `never`: retrying cannot help until a person changes something.
 */
export const ERROR_CLASSES = {
  'invalid-request': {
    retry: 'never',
    httpStatus: 400,
    advice: 'Fix the request or the function configuration: the message names the field and the rule it breaks.',
  },
  'not-found': {
    retry: 'never',
    httpStatus: 404,
    advice: 'Check SnapshotId and RegionId: the source snapshot does not exist in that region (or was deleted).',
  },
  'not-ready': {
    retry: 'later',
    httpStatus: 409,
    advice:
      "The source snapshot is still being created, or an earlier copy of the same disk to the same region is still running. Nothing to fix: a later run (or FC's async retry) copies it.",
  },
  forbidden: {
    retry: 'never',
    httpStatus: 403,
    advice:
      "Grant the function's RAM role ecs:CopySnapshot (and ecs:DescribeSnapshots), or ask Alibaba Cloud support to enable cross-region snapshot copy for the account.",
  },
  account: {
    retry: 'never',
    httpStatus: 403,
    advice: 'Top up the account balance or activate the snapshot service, then run again.',
  },
  throttled: {
    retry: 'backoff',
    httpStatus: 429,
    advice:
      'ECS throttled the account (1000 calls a minute per account). The function backed off and retried; if this persists, spread schedules out or lower other API traffic.',
  },
  credentials: {
    retry: 'never',
    httpStatus: 502,
    advice:
      "Check the function's role (FC passes its STS credentials per invocation) or the ALIBABA_CLOUD_ACCESS_KEY_* variables, and the machine clock; an expired STS token needs fresh credentials, not a retry.",
  },
  transient: {
    retry: 'backoff',
    // 503 for ECS's own ServiceUnavailable and 504 for timeouts: see httpStatusOf in http-trigger.ts.
    httpStatus: 502,
    advice:
      "ECS or the network failed for a while. The function retried with the same ClientToken, so no duplicate copy was made; run again, or let FC's async retry do it.",
  },
  configuration: {
    retry: 'never',
    httpStatus: 500,
    advice: "Fix the environment variable named in the function's log, then redeploy.",
  },
  unknown: {
    retry: 'never',
    httpStatus: 502,
    advice: 'An ECS error this function does not know: look the Code up in the ECS API error center.',
  },
} as const satisfies Record<string, { retry: 'backoff' | 'later' | 'never'; httpStatus: number; advice: string }>;

export type ErrorClass = keyof typeof ERROR_CLASSES;

/** Where one code needs other advice than its class gives. */
const ADVICE_BY_CODE: Readonly<Record<string, string>> = {
  'Forbidden.CallerPolicy':
    "The operator does not let HTTP callers ask for this (the message names the rule and its variable): change the request, or ask the operator to change CALLER_* in the function's configuration.",
  'InvalidSecurityToken.Expired':
    "The STS token expired. In FC each invocation gets fresh credentials from the function's role: run again (FC's async retry does). Outside FC, refresh ALIBABA_CLOUD_SECURITY_TOKEN. Retrying with the same token cannot help.",
  IllegalTimestamp: 'ECS refused the request time: check the clock of the machine that runs the function (NTP).',
  ...DISK_ADVICE_BY_CODE,
};

export function adviceFor(Code: string, errorClass: ErrorClass): string {
  return ADVICE_BY_CODE[Code] ?? ERROR_CLASSES[errorClass].advice;
}
