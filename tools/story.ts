// What `npm start` prints for a person: for each invocation a heading, what was asked, what the function answered,
// and compact tables made from its log lines (the JSON lines FC ships to SLS): the copies (started, found, waiting,
// failed with code and advice), the retries, the RPO state of each disk and destination (with LOCK_DAYS, the age of
// its newest locked data too), the copies KeepCopies deleted or kept, the copies locked (or why not), a restore
// drill's disks and leftovers, the run's or the drill's summary. Every line fits the
// terminal's width (80 columns as well as 100); every text from ECS is made printable first (tools/text-table.ts), and
// every time is written one way (formatTime). Log messages this module does not know are counted on an "other" line,
// never dropped.

import { PROVENANCE_PREFIX, readProvenance } from '../lib/request/provenance';
import { renderRestore } from './restore/report-tables';
import { formatTime, KEEP_TOGETHER, labelled, type Row, shorten, table, wrap } from './text-table';

/** The width when stdout is not a terminal (a pipe, a file, a test) and COLUMNS does not say. */
export const WIDTH = 100;
/** The narrowest and widest the story is laid out for: narrower terminals wrap it, wider ones gain nothing. */
export const MIN_WIDTH = 60;
export const MAX_WIDTH = 120;
const INDENT = 2;
const LABEL_WIDTH = 8;
/** Below this width the RPO table moves the newest copy and the copies under each row, to keep IDs whole. */
const RPO_ONE_LINE_WIDTH = 96;
/** The RPO table's column of the locked data's age (with LOCK_DAYS), with its gap. */
const LOCKED_COLUMN_WIDTH = 8;

/**
 * The width to lay the story out for: the terminal's (`process.stdout.columns`), else the COLUMNS variable a shell
 * exports, else WIDTH; held between MIN_WIDTH and MAX_WIDTH.
 */
export function storyWidth(stdout: { isTTY?: boolean; columns?: number }, env: Readonly<Record<string, string | undefined>>): number {
  const fromEnv = Number.parseInt(env.COLUMNS ?? '', 10);
  const columns = stdout.isTTY && stdout.columns ? stdout.columns : Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : WIDTH;
  return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, columns));
}

/** What became of one invocation of the function. */
export type Outcome = { kind: 'resolved'; value: unknown } | { kind: 'rejected'; message: string };

export interface Invocation {
  title: string;
  /** The event as FC delivers it (the bytes of a timer, HTTP or direct event). */
  event: Buffer;
  /** A line that says what to look for, when the heading is not enough. */
  note?: string;
  /** What the function wrote to stdout, one log line each. */
  logLines: readonly string[];
  outcome: Outcome;
}

type LogRecord = Readonly<Record<string, unknown>>;

const text = (record: LogRecord | undefined, key: string): string | undefined => {
  const value = record?.[key];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
};
const count = (record: LogRecord, key: string): number => {
  const value = record[key];
  return typeof value === 'number' ? value : 0;
};
const list = (record: LogRecord, key: string): string[] => {
  const value = record[key];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
};

function parseJson(line: string): LogRecord | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as LogRecord) : undefined;
  } catch {
    return undefined;
  }
}

