import type { Credentials } from '../ecs/credentials';
import type { EcsCall } from '../ecs/ecs';
import type { Deadline } from './deadline';
import { PacedCalls } from './paced-calls';
import type { RetryEvent, RetryPolicy, RetryTools } from './retry';

export interface EcsCallerDependencies extends RetryTools {
  retryPolicy: RetryPolicy;
  now: () => number;
}

/**
 * How restore drills and KeepCopies call ECS: through the same PacedCalls as the copy run (paced at
 * API_CALLS_PER_MINUTE, retried by the error's class, cut to the invocation's deadline, never waiting past it), with
 * the answer alone.
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
  const { retryPolicy, ...tools } = dependencies;
  const paced = new PacedCalls({ credentials, deadline, retryPolicy, callsPerMinute: apiCallsPerMinute, tools, onRetry });
  return {
    get apiCalls() {
      return paced.apiCalls;
    },
    waitMs: () => paced.waitMs(),
    call: async (Action, request) => (await paced.call(Action, request)).value,
  };
}
