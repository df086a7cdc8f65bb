/**
 * A clock for tests: `now` reads virtual time and `sleep` waits on it, so a run that paces, backs off and times out
 * over minutes of virtual time takes milliseconds of real time, and does the same thing on every run.
 *
 * Time moves only when every piece of work is waiting on the clock. A sleeper is woken once nothing else can run:
 * the clock checks in a `setImmediate`, which Node runs only after every pending promise callback. It then moves time
 * to the earliest wake-up and wakes that sleeper (equal times in the order they were asked for), so concurrent
 * invocations interleave as they would in real time, and two sleeps of one second side by side take one second.
 * Nothing may wait on real I/O or real timers meanwhile: the clock would not wait for them.
 */
export class VirtualClock {
  private timeMs: number;
  private readonly timers: Array<{ atMs: number; order: number; wake: () => void }> = [];
  private nextOrder = 0;
  private checkScheduled = false;

  constructor(startMs: number = VirtualClock.DEFAULT_START_MS) {
    this.timeMs = startMs;
  }

  /** 2026-11-28T03:00:00Z: a fixed start, so that every run of a test sees the same times. */
  static readonly DEFAULT_START_MS = Date.parse('2026-11-28T03:00:00Z');

  readonly now = (): number => this.timeMs;

  /** Resolves once virtual time has moved on by `ms` (at once for 0 or less, after other work has had its turn). */
  readonly sleep = (ms: number): Promise<void> => new Promise<void>((resolve) => this.at(this.timeMs + Math.max(0, ms), resolve));

  /** Calls `action` when virtual time reaches `atMs`: something that happens later without anybody waiting on it. */
  at(atMs: number, action: () => void): void {
    this.timers.push({ atMs, order: this.nextOrder++, wake: action });
    this.scheduleCheck();
  }

  /** How many sleeps and scheduled actions are still to come. */
  get pending(): number {
    return this.timers.length;
  }

  /** Lets `ms` of virtual time pass: everything due by then happens, in order. */
  advance(ms: number): Promise<void> {
    return this.sleep(ms);
  }

  /** Lets time pass until nothing is left to happen. */
  async runAll(): Promise<void> {
    while (this.timers.length > 0) {
      const last = Math.max(...this.timers.map((timer) => timer.atMs));
      await this.sleep(last - this.timeMs);
    }
  }

  private scheduleCheck(): void {
    if (this.checkScheduled) return;
    this.checkScheduled = true;
    setImmediate(() => {
      this.checkScheduled = false;
      this.wakeEarliest();
    });
  }

  private wakeEarliest(): void {
    if (this.timers.length === 0) return;
    let earliest = 0;
    this.timers.forEach((timer, index) => {
      const best = this.timers[earliest];
      if (best !== undefined && (timer.atMs < best.atMs || (timer.atMs === best.atMs && timer.order < best.order))) earliest = index;
    });
    const [timer] = this.timers.splice(earliest, 1);
    if (timer === undefined) return;
    this.timeMs = Math.max(this.timeMs, timer.atMs);
    timer.wake();
    if (this.timers.length > 0) this.scheduleCheck();
  }
}