/** The label of each copy's log message in the copies table. */
const COPY_LABELS: Readonly<Record<string, string>> = {
  'copy-started': 'started',
  'copy-already-present': 'found',
  'copy-planned': 'planned',
  'copy-not-ready': 'waiting',
  'copy-left': 'left',
  'copy-failed': 'failed',
  'copy-attempt-failed': 'retry',
};
/** KeepCopies' log messages (docs/keep-copies.md), labelled in the pruning table. */
const PRUNE_LABELS: Readonly<Record<string, string>> = {
  'copy-pruned': 'deleted',
  'copy-prune-planned': 'planned',
  'copy-prune-kept': 'kept',
  'copy-prune-failed': 'failed',
};
/** The locks' log messages (docs/locks.md), labelled in the locks table. */
const LOCK_LABELS: Readonly<Record<string, string>> = {
  'copy-locked': 'locked',
  'copy-lock-planned': 'planned',
  'copy-lock-skipped': 'skipped',
  'copy-lock-left': 'left',
  'copy-lock-failed': 'failed',
  'copy-locks-stopped': 'stopped',
};
/** A restore drill's log messages (docs/restore-drills.md): a disk's drill, or a drill disk an earlier run left. */
const DRILL_LABELS: Readonly<Record<string, string>> = {
  'restore-drill': 'drill',
  'drill-disk-deleted': 'leftover',
  'drill-disk-planned': 'leftover',
  'drill-disk-in-use': 'leftover',
  'drill-disk-left': 'leftover',
};
/** A restore's log messages (docs/restore.md), shown as `npm run restore` shows them (tools/restore/report-tables.ts). */
const RESTORE_MESSAGES = [
  'restore-disk',
  'restore-image',
  'restore-server',
  'restore-summary',
  'restore-progress',
  'restore-note',
  'restore-matched-nothing',
];
const KNOWN_MESSAGES = new Set([
  ...RESTORE_MESSAGES,
  ...Object.keys(COPY_LABELS),
  ...Object.keys(PRUNE_LABELS),
  ...Object.keys(LOCK_LABELS),
  ...Object.keys(DRILL_LABELS),
  'rpo-status',
  'run-summary',
  'drill-summary',
]);

export function renderInvocation(invocation: Invocation, width = WIDTH): string[] {
  const records = invocation.logLines.map((line) => ({ line, record: parseJson(line) }));
  const withMessage = (wanted: (message: string) => boolean) =>
    records.flatMap(({ record }) => (record && wanted(text(record, 'message') ?? '') ? [record] : []));
  const known = (message: string) => withMessage((candidate) => candidate === message);
  const copyRecords = withMessage((message) => message in COPY_LABELS);
  const pruneRecords = withMessage((message) => message in PRUNE_LABELS);
  const lockRecords = withMessage((message) => message in LOCK_LABELS);
  const drillRecords = withMessage((message) => message in DRILL_LABELS);
  const summary = known('run-summary').at(-1);
  const drillSummary = known('drill-summary').at(-1);
  const codesLogged = new Set([...copyRecords, ...drillRecords, ...lockRecords].map((record) => text(record, 'Code')));
  return [
    '',
    shorten(`== ${invocation.title}`, width),
    ...(invocation.note ? wrap(invocation.note, width - INDENT).map((line) => `${' '.repeat(INDENT)}${line}`) : []),
    ...labelled('asked', shorten(describeEvent(invocation.event), width - INDENT - LABEL_WIDTH - 2), {
      indent: INDENT,
      labelWidth: LABEL_WIDTH,
      width,
    }),
    ...labelled('answer', describeOutcome(invocation.outcome, codesLogged), {
      indent: INDENT,
      labelWidth: LABEL_WIDTH,
      width,
    }),
    ...(pruneRecords.length > 0 ? pruneTable(pruneRecords, width) : []),
    ...(copyRecords.length > 0 ? copiesTable(copyRecords, width) : []),
    ...(lockRecords.length > 0 ? locksTable(lockRecords, width) : []),
    ...rpoTable(known('rpo-status'), width),
    ...(drillRecords.length > 0 ? drillTable(drillRecords, width) : []),
    ...(summary ? labelled('summary', describeSummary(summary), { indent: INDENT, labelWidth: LABEL_WIDTH, width }) : []),
    ...(drillSummary ? labelled('summary', describeDrillSummary(drillSummary), { indent: INDENT, labelWidth: LABEL_WIDTH, width }) : []),
    ...(known('restore-summary').length > 0
      ? renderRestore(
          withMessage((message) => RESTORE_MESSAGES.includes(message)),
          width,
        )
      : []),
    ...otherLine(records, width),
  ];
}

