/**
 * A clock for tests that wait without waiting: `sleep` resolves when the clock reaches its time, and the clock jumps
 * to the earliest sleeper as soon as everything else has settled (a macrotask later, once every promise chain is
 * either done or asleep). The code under test must wait only through `sleep`.
 */
export class VirtualClock {
  private time: number;
  private sleepers: { at: number; order: number; wake: () => void }[] = [];
  private order = 0;
  private ticking = false;

  constructor(startMs = Date.UTC(2026, 10, 27, 19, 0, 0)) {
    this.time = startMs;
  }

  readonly now = (): number => this.time;

  readonly sleep = (ms: number): Promise<void> =>
    new Promise<void>((wake) => {
      this.sleepers.push({ at: this.time + Math.max(0, ms), order: this.order++, wake });
      this.tick();
    });

  private tick(): void {
    if (this.ticking) return;
    this.ticking = true;
    setImmediate(() => {
      this.ticking = false;
      this.sleepers.sort((a, b) => a.at - b.at || a.order - b.order);
      const next = this.sleepers.shift();
      if (!next) return;
      this.time = Math.max(this.time, next.at);
      next.wake();
      if (this.sleepers.length > 0) this.tick();
    });
  }
}
