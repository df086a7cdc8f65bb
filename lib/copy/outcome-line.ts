import type { LogFields, Logger } from '../fc/log';

// Not in lib/fc: only the use cases' logs of dist/on-demand.js use these, and that bundle holds no lib/fc module.

/** A line's level, which a use case's log picks from what happened to the thing the line reports. */
export type LogLevel = 'info' | 'warn' | 'error';

/** A use case's line for one outcome: its message and its level (the tables of lib/<use case>/*-log.ts). */
export type OutcomeLine = readonly [message: string, level: LogLevel];

/** Writes a use case's line for an outcome at that outcome's level. */
export function logAtLevel(lines: Logger, [message, level]: OutcomeLine, fields: LogFields): void {
  lines[level](message, fields);
}
