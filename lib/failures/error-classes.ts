/**
 * The closed set of outcomes a failure is sorted into. Each class carries what the function does about it (`retry`)
 * and what the operator should do (`advice`, unless the code has its own: lib/ecs/classify-ecs-error.ts); what an
 * HTTP caller gets is lib/fc/http-response.ts's (httpStatusFor).
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
    advice: 'Fix the request or the function configuration: the message names the field and the rule it breaks.',
  },
  'not-found': {
    retry: 'never',
    advice: 'Check SnapshotId and RegionId: the source snapshot does not exist in that region (or was deleted).',
  },
  'not-ready': {
    retry: 'later',
    advice:
      "The source snapshot is still being created, or an earlier copy of the same disk to the same region is still running. Nothing to fix: a later run (or FC's async retry) copies it.",
  },
  forbidden: {
    retry: 'never',
    advice:
      "Grant the function's RAM role ecs:CopySnapshot (and ecs:DescribeSnapshots), or ask Alibaba Cloud support to enable cross-region snapshot copy for the account.",
  },
  account: {
    retry: 'never',
    advice: 'Top up the account balance or activate the snapshot service, then run again.',
  },
  throttled: {
    retry: 'backoff',
    advice:
      'ECS throttled the account (1000 calls a minute per account). The function backed off and retried; if this persists, spread schedules out or lower other API traffic.',
  },
  credentials: {
    retry: 'never',
    advice:
      "Check the function's role (FC passes its STS credentials per invocation) or the ALIBABA_CLOUD_ACCESS_KEY_* variables, and the machine clock; an expired STS token needs fresh credentials, not a retry.",
  },
  transient: {
    retry: 'backoff',
    advice:
      "ECS or the network failed for a while. The function retried with the same ClientToken, so no duplicate copy was made; run again, or let FC's async retry do it.",
  },
  configuration: {
    retry: 'never',
    advice: "Fix the environment variable named in the function's log, then redeploy.",
  },
  unknown: {
    retry: 'never',
    advice: 'An ECS error this function does not know: look the Code up in the ECS API error center.',
  },
  internal: {
    retry: 'never',
    advice: 'A defect of this function, not of ECS or the request: report it with this log line (Error and Stack say where it failed).',
  },
  // The invocation's own failure when parts of it failed (a run's copies, a drill's disks, KeepCopies' deletions):
  // each part has its own Code and class; the invocation fails so that FC retries it and tells its failure destination.
  incomplete: {
    retry: 'later',
    advice:
      "Part of what was asked was not done: each part that failed has its own log line with its Code and advice. The next run or FC's async retry tries again.",
  },
} as const satisfies Record<string, { retry: 'backoff' | 'later' | 'never'; advice: string }>;

export type ErrorClass = keyof typeof ERROR_CLASSES;

/** Where one code is retried otherwise than its class: the function's own cap is a flow control, but what it holds
 * back is started by the next run, not retried in this one. */
const RETRY_BY_CODE: Readonly<Record<string, RetryRule>> = {
  MaxCopiesInFlight: 'later',
};

type RetryRule = (typeof ERROR_CLASSES)[ErrorClass]['retry'];

/** What the function does about a failure with this Code: see the retry rules above. */
export function retryRuleFor(Code: string, errorClass: ErrorClass): RetryRule {
  return RETRY_BY_CODE[Code] ?? ERROR_CLASSES[errorClass].retry;
}
