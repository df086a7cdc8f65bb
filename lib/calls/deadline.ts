/**
 * FC kills an invocation at `context.function.timeout` without a word; FC gives no remaining-time API
 * (the context has only `function.timeout`: https://www.alibabacloud.com/help/en/functioncompute/user-guide/context),
 * so the function counts from its own start and stops early enough to report the failure.
 */
export interface Deadline {
  remainingMs(): number;
}

/** Used when the context carries no timeout (a local run): FC's own default for a new function. */
const DEFAULT_TIMEOUT_SECONDS = 60;

/** Time kept back to log and answer: a tenth of the timeout, between 200 ms and 5 s. */
export function reserveMs(timeoutMs: number): number {
  return Math.min(5000, Math.max(200, timeoutMs / 10));
}

export function invocationDeadline(timeoutSeconds: number | undefined, startedAt: number, now: () => number): Deadline {
  const timeoutMs = (timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
  const endsAt = startedAt + timeoutMs - reserveMs(timeoutMs);
  return { remainingMs: () => Math.max(0, endsAt - now()) };
}