/** What was asked, in one line: the trigger and the request it carries. */
export function describeEvent(event: Buffer): string {
  const parsed = parseJson(event.toString('utf8'));
  if (parsed === undefined) return `an event that is not a JSON object (${event.length} bytes)`;
  const payload = text(parsed, 'payload');
  if (text(parsed, 'triggerTime') !== undefined) return `timer ${text(parsed, 'triggerName') ?? ''}: ${payload ?? '(no payload)'}`;
  const context = parsed.requestContext;
  const http = typeof context === 'object' && context !== null && 'http' in context ? (context.http as LogRecord) : undefined;
  if (http) return `${text(http, 'method') ?? '?'} ${text(parsed, 'rawPath') ?? '/'} ${text(parsed, 'body') ?? ''}`.trimEnd();
  return `direct invocation: ${JSON.stringify(parsed)}`;
}

/**
 * What the function answered, or why the invocation failed. An error answer's message is left to the copies
 * table when a log line of the same code shows it there, with its advice.
 */
export function describeOutcome(outcome: Outcome, codesLogged: ReadonlySet<string | undefined> = new Set()): string {
  if (outcome.kind === 'rejected') {
    // A copy's failure is rejected as "<Code> (<class>): <Message>"; the copies table shows the rest, with advice.
    const logged = [...codesLogged].find((code) => code !== undefined && outcome.message.startsWith(`${code} (`));
    const message = logged === undefined ? outcome.message : outcome.message.slice(0, outcome.message.indexOf(')') + 1);
    return `rejected: the invocation fails (FC retries a timer's): ${message}`;
  }
  const value = typeof outcome.value === 'object' && outcome.value !== null ? (outcome.value as LogRecord) : undefined;
  const status = text(value, 'statusCode');
  if (value && status !== undefined) {
    const body = parseJson(text(value, 'body') ?? '');
    return `HTTP ${status}: ${body ? describeAnswer(body, codesLogged) : (text(value, 'body') ?? '')}`;
  }
  return `resolved: ${value ? describeAnswer(value, codesLogged) : JSON.stringify(outcome.value)}`;
}

function describeAnswer(answer: LogRecord, codesLogged: ReadonlySet<string | undefined>): string {
  const code = text(answer, 'Code');
  if (code !== undefined) {
    const kind = `${code} (${text(answer, 'Class') ?? 'unclassified'})`;
    return codesLogged.has(code) ? kind : `${kind}: ${text(answer, 'Message') ?? ''}`;
  }
  const outcome = text(answer, 'Outcome');
  const source = text(answer, 'SourceSnapshotId') ?? '?';
  const destination = text(answer, 'DestinationRegionId') ?? '?';
  const copy = text(answer, 'SnapshotId') ?? '?';
  if (outcome === 'copied') return `copy of ${source} to ${destination} started: ${copy}`;
  if (outcome === 'already-present') return `copy of ${source} to ${destination} found: ${copy}`;
  if (outcome !== undefined) return `${outcome}: ${source} to ${destination}`;
  if ('Drills' in answer) return "the drill's report (its summary below)";
  if ('Restores' in answer) return "the restore's report (its tables below)";
  if ('Summary' in answer) return "the run's report (its summary below)";
  return JSON.stringify(answer);
}

