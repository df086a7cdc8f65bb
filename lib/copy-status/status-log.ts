import type { InvocationLog } from '../fc/invocation-log';
import type { StatusObserver } from './read-copy-status';

/** The copy status read's line: one `copy-status` a copy read, with the invocation's duration. */
export function createStatusLog(invocation: InvocationLog): StatusObserver {
  return {
    onRetry: (retry) => invocation.onRetry(retry),
    onStatus: (status) => invocation.lines.info('copy-status', { ...status, DurationMs: invocation.durationMs() }),
  };
}
