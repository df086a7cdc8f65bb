import { classifiedFailure } from '../ecs/classify-ecs-error';
import { retryRuleFor } from '../failures/error-classes';
import { asCopyFailure, type CopyFailure } from '../failures/errors';
import type { Deadline } from './deadline';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Base of the exponential backoff for transient failures. */
  baseDelayMs: number;
  /** Throttling clears more slowly than a blip: its backoff starts higher. */
  throttledBaseDelayMs: number;
  /** Cap on one delay. */
  maxDelayMs: number;
  /** Cap on one attempt's HTTP timeout (it is also cut to the time left before the deadline). */
  attemptTimeoutMs: number;
  /** An attempt is not started with less time left than this. */
  minAttemptMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 200,
  throttledBaseDelayMs: 1000,
  maxDelayMs: 20_000,
  attemptTimeoutMs: 10_000,
  minAttemptMs: 500,
};

const DEADLINE_EXCEEDED = 'DeadlineExceeded';

/** No time is left before the function timeout for another ECS call: none was made. */
export function deadlineExceeded(): CopyFailure {
  return classifiedFailure({
    Code: DEADLINE_EXCEEDED,
    Message: 'No time was left before the function timeout to call ECS',
  });
}

export function isDeadlineExceeded(failure: CopyFailure): boolean {
  return failure.Code === DEADLINE_EXCEEDED;
}

export interface RetryTools {
  random: () => number;
  sleep: (ms: number) => Promise<void>;
}

/** Full jitter (the AWS SDK's rule): t = random() × min(cap, base × 2^retry). */
export function backoffDelayMs(retry: number, baseMs: number, capMs: number, random: () => number): number {
  return random() * Math.min(capMs, baseMs * 2 ** retry);
}

export interface RetryEvent {
  attempt: number;
  failure: CopyFailure;
  delayMs: number;
}

/**
 * Calls `attempt` until it succeeds, a failure's class says not to retry, attempts run out or the deadline nears.
 * Every attempt is a new call (pop-core signs each with a new nonce and timestamp); making that safe for a
 * non-idempotent action is the caller's job (CopySnapshot: the same ClientToken on every attempt).
 * Rejects with the last CopyFailure, its `attempts` counted. An attempt that rejects with `deadlineExceeded()` made
 * no call: it ends the retries at once, with the failure before it if there was one, and is not counted.
 */
export async function callWithRetries<T>(
  attempt: (timeoutMs: number) => Promise<T>,
  policy: RetryPolicy,
  deadline: Deadline,
  tools: RetryTools,
  onRetry?: (event: RetryEvent) => void,
): Promise<{ value: T; attempts: number }> {
  let previous: CopyFailure | undefined;
  for (let attemptNumber = 1; ; attemptNumber++) {
    const timeoutMs = Math.min(policy.attemptTimeoutMs, deadline.remainingMs());
    if (timeoutMs < policy.minAttemptMs) throw withAttempts(previous ?? deadlineExceeded(), attemptNumber - 1);
    try {
      return { value: await attempt(timeoutMs), attempts: attemptNumber };
    } catch (error) {
      // Adapters throw CopyFailure only; anything else is a defect of ours (an InternalFailure), never retried.
      const failure = asCopyFailure(error);
      if (isDeadlineExceeded(failure)) throw withAttempts(previous ?? failure, attemptNumber - 1);
      previous = failure;
      const rule = retryRuleFor(failure.Code, failure.errorClass);
      if (rule !== 'backoff' || attemptNumber >= policy.maxAttempts) throw withAttempts(failure, attemptNumber);
      const base = failure.errorClass === 'throttled' ? policy.throttledBaseDelayMs : policy.baseDelayMs;
      const delayMs = backoffDelayMs(attemptNumber - 1, base, policy.maxDelayMs, tools.random);
      // Waiting past the point where no attempt fits would only hide the real failure behind a timeout.
      if (deadline.remainingMs() - delayMs < policy.minAttemptMs) throw withAttempts(failure, attemptNumber);
      onRetry?.({ attempt: attemptNumber, failure, delayMs });
      await tools.sleep(delayMs);
    }
  }
}

function withAttempts(failure: CopyFailure, attempts: number): CopyFailure {
  failure.attempts = attempts;
  return failure;
}