function copiesTable(records: readonly LogRecord[], width: number): string[] {
  const rows: Row[] = records.map((record) => {
    const message = text(record, 'message') ?? '';
    const label = COPY_LABELS[message] ?? message;
    if (message === 'copy-attempt-failed') {
      return {
        cells: [
          label,
          `${text(record, 'Action') ?? '?'} attempt ${count(record, 'Attempt')}`,
          '',
          `${text(record, 'Code') ?? '?'} (${text(record, 'Class') ?? '?'}), again in ${duration(count(record, 'RetryInMs'))}`,
        ],
      };
    }
    const cells = [label, text(record, 'SourceSnapshotId') ?? '-', text(record, 'DestinationRegionId') ?? '-'];
    if (message === 'copy-failed') {
      return {
        cells: [...cells, `${text(record, 'Code') ?? '?'} (${text(record, 'Class') ?? '?'})`],
        notes: [text(record, 'Message'), text(record, 'Advice') && `advice: ${text(record, 'Advice')}`].filter(
          (note): note is string => note !== undefined && note !== '',
        ),
      };
    }
    if (message === 'copy-started' || message === 'copy-already-present') {
      const retention = text(record, 'RetentionDays');
      return { cells: [...cells, `${text(record, 'SnapshotId') ?? '?'}${retention !== undefined ? ` · RetentionDays ${retention}` : ''}`] };
    }
    return { cells: [...cells, text(record, 'Message') ?? text(record, 'Code') ?? ''] };
  });
  return resourceTable(['copies', 'source snapshot', 'to', 'copy, or why not'], rows, width);
}

/** The layout the copies, pruning and drills tables share: what happened, to which snapshot or disk, in (or to) which
 * region, and the outcome, which takes the rest of the width. */
function resourceTable(headers: readonly [string, string, string, string], rows: Row[], width: number): string[] {
  const [label, resource, region, outcome] = headers;
  return table(
    [
      { header: label, max: LABEL_WIDTH, min: LABEL_WIDTH },
      { header: resource, max: 24 },
      { header: region, max: 21 },
      { header: outcome, max: 0 },
    ],
    rows,
    { indent: INDENT, width },
  );
}

/** The failure's code and class, with its message and advice as notes under the row. */
function failureRow(cells: string[], record: LogRecord): Row {
  return {
    cells: [...cells, `${text(record, 'Code') ?? '?'} (${text(record, 'Class') ?? '?'})`],
    notes: [text(record, 'Message'), text(record, 'Advice') && `advice: ${text(record, 'Advice')}`].filter(
      (note): note is string => note !== undefined && note !== '',
    ),
  };
}

/** The copies KeepCopies deleted (or would, or kept for a reason), oldest data first, as the run logged them. */
function pruneTable(records: readonly LogRecord[], width: number): string[] {
  const rows: Row[] = records.map((record) => {
    const message = text(record, 'message') ?? '';
    const cells = [PRUNE_LABELS[message] ?? message, text(record, 'SnapshotId') ?? '?', text(record, 'DestinationRegionId') ?? '?'];
    if (message === 'copy-prune-failed') return failureRow(cells, record);
    const data = formatTime(text(record, 'DataCreationTime') ?? '?');
    return { cells: [...cells, text(record, 'Reason') ?? `data of ${data} (KeepCopies ${text(record, 'KeepCopies') ?? '?'})`] };
  });
  return resourceTable(['pruning', 'copy', 'in', 'copy of data taken, or why kept'], rows, width);
}

/** The copies locked (or planned, skipped, left, failed), and the destinations whose locks could not be read. */
function locksTable(records: readonly LogRecord[], width: number): string[] {
  const rows: Row[] = records.map((record) => {
    const message = text(record, 'message') ?? '';
    const cells = [LOCK_LABELS[message] ?? message, text(record, 'SnapshotId') ?? '-', text(record, 'DestinationRegionId') ?? '?'];
    if (message === 'copy-lock-failed' || message === 'copy-locks-stopped') return failureRow(cells, record);
    if (message === 'copy-lock-skipped' || message === 'copy-lock-left') return { cells: [...cells, text(record, 'Reason') ?? ''] };
    const lock = `${text(record, 'LockDays') ?? '?'}${KEEP_TOGETHER}days, cool-off ${text(record, 'LockCoolOffHours') ?? '?'}${KEEP_TOGETHER}h`;
    const status = text(record, 'LockStatus');
    return { cells: [...cells, status === undefined ? lock : `${status} · ${lock}`] };
  });
  return resourceTable(['locks', 'copy', 'in', 'lock (compliance mode), or why not'], rows, width);
}

