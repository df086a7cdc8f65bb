/**
 * ECS's flow control: an account gets so many calls a minute of each API (1000 for most actions,
 * https://api.aliyun.com/document/Ecs/2014-05-26/CopySnapshot) and past it answers `Throttling.User`. A token bucket
 * refilled at that rate, holding one second's worth, so that a client that paces itself evenly at the rate is never
 * refused and one that bursts is.
 */
export class RateLimit {
  private tokens: number;
  private updatedAt: number;
  private readonly capacity: number;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number,
  ) {
    this.capacity = Math.max(1, perMinute / 60);
    this.tokens = this.capacity;
    this.updatedAt = now();
  }

  /** Takes a call's token; false when the account is over its rate. */
  take(): boolean {
    const nowMs = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((nowMs - this.updatedAt) * this.perMinute) / 60_000);
    this.updatedAt = nowMs;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * An account's flow control: a RateLimit for each region and API, each at the same rate, made on its first call. ECS
 * states its limit per account for each API; that each region has a budget of its own is UNVERIFIED, and this cloud
 * assumes it, as the function's pacing does (lib/calls/pacers.ts). A call to no region's endpoint that names no
 * region has a budget of its own.
 */
export class FlowControl {
  private readonly limits = new Map<string, RateLimit>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number,
  ) {}

  /** Takes a token for a call of `Action` in `RegionId`; false when that API is over its rate there. */
  take(RegionId: string | undefined, Action: string): boolean {
    const key = JSON.stringify([RegionId ?? '', Action]);
    let limit = this.limits.get(key);
    if (limit === undefined) {
      limit = new RateLimit(this.perMinute, this.now);
      this.limits.set(key, limit);
    }
    return limit.take();
  }
}
