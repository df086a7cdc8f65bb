import type { RetryEvent } from '../calls/retry';
import type { ErrorClass } from '../failures/error-classes';
import type { CopyFailure } from '../failures/errors';
import type { InvocationEvent } from './invocation-event';
import type { Logger } from './log';

/**
 * The log of one invocation, whatever its use case: the lines every use case writes (a retried call, the failure
 * that ended the invocation), the Logger each use case's own log words its lines with (lib/<use case>/*-log.ts), and
 * the invocation's duration so far.
 */
export interface InvocationLog {
  readonly lines: Logger;
  /**
   * What the operator should do about a failure with this Code and class (lib/ecs/ecs-error-advice.ts, in
   * dist/on-demand.js, which the entry loads at the first line that needs it).
   */
  advice(Code: string, errorClass: ErrorClass): string;
  /** Milliseconds since the invocation started: the closing lines' `DurationMs`. */
  durationMs(): number;
  /** The same log, its lines marked with the trigger once the event is decoded. */
  forTrigger(event: InvocationEvent): InvocationLog;
  /** A call that failed and is tried again after a delay. */
  onRetry(retry: RetryEvent & { Action: string }): void;
  /** The failure that ended the invocation (or refused its event). */
  onFailure(failure: CopyFailure): void;
}

/** A defect of ours has its own line, apart from ECS's failures, so that it is found and reported. */
export const INTERNAL_FAILURE = 'internal-failure';

/** Said in place of a failure's advice when the advice could not be loaded: the line itself must still be written. */
const ADVICE_NOT_LOADED = 'docs/errors.md says what to do about each Code.';

export function createInvocationLog(
  lines: Logger,
  startedAt: number,
  now: () => number,
  adviceFor: (Code: string, errorClass: ErrorClass) => string,
): InvocationLog {
  const durationMs = () => now() - startedAt;
  const advice = (Code: string, errorClass: ErrorClass) => {
    try {
      return adviceFor(Code, errorClass);
    } catch {
      return ADVICE_NOT_LOADED;
    }
  };
  return {
    lines,
    advice,
    durationMs,
    forTrigger: (event) =>
      createInvocationLog(
        lines.child({ trigger: event.source, ...(event.source === 'timer' ? { triggerName: event.triggerName } : {}) }),
        startedAt,
        now,
        adviceFor,
      ),
    onRetry: (retry) =>
      lines.warn('copy-attempt-failed', {
        Action: retry.Action,
        Code: retry.failure.Code,
        Class: retry.failure.errorClass,
        Message: retry.failure.Message,
        RequestId: retry.failure.RequestId,
        Attempt: retry.attempt,
        RetryInMs: Math.round(retry.delayMs),
      }),
    onFailure: (failure) => {
      const fields = {
        Code: failure.Code,
        Class: failure.errorClass,
        Message: failure.Message,
        RequestId: failure.RequestId,
        Advice: advice(failure.Code, failure.errorClass),
        Attempts: failure.attempts,
      };
      if (failure.errorClass === 'internal')
        lines.error(INTERNAL_FAILURE, { ...fields, ...defect(failure.cause), DurationMs: durationMs() });
      else lines.error('copy-failed', { ...fields, DurationMs: durationMs() });
    },
  };
}

/**
 * What a defect is and where it happened: the error's name and its stack frames (`at ...` lines). Not its message,
 * which nothing vetted (it may quote any value), so not the stack's first line either, which repeats it.
 */
export function defect(error: unknown): { Error: string; Stack: string[] } {
  if (!(error instanceof Error)) return { Error: typeof error, Stack: [] };
  const name = /^[\w.$]{1,64}$/.test(error.name) ? error.name : 'Error';
  const stack = error.stack ?? '';
  // The message may span lines: the frames are what follows it.
  const at = error.message === '' ? -1 : stack.indexOf(error.message);
  const frames = (at >= 0 ? stack.slice(at + error.message.length) : stack).split('\n');
  return { Error: name, Stack: frames.filter((line) => /^\s+at /.test(line)).map((line) => line.trim()) };
}