/** A drill's disks (restored with their time to restore, failed, skipped, planned) and the leftovers it deleted. */
function drillTable(records: readonly LogRecord[], width: number): string[] {
  const rows: Row[] = records.map((record) => {
    const message = text(record, 'message') ?? '';
    if (message !== 'restore-drill') {
      const state = text(record, 'DrillDiskState') ?? '?';
      const from = text(record, 'DrillRunId');
      const cells = [DRILL_LABELS[message] ?? message, text(record, 'DiskId') ?? '?', text(record, 'DestinationRegionId') ?? '?'];
      if (message === 'drill-disk-in-use') {
        return { cells: [...cells, 'attached to an instance: NOT deleted'], notes: [`advice: ${text(record, 'Advice') ?? ''}`] };
      }
      return { cells: [...cells, `${state === 'gone' || state === 'deleting' ? 'deleted' : state}${from ? ` · left by ${from}` : ''}`] };
    }
    const outcome = text(record, 'Outcome') ?? '?';
    const cells = [outcome, text(record, 'SourceDiskId') ?? '?', text(record, 'DestinationRegionId') ?? '?'];
    if (outcome === 'failed') return failureRow(cells, record);
    if (outcome === 'skipped') return { cells: [...cells, text(record, 'Reason') ?? ''] };
    const age = text(record, 'DataAgeHours');
    const restore = text(record, 'RestoreSeconds');
    const disk = `${text(record, 'SizeGiB') ?? '?'}${KEEP_TOGETHER}GiB ${text(record, 'DiskCategory') ?? '?'}`;
    const state = text(record, 'DrillDiskState');
    const copy = [
      `in ${text(record, 'ZoneId') ?? '?'}`,
      `copy ${text(record, 'CopySnapshotId') ?? '?'}${age === undefined ? '' : `, data ${Number(age).toFixed(1)}${KEEP_TOGETHER}h old`}`,
      state === undefined ? undefined : `drill disk ${state === 'gone' ? 'deleted' : state}`,
    ];
    return {
      cells: [...cells, restore === undefined ? disk : `Available in ${restore}${KEEP_TOGETHER}s · ${disk}`],
      notes: [copy.filter((part) => part !== undefined).join(' · ')],
    };
  });
  return resourceTable(['drills', 'disk', 'in', 'time to restore, disk, copy, or why not'], rows, width);
}

function rpoTable(records: readonly LogRecord[], width: number): string[] {
  if (records.length === 0) return [];
  const rpoHours = text(records[0], 'RpoHours') ?? '?';
  // With LOCK_DAYS, the age of the newest locked data beside the copied data's: both must be within RPO.
  const locks = records.some((record) => 'ProtectedDataAgeHours' in record);
  const oneLine = width >= RPO_ONE_LINE_WIDTH + (locks ? LOCKED_COLUMN_WIDTH : 0);
  const rows: Row[] = records.map((record) => {
    const age = text(record, 'DataAgeHours');
    const running = list(record, 'Progressing').length;
    const failed = list(record, 'Failed').length;
    const newest = text(record, 'NewestCopySnapshotId') ?? '-';
    const copies = [running > 0 ? `${running} running` : '', failed > 0 ? `${failed} failed` : ''].filter((part) => part !== '').join(', ');
    const locked = text(record, 'ProtectedDataAgeHours');
    const cells = [
      record.WithinRpo === true ? 'within' : 'OUTSIDE',
      age === undefined ? 'no copy' : `${Number(age).toFixed(1)} h`,
      ...(locks ? [locked === undefined ? 'none' : `${Number(locked).toFixed(1)} h`] : []),
      text(record, 'DiskId') ?? '?',
      text(record, 'DestinationRegionId') ?? '?',
    ];
    if (oneLine) return { cells: [...cells, newest, copies] };
    const copy = newest === '-' ? 'no finished copy' : `newest finished copy ${newest}`;
    return { cells, notes: [`${copy}${copies === '' ? '' : ` · ${copies}`}`] };
  });
  const columns = [
    { header: `RPO ${rpoHours} h`, max: LABEL_WIDTH, min: LABEL_WIDTH },
    { header: 'data age', max: 9 },
    ...(locks ? [{ header: 'locked', max: LOCKED_COLUMN_WIDTH - 2 }] : []),
    { header: 'disk', max: 24 },
    { header: 'in', max: oneLine ? 21 : 0 },
    ...(oneLine
      ? [
          { header: 'newest finished copy', max: 22 },
          { header: 'copies', max: 0 },
        ]
      : []),
  ];
  return table(columns, rows, { indent: INDENT, width });
}

