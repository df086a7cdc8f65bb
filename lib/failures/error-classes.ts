/**
 * The closed set of outcomes a failure is sorted into. Each class carries what the function does about it (`retry`);
 * what the operator should do is class-advice.ts's (unless the code has its own: lib/ecs/ecs-error-advice.ts), and
 * what an HTTP caller gets is lib/fc/http-response.ts's (httpStatusFor).
 *
 * retry:
 * - `backoff`: retried inside the invocation with capped exponential backoff and full jitter, same ClientToken;
 * - `later`: not retried now (the condition lasts minutes to hours); the invocation fails so that FC's
 *   asynchronous retry, or the next scheduled run, tries again;
 * - `never`: retrying cannot help until a person changes something.
 */
export const ERROR_CLASSES = {
  'invalid-request': { retry: 'never' },
  'not-found': { retry: 'never' },
  'not-ready': { retry: 'later' },
  forbidden: { retry: 'never' },
  account: { retry: 'never' },
  throttled: { retry: 'backoff' },
  credentials: { retry: 'never' },
  transient: { retry: 'backoff' },
  configuration: { retry: 'never' },
  unknown: { retry: 'never' },
  internal: { retry: 'never' },
  // The invocation's own failure when parts of it failed (a run's copies, a drill's disks, KeepCopies' deletions):
  // each part has its own Code and class; the invocation fails so that FC retries it and tells its failure destination.
  incomplete: { retry: 'later' },
} as const satisfies Record<string, { retry: 'backoff' | 'later' | 'never' }>;

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
