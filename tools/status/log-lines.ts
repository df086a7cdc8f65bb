// The function's log lines (lib/fc/log.ts: one JSON object a line), read back by `npm run status`. Each line the
// status uses is parsed with a schema of the fields it needs; other fields, and lines of other messages, are left
// alone, so that the function can log more without breaking the status page.
import * as z from 'zod/mini';

const nullableString = z.nullable(z.string());

/** One protected disk in one destination (lib/run/rpo-report.ts, logged as `rpo-status`). */
export const RpoStatusLineSchema = z.object({
  message: z.literal('rpo-status'),
  DiskId: z.string(),
  DestinationRegionId: z.string(),
  NewestCopySnapshotId: nullableString,
  DataCreationTime: z.optional(nullableString),
  DataAgeHours: z.nullable(z.number()),
  WithinRpo: z.boolean(),
  Progressing: z._default(z.array(z.string()), []),
  Failed: z._default(z.array(z.string()), []),
  RpoHours: z.optional(z.number()),
  /** With LOCK_DAYS: the newest copy that is accomplished and locked, and its data's time and age (docs/locks.md). */
  ProtectedCopySnapshotId: z.optional(nullableString),
  ProtectedDataCreationTime: z.optional(nullableString),
  ProtectedDataAgeHours: z.optional(z.nullable(z.number())),
  /** Issue 9's "no longer selected" may come as a flag on the disk's line. */
  NoLongerSelected: z.optional(z.boolean()),
  Selected: z.optional(z.boolean()),
});
export type RpoStatusLine = z.infer<typeof RpoStatusLineSchema>;

/** What a copy's or a lock's line says of its failure, when it failed (lib/failures). */
const failureFields = {
  Code: z.optional(z.string()),
  Class: z.optional(z.string()),
  Message: z.optional(z.string()),
  Advice: z.optional(z.string()),
};

/** What became of one source in one destination (`copy-planned`, `copy-failed`, ... with an `Outcome`). */
export const CopyResultLineSchema = z.object({
  message: z.string(),
  Outcome: z.string(),
  SourceSnapshotId: z.string(),
  SourceDiskId: z.optional(z.nullable(z.string())),
  DestinationRegionId: z.string(),
  SnapshotId: z.optional(z.string()),
  ...failureFields,
  RequestId: z.optional(z.string()),
});
export type CopyResultLine = z.infer<typeof CopyResultLineSchema>;

/** A failure of the whole run (a listing refused, bad configuration): `copy-failed` without an Outcome. */
export const RunFailureLineSchema = z.object({
  message: z.string(),
  Code: z.string(),
  Class: z.optional(z.string()),
  Message: z.string(),
  Advice: z.optional(z.string()),
  RequestId: z.optional(z.string()),
});
export type RunFailureLine = z.infer<typeof RunFailureLineSchema>;

/** The run's counts (`run-summary`). */
export const RunSummaryLineSchema = z.object({
  message: z.literal('run-summary'),
  Planned: z._default(z.number(), 0),
  NotReady: z._default(z.number(), 0),
  Left: z._default(z.number(), 0),
  Failed: z._default(z.number(), 0),
  AlreadyPresent: z._default(z.number(), 0),
  ProtectedDisks: z.optional(z.number()),
  ApiCalls: z.optional(z.number()),
  DryRun: z.optional(z.boolean()),
  /** With LOCK_DAYS: the locks a run now would set (docs/locks.md). */
  LockPlanned: z.optional(z.number()),
});
export type RunSummaryLine = z.infer<typeof RunSummaryLineSchema>;

/**
 * The copies' locks (lib/copy-locks, docs/locks.md): one line a copy whose lock a run sets, plans, skips, leaves or
 * fails (`copy-locked`, `copy-lock-planned`, ...), and `copy-locks-stopped` for a destination whose locks could not
 * be read. A failure is shown with the copies that failed.
 */
export const LockLineSchema = z.object({
  message: z.string(),
  Outcome: z.optional(z.string()),
  DestinationRegionId: z.string(),
  SnapshotId: z.optional(z.string()),
  SourceSnapshotId: z.optional(z.string()),
  SourceDiskId: z.optional(z.string()),
  ...failureFields,
});
export type LockLine = z.infer<typeof LockLineSchema>;

/** The lock lines' messages: a lock's, or a destination's whose locks could not be read. */
const isLockMessage = (message: string) => /^copy-lock(ed|s-stopped|-\w+)$/.test(message);

/** A disk with copies of ours that the selection no longer names (issue 9): one line a disk. */
export const NoLongerSelectedLineSchema = z.object({
  DiskId: z.string(),
  DestinationRegionId: z.optional(z.string()),
  NewestCopySnapshotId: z.optional(nullableString),
  DataAgeHours: z.optional(z.nullable(z.number())),
});
export type NoLongerSelectedLine = z.infer<typeof NoLongerSelectedLineSchema>;

const LogLineSchema = z.object({ time: z.optional(z.string()), level: z.optional(z.string()), message: z.string() });

/** A message issue 9 may use for a disk no longer selected: `disk-no-longer-selected`, `no-longer-selected`, ... */
export const isNoLongerSelectedMessage = (message: string) => /no-longer-selected|unselected/.test(message);

export type ParsedLine =
  | { kind: 'rpo-status'; line: RpoStatusLine }
  | { kind: 'copy-result'; line: CopyResultLine }
  | { kind: 'run-failure'; line: RunFailureLine }
  | { kind: 'run-summary'; line: RunSummaryLine }
  | { kind: 'no-longer-selected'; line: NoLongerSelectedLine }
  | { kind: 'lock'; line: LockLine }
  | { kind: 'other'; message: string };

export class LogLineError extends Error {
  override readonly name = 'LogLineError';
}

function parseWith<T>(schema: z.ZodMiniType<T>, value: unknown, message: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.map(String).join('.') || '(line)';
  throw new LogLineError(
    `the function logged a "${message}" line this status tool cannot read (${field}: ${issue?.message ?? 'invalid'}); rebuild with npm run status`,
  );
}

/** One line the function wrote; throws a LogLineError naming the message and field it cannot read. */
export function parseLogLine(text: string): ParsedLine {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new LogLineError(`the function wrote a log line that is not JSON: ${text.slice(0, 80)}`);
  }
  const { message } = parseWith(LogLineSchema, json, 'unnamed');
  if (message === 'rpo-status') return { kind: 'rpo-status', line: parseWith(RpoStatusLineSchema, json, message) };
  if (message === 'run-summary') return { kind: 'run-summary', line: parseWith(RunSummaryLineSchema, json, message) };
  if (isLockMessage(message)) return { kind: 'lock', line: parseWith(LockLineSchema, json, message) };
  if (isNoLongerSelectedMessage(message)) return { kind: 'no-longer-selected', line: parseWith(NoLongerSelectedLineSchema, json, message) };
  if (message.startsWith('copy-') && typeof json === 'object' && json !== null && 'Outcome' in json) {
    return { kind: 'copy-result', line: parseWith(CopyResultLineSchema, json, message) };
  }
  if (message === 'copy-failed') return { kind: 'run-failure', line: parseWith(RunFailureLineSchema, json, message) };
  return { kind: 'other', message };
}

/** The answer of a fleet run, where issue 9 may list the disks no longer selected. */
export const RunAnswerSchema = z.object({
  NoLongerSelected: z.optional(z.array(NoLongerSelectedLineSchema)),
});
