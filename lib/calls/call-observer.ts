import type { RetryEvent } from './retry';

/** What every use case tells of its ECS calls: a call that failed and is tried again after a delay, with its Action. */
export interface CallObserver {
  onRetry(retry: RetryEvent & { Action: string }): void;
}
