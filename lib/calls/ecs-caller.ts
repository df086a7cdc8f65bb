import type { Credentials } from '../ecs/credentials';
import type { EcsCall } from '../ecs/ecs';
import { CopyFailure } from '../ecs/errors';
import type { Deadline } from './deadline';
import { Pacer } from './pacer';
import { callWithRetries, deadlineExceeded, type RetryEvent, type RetryPolicy, type RetryTools } from './retry';

export interface EcsCallerDependencies extends RetryTools {
  retryPolicy: RetryPolicy;
  now: () => number;
}

/**
 * How restore drills and KeepCopies call ECS: every call paced at API_CALLS_PER_MINUTE, retried by its error's
 * class, and cut to the invocation's deadline, with this folder's Pacer, callWithRetries and Deadline. It is the
 * copy run's call wrapper (copy-run.ts) made reusable, and gives way to the one resilient ECS wrapper once that
 * lands: the drill and KeepCopies code calls ECS only through this interface.
 */
export interface EcsCaller {
  /** Resolves with the call's answer; rejects with the last CopyFailure (its attempts counted). */
  call<T>(Action: string, request: (call: EcsCall) => Promise<T>): Promise<T>;
  /** ECS calls made so far, retries included. */
  readonly apiCalls: number;
  /** How long the next call would wait for its turn. */
  waitMs(): number;
}

export function createEcsCaller(
  apiCallsPerMinute: number,
  dependencies: EcsCallerDependencies,
  credentials: Credentials,
  deadline: Deadline,
  onRetry?: (event: RetryEvent & { Action: string }) => void,
): EcsCaller {
  const pacer = new Pacer(apiCallsPerMinute, dependencies.now, dependencies.sleep);
  let apiCalls = 0;
  return {
    get apiCalls() {
      return apiCalls;
    },
    waitMs: () => pacer.waitMs(),
    async call<T>(Action: string, request: (call: EcsCall) => Promise<T>): Promise<T> {
      const { value } = await callWithRetries(
        async (timeoutMs) => {
          await pacer.acquire();
          const left = Math.min(timeoutMs, deadline.remainingMs());
          if (left < dependencies.retryPolicy.minAttemptMs) throw deadlineExceeded();
          apiCalls++;
          try {
            const answer = await request({ credentials, timeoutMs: left });
            pacer.succeeded();
            return answer;
          } catch (error) {
            if (error instanceof CopyFailure && error.errorClass === 'throttled') pacer.throttled();
            throw error;
          }
        },
        dependencies.retryPolicy,
        deadline,
        dependencies,
        (event) => onRetry?.({ ...event, Action }),
      );
      return value;
    },
  };
}
