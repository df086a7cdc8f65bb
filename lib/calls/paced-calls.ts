import type { Credentials } from '../ecs/credentials';
import type { EcsCall } from '../ecs/ecs';
import { CopyFailure } from '../failures/errors';
import type { Deadline } from './deadline';
import { Pacer } from './pacer';
import { callWithRetries, deadlineExceeded, type RetryEvent, type RetryPolicy, type RetryTools } from './retry';

export interface PacedCallsOptions {
  credentials: Credentials;
  deadline: Deadline;
  retryPolicy: RetryPolicy;
  /** The pace of every call this one invocation makes (API_CALLS_PER_MINUTE). */
  callsPerMinute: number;
  tools: RetryTools & { now: () => number };
  /** Told of each failed attempt that is retried, with the action it was. */
  onRetry?: ((event: RetryEvent & { Action: string }) => void) | undefined;
}

/** A call's answer and the attempts it took. */
export interface Answered<T> {
  value: T;
  attempts: number;
}

/**
 * Every ECS call of one invocation, whatever it asks: paced (one Pacer for the invocation), retried by its error
 * class, each attempt's timeout cut to the time left before the deadline, and counted. A call whose turn would come
 * too late to make it fails at once with DeadlineExceeded (no call made), so that the invocation ends and reports
 * before FC's timeout instead of sleeping through it. Every use case reaches it through its EcsSession
 * (ecs-session.ts).
 */
export class PacedCalls {
  private readonly pacer: Pacer;
  private calls = 0;

  constructor(private readonly options: PacedCallsOptions) {
    this.pacer = new Pacer(options.callsPerMinute, options.tools.now, options.tools.sleep);
  }

  /** ECS calls made so far (attempts included, calls never made not). */
  get apiCalls(): number {
    return this.calls;
  }

  /** How long a call asked for now would wait for its turn. */
  waitMs(): number {
    return this.pacer.waitMs();
  }

  call<T>(Action: string, request: (call: EcsCall) => Promise<T>): Promise<Answered<T>> {
    const { deadline, retryPolicy, tools, credentials } = this.options;
    return callWithRetries(
      async (timeoutMs) => {
        // A turn that comes too late for an attempt is not waited for.
        const latestTurnMs = deadline.remainingMs() - retryPolicy.minAttemptMs;
        if (!(await this.pacer.acquireWithin(latestTurnMs))) throw deadlineExceeded();
        // The wait for the turn took time: the attempt's timeout is cut again to what is left.
        const left = Math.min(timeoutMs, deadline.remainingMs());
        if (left < retryPolicy.minAttemptMs) throw deadlineExceeded();
        this.calls++;
        try {
          const value = await request({ credentials, timeoutMs: left });
          this.pacer.succeeded();
          return value;
        } catch (error) {
          if (error instanceof CopyFailure && error.errorClass === 'throttled') this.pacer.throttled();
          throw error;
        }
      },
      retryPolicy,
      deadline,
      tools,
      (event) => this.options.onRetry?.({ ...event, Action }),
    );
  }
}
