/**
 * Injected faults in the order staged: a call takes the first rule that names its key (an Action, a function's name)
 * or names none, for as many calls as the rule's `times` (1 by default). The API faults (faults.ts) and the delivery
 * faults of asynchronous invocations (delivery-faults.ts) are served alike.
 */
export class StagedRules<F> {
  private staged: Array<{ key: string | undefined; fault: F; remaining: number }> = [];

  protected stage(key: string | undefined, fault: F, times: number | undefined): void {
    this.staged.push({ key, fault, remaining: times ?? 1 });
  }

  clear(): void {
    this.staged = [];
  }

  /** The fault the next call for `key` would get, without using it up. */
  peek(key: string): F | undefined {
    return this.firstMatching(key)?.fault;
  }

  /** The fault for this call, used up. */
  take(key: string): F | undefined {
    const rule = this.firstMatching(key);
    if (rule === undefined) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.staged = this.staged.filter((candidate) => candidate !== rule);
    return rule.fault;
  }

  private firstMatching(key: string) {
    return this.staged.find((rule) => rule.key === undefined || rule.key === key);
  }
}
