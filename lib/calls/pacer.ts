/** ECS's flow control: 1000 calls per 60 s per account, for each API (https://api.aliyun.com/document/Ecs/2014-05-26/CopySnapshot). */
export const ECS_ACCOUNT_CALLS_PER_MINUTE = 1000;

/**
 * Paces the ECS calls of one key (account, region and API: pacers.ts) at the configured rate (ECS allows 1000 calls
 * a minute per account and API, shared with everything else the account runs), with a burst of one second's worth,
 * so that a small run (a single copy takes three calls) does not wait at all while a fleet's calls are spread evenly.
 * Throttling halves the pace, which then creeps back up with each call that succeeds (additive increase,
 * multiplicative decrease), so that a throttled account slows the run down instead of failing copies.
 *
 * The generic cell rate algorithm: each call moves a theoretical arrival time on by one interval; a call may go as
 * long as that time is no further ahead of now than the burst allows.
 */
export class Pacer {
  private perMinute: number;
  private theoreticalArrival = -Infinity;

  constructor(
    private readonly maxPerMinute: number,
    private readonly now: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {
    this.perMinute = maxPerMinute;
  }

  /** The current pace, in calls a minute. */
  get callsPerMinute(): number {
    return this.perMinute;
  }

  private get intervalMs(): number {
    return 60_000 / this.perMinute;
  }

  /** How far ahead of now the calls already let through may run: one second's worth of calls, less one. */
  private get toleranceMs(): number {
    return (Math.max(1, Math.floor(this.perMinute / 60)) - 1) * this.intervalMs;
  }

  /** How long a call asked for now would wait for its turn. */
  waitMs(): number {
    return Math.max(0, this.theoreticalArrival - this.toleranceMs - this.now());
  }

  /** Waits for the call's turn, and takes it. */
  async acquire(): Promise<void> {
    await this.acquireWithin(Number.POSITIVE_INFINITY);
  }

  /**
   * Takes the call's turn and waits for it, if it comes within `maxWaitMs`; otherwise takes nothing, waits not at
   * all and answers false, so that a caller with a deadline never sleeps past it.
   */
  async acquireWithin(maxWaitMs: number): Promise<boolean> {
    const now = this.now();
    const arrival = Math.max(now, this.theoreticalArrival);
    const waitMs = Math.max(0, arrival - this.toleranceMs - now);
    if (waitMs > maxWaitMs) return false;
    this.theoreticalArrival = arrival + this.intervalMs;
    if (waitMs > 0) await this.sleep(waitMs);
    return true;
  }

  /** ECS said Throttling: halve the pace, down to a sixteenth of the configured one. */
  throttled(): void {
    this.perMinute = Math.max(this.maxPerMinute / 16, this.perMinute / 2);
  }

  /** A call went through: win back a fiftieth of the configured pace. */
  succeeded(): void {
    this.perMinute = Math.min(this.maxPerMinute, this.perMinute + this.maxPerMinute / 50);
  }
}
