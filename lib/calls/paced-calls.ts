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
  /** The pace of each API in each region (API_CALLS_PER_MINUTE). */
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

/** Which call it is, as ECS's flow control counts it: its action, and the region whose endpoint it goes to. */
export interface CallOf {
  Action: string;
  RegionId: string;
}

/**
 * Every ECS call of one session, whatever it asks: paced, retried by its error class, each attempt's timeout cut to
 * the time left before the deadline, and counted. A call whose turn would come too late to make it fails at once with
 * DeadlineExceeded (no call made), so that the invocation ends and reports before FC's timeout instead of sleeping
 * through it. Every use case reaches it through its EcsSession (ecs-session.ts).
 *
 * Each call takes its turn from the Pacer of its key, (account, region, API), made on the key's first call: ECS
 * limits an account's calls of each API ("1000 calls per 60 s per account", as CopySnapshot's page states it for that
 * API: https://api.aliyun.com/document/Ecs/2014-05-26/CopySnapshot), so one API throttled slows that API alone. UNVERIFIED
 * whether ECS keeps a budget per region or one for all regions of an account: a pace per region is never faster than
 * ECS allows within one region; if the budget is the account's, calls to several regions at once may pass it
 * together, and the throttled answers then halve each region's pace.
 *
 * The account is the session's: a session calls with one credential, which acts for one account, so its pacers are
 * those of (region, API) and no account ID (which FC's STS credentials do not carry) is needed. They live as long as
 * the session, one invocation. Kept for the instance they would gain little: "by default, each Function Compute
 * instance processes one request at a time"
 * (https://www.alibabacloud.com/help/en/functioncompute/fc/configure-the-concurrency-of-a-single-instance; s.yaml
 * sets no instance concurrency), invocations that overlap run in instances of their own, and a pace's burst is one
 * second's worth: the next invocation, starting afresh, adds at most that to ECS's 60 s window and forgets a
 * throttled pace, which its first throttled answer halves again. A table for the instance would have to be made in
 * lib/fc and handed to every session (dist/index.js and dist/on-demand.js each hold a copy of this module), keyed by
 * an account ID as well.
 */
export class PacedCalls {
  private readonly pacers = new Map<string, Pacer>();
  private calls = 0;

  constructor(private readonly options: PacedCallsOptions) {}

  /** ECS calls made so far (attempts included, calls never made not). */
  get apiCalls(): number {
    return this.calls;
  }

  /** How long the call asked for now would wait for its turn; with none named, the longest wait of any key. */
  waitMs(call?: CallOf): number {
    if (call) return this.pacers.get(keyOf(call))?.waitMs() ?? 0;
    return Math.max(0, ...[...this.pacers.values()].map((pacer) => pacer.waitMs()));
  }

  call<T>(of: CallOf, request: (call: EcsCall) => Promise<T>): Promise<Answered<T>> {
    const { deadline, retryPolicy, tools, credentials } = this.options;
    // A throttled answer halves the pace of this call's key, and of no other.
    const pacer = this.pacerOf(of);
    return callWithRetries(
      async (timeoutMs) => {
        // A turn that comes too late for an attempt is not waited for.
        const latestTurnMs = deadline.remainingMs() - retryPolicy.minAttemptMs;
        if (!(await pacer.acquireWithin(latestTurnMs))) throw deadlineExceeded();
        // The wait for the turn took time: the attempt's timeout is cut again to what is left.
        const left = Math.min(timeoutMs, deadline.remainingMs());
        if (left < retryPolicy.minAttemptMs) throw deadlineExceeded();
        this.calls++;
        try {
          const value = await request({ credentials, timeoutMs: left });
          pacer.succeeded();
          return value;
        } catch (error) {
          if (error instanceof CopyFailure && error.errorClass === 'throttled') pacer.throttled();
          throw error;
        }
      },
      retryPolicy,
      deadline,
      tools,
      (event) => this.options.onRetry?.({ ...event, Action: of.Action }),
    );
  }

  private pacerOf(of: CallOf): Pacer {
    const key = keyOf(of);
    const { callsPerMinute, tools } = this.options;
    const pacer = this.pacers.get(key) ?? new Pacer(callsPerMinute, tools.now, tools.sleep);
    this.pacers.set(key, pacer);
    return pacer;
  }
}

/** Neither a RegionId nor an action's name holds a space. */
const keyOf = ({ Action, RegionId }: CallOf) => `${Action} ${RegionId}`;
