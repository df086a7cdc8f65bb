/**
 * Paces every ECS call of an invocation: calls are spaced evenly at the configured rate (ECS allows 1000 calls a
 * minute per account, shared with everything else the account runs), and throttling halves the pace, which then
 * creeps back up with each call that succeeds (additive increase, multiplicative decrease), so that a throttled
 * account slows the run down instead of failing copies.
 */
export class Pacer {
  private perMinute: number;
  private nextSlotAt = 0;

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

  /** How long a call asked for now would wait for its slot. */
  waitMs(): number {
    return Math.max(0, this.nextSlotAt - this.now());
  }

  /** Waits for the next free slot, and takes it. */
  async acquire(): Promise<void> {
    const now = this.now();
    const slot = Math.max(now, this.nextSlotAt);
    this.nextSlotAt = slot + 60_000 / this.perMinute;
    if (slot > now) await this.sleep(slot - now);
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