/** The run-summary line's fields, in words, in this order; other fields follow as `Name value`. */
const SUMMARY_FIELDS: ReadonlyArray<readonly [string, string]> = [
  ['Copied', 'started'],
  ['AlreadyPresent', 'found'],
  ['Planned', 'planned'],
  ['NotReady', 'waiting'],
  ['Left', 'left'],
  ['Failed', 'failed'],
  ['ProtectedDisks', 'disks protected'],
  ['WithinRpo', 'within RPO'],
  ['OutsideRpo', 'OUTSIDE RPO'],
  ['Pruned', 'copies deleted by KeepCopies'],
  ['PrunePlanned', 'to delete by KeepCopies'],
  ['PruneKept', 'kept by a KeepCopies rule'],
  ['PruneFailed', 'deletions failed'],
  ['Locked', 'locked'],
  ['LockPlanned', 'to lock'],
  ['LockSkipped', 'not lockable (retention)'],
  ['LockLeft', 'left to lock'],
  ['LockFailed', 'lock(s) FAILED'],
  ['ApiCalls', 'ECS calls'],
];
/** Fields every log line carries, which say nothing about the run. */
const CONTEXT_FIELDS = new Set(['time', 'level', 'message', 'fcRequestId', 'trigger', 'triggerName', 'DryRun', 'DurationMs']);

function describeSummary(summary: LogRecord): string {
  const byClass = Object.keys(summary)
    .filter((key) => key.startsWith('Failed.') && count(summary, key) > 0)
    .map((key) => `${key.slice('Failed.'.length)} ${count(summary, key)}`);
  const parts = SUMMARY_FIELDS.filter(([key]) => count(summary, key) > 0).map(([key, words]) => {
    const number = count(summary, key);
    if (key === 'Failed' && byClass.length > 0) return `${number} failed (${byClass.join(', ')})`;
    return `${number}${KEEP_TOGETHER}${number === 1 && key === 'ApiCalls' ? 'ECS call' : words}`;
  });
  const named = new Set(SUMMARY_FIELDS.map(([key]) => key));
  for (const [key, value] of Object.entries(summary)) {
    if (named.has(key) || key.startsWith('Failed.') || CONTEXT_FIELDS.has(key)) continue;
    if (value === 0 || value === null || value === undefined || value === false) continue;
    parts.push(`${key} ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  }
  if (summary.DryRun === true) parts.unshift('dry run');
  if (count(summary, 'DurationMs') > 0) parts.push(duration(count(summary, 'DurationMs')));
  return parts.join(' · ') || 'nothing to do';
}

/** The drill-summary line in words: what became of the disks, the slowest restore, the leftovers. */
function describeDrillSummary(summary: LogRecord): string {
  const words: ReadonlyArray<readonly [string, string]> = [
    ['Restored', 'restored'],
    ['Failed', 'FAILED'],
    ['Skipped', 'skipped'],
    ['Planned', 'planned'],
    ['LeftoversDeleted', 'leftover disks deleted'],
    ['LeftoversNotDeleted', 'leftover disks NOT deleted'],
    ['ApiCalls', 'ECS calls'],
  ];
  const parts = words.filter(([key]) => count(summary, key) > 0).map(([key, word]) => `${count(summary, key)}${KEEP_TOGETHER}${word}`);
  const slowest = text(summary, 'MaxRestoreSeconds');
  if (slowest !== undefined) parts.splice(1, 0, `slowest restore ${slowest}${KEEP_TOGETHER}s`);
  if (summary.DryRun === true) parts.unshift('dry run');
  if (count(summary, 'DurationMs') > 0) parts.push(duration(count(summary, 'DurationMs')));
  return `drill ${text(summary, 'RunId') ?? '?'}: ${parts.join(' · ') || 'nothing to drill'}`;
}

const duration = (ms: number): string => (ms < 1000 ? `${Math.round(ms)}${KEEP_TOGETHER}ms` : `${(ms / 1000).toFixed(1)}${KEEP_TOGETHER}s`);

function otherLine(records: readonly { line: string; record: LogRecord | undefined }[], width: number): string[] {
  const counts = new Map<string, number>();
  for (const { line, record } of records) {
    if (line.trim() === '') continue;
    const message = record ? (text(record, 'message') ?? '(no message)') : '(not JSON)';
    if (KNOWN_MESSAGES.has(message)) continue;
    counts.set(message, (counts.get(message) ?? 0) + 1);
  }
  if (counts.size === 0) return [];
  const names = [...counts].map(([message, times]) => (times > 1 ? `${message} ×${times}` : message)).join(', ');
  return labelled('other', `${names} (npm start -- --json prints every line whole)`, { indent: INDENT, labelWidth: LABEL_WIDTH, width });
}

/** One copy in a destination region, as the local endpoint lists it. */
export interface CopyInRegion {
  RegionId: string;
  SnapshotId: string;
  SourceSnapshotId: string | undefined;
  Status: string;
  Progress: string;
  RetentionDays: number | undefined;
  Tags: readonly { Key: string; Value: string }[];
}

/**
 * A copy's provenance tags (docs/never-twice.md), by which the next run finds it: the source snapshot, its disk and
 * region, and when the source was taken, written as every time is.
 */
function provenanceNote(tags: readonly { Key: string; Value: string }[]): string {
  const provenance = readProvenance(tags);
  if (provenance === undefined) return 'provenance tags: none (a copy this function did not make)';
  const taken = formatTime(new Date(provenance.SourceCreationTime).toISOString()).replaceAll(' ', KEEP_TOGETHER);
  return `provenance tags: ${provenance.SourceSnapshotId} of ${provenance.SourceDiskId || '?'} in ${provenance.SourceRegionId}, taken ${taken}`;
}

/**
 * The copies in the destinations, a table a region: which source each holds, how far along, kept how long; under each
 * row its own tags and the provenance tags by which the next run finds it.
 */
export function renderCopiesInRegions(copies: readonly CopyInRegion[], width = WIDTH): string[] {
  const regions = [...new Set(copies.map((copy) => copy.RegionId))];
  return regions.flatMap((region) => {
    const rows: Row[] = copies
      .filter((copy) => copy.RegionId === region)
      .map((copy) => {
        const tags = copy.Tags.filter((tag) => !tag.Key.startsWith(PROVENANCE_PREFIX)).map((tag) => `${tag.Key}=${tag.Value}`);
        return {
          cells: [
            copy.SnapshotId,
            copy.SourceSnapshotId ?? '?',
            copy.Status === 'accomplished' ? 'done' : copy.Status === 'progressing' ? copy.Progress : copy.Status,
            copy.RetentionDays === undefined ? '-' : `${copy.RetentionDays} d`,
          ],
          notes: [tags.length > 0 ? `tags: ${tags.join(' ')}` : 'tags: none', provenanceNote(copy.Tags)],
        };
      });
    return table(
      [
        { header: `in ${region}`, max: 24 },
        { header: 'of source', max: 24 },
        { header: 'state', max: 12 },
        { header: 'kept', max: 0 },
      ],
      rows,
      { indent: INDENT, width },
    );
  });
}
