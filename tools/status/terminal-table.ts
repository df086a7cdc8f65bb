// The status as text for a terminal: a table of disks by destination, then the copies running, the copies failed and
// the disks no longer selected. Every line fits 100 columns; long IDs are shortened in the middle. Every text from ECS
// (IDs, tag values, messages) is made printable before it is laid out, so no control character reaches the terminal.
import { formatTime, printable } from '../text-table';
import type { FailedCopy, RpoState, StatusReport } from './status-report';

export const MAX_COLUMNS = 100;

const STATE_WORDS: Record<RpoState, string> = { within: 'within', outside: 'OUTSIDE', 'no-copy': 'NO COPY' };
/** Green, red, magenta: the page's colours, for a terminal that shows colour. */
const STATE_COLOURS: Record<RpoState, string> = { within: '32', outside: '31', 'no-copy': '35' };

export interface TextStyle {
  colour: boolean;
}

/** Shortens to `width` characters with an ellipsis in the middle, so that both ends of an ID stay readable. */
export function shorten(raw: string, width: number): string {
  const text = printable(raw);
  if (text.length <= width) return text;
  if (width <= 1) return text.slice(0, width);
  const head = Math.ceil((width - 1) / 2);
  return `${text.slice(0, head)}…${text.slice(text.length - (width - 1 - head))}`;
}

/** Word-wraps `text` to lines of at most `width` characters after `indent`; a word longer than a line is cut. */
export function wrap(text: string, width: number, indent: string): string[] {
  const room = width - indent.length;
  const lines: string[] = [];
  let line = '';
  for (const word of printable(text).split(/\s+/).filter(Boolean)) {
    const piece = shorten(word, room);
    if (line === '') line = piece;
    else if (line.length + 1 + piece.length <= room) line += ` ${piece}`;
    else {
      lines.push(indent + line);
      line = piece;
    }
  }
  if (line !== '') lines.push(indent + line);
  return lines;
}

export function formatHours(hours: number | null): string {
  if (hours === null) return '-';
  return hours >= 1000 ? `${Math.round(hours)} h` : `${hours.toFixed(1)} h`;
}

interface Column {
  title: string;
  align: 'left' | 'right';
  /** The narrowest it may be shrunk to. */
  min: number;
}

/** Column widths that fit `total`: the widest shrinkable column gives way first. */
function fitWidths(columns: readonly Column[], rows: readonly string[][], total: number): number[] {
  const widths = columns.map((column, index) => Math.max(column.title.length, ...rows.map((row) => (row[index] ?? '').length)));
  const used = () => widths.reduce((sum, width) => sum + width, 0) + 2 * (columns.length - 1) + 2;
  while (used() > total) {
    let widest = -1;
    widths.forEach((width, index) => {
      const column = columns[index];
      if (column && width > column.min && (widest < 0 || width > (widths[widest] ?? 0))) widest = index;
    });
    if (widest < 0) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
  }
  return widths;
}

function renderTable(
  columns: readonly Column[],
  rows: readonly string[][],
  paint: (row: number, column: number, text: string) => string,
): string[] {
  const widths = fitWidths(columns, rows, MAX_COLUMNS);
  const cell = (text: string, index: number) => {
    const width = widths[index] ?? 0;
    const short = shorten(text, width);
    return columns[index]?.align === 'right' ? short.padStart(width) : short.padEnd(width);
  };
  const header = `  ${columns.map((column, index) => cell(column.title, index)).join('  ')}`.trimEnd();
  const body = rows.map((row, rowIndex) => `  ${row.map((text, index) => paint(rowIndex, index, cell(text, index))).join('  ')}`.trimEnd());
  return [header, ...body];
}

/** "copy s-… of s-…" for a copy that failed in its destination, "source s-…" for a source that could not be copied. */
export function snapshotsOf(failure: FailedCopy): string {
  if (failure.SnapshotId !== null) return `copy ${failure.SnapshotId}${failure.SourceSnapshotId ? ` of ${failure.SourceSnapshotId}` : ''}`;
  return failure.SourceSnapshotId !== null ? `source ${failure.SourceSnapshotId}` : '';
}

function failureLines(failure: FailedCopy): string[] {
  const where = [failure.DiskId ?? '', failure.DestinationRegionId ? `→ ${failure.DestinationRegionId}` : ''].filter(Boolean).join(' ');
  const what = [failure.Code ?? 'Status failed', where, snapshotsOf(failure)].filter(Boolean);
  return [
    ...wrap(what.join('  '), MAX_COLUMNS, '  '),
    ...wrap(failure.Message, MAX_COLUMNS, '    '),
    ...(failure.Advice ? wrap(`What to do: ${failure.Advice}`, MAX_COLUMNS, '    ') : []),
  ];
}

function progressBar(percent: number | null, width: number): string {
  if (percent === null) return `[${'?'.repeat(width)}]`;
  const done = Math.round((percent / 100) * width);
  return `[${'#'.repeat(done)}${'-'.repeat(width - done)}]`;
}

function counts(report: StatusReport): string {
  const count = (state: RpoState) => report.Cells.filter((cell) => cell.State === state).length;
  const plural = (n: number, word: string) => `${n} ${n === 1 ? word : word.replace(/y$/, 'ie')}${n === 1 ? '' : 's'}`;
  return [
    `${plural(report.Disks.length, 'disk')} × ${plural(report.DestinationRegionIds.length, 'destination')}:`,
    `${count('within')} within RPO, ${count('outside')} outside, ${count('no-copy')} no copy;`,
    `${plural(report.Running.length, 'copy')} running, ${report.Failures.length} failed`,
  ].join(' ');
}

/** The two columns every table of the status starts with: the disk and the destination region. */
const DISK_COLUMNS: readonly Column[] = [
  { title: 'DISK', align: 'left', min: 12 },
  { title: 'DESTINATION', align: 'left', min: 10 },
];

/** A plain table of copies or disks, one row an item: its disk and destination, then the `more` columns' `cells`. */
function diskTable<Item extends { DiskId: string; DestinationRegionId: string | null }>(
  items: readonly Item[],
  more: readonly Column[],
  cells: (item: Item) => string[],
): string[] {
  const rows = items.map((item) => [item.DiskId, item.DestinationRegionId ?? '-', ...cells(item)]);
  return renderTable([...DISK_COLUMNS, ...more], rows, (_row, _column, text) => text);
}

export function renderTerminal(report: StatusReport, style: TextStyle): string {
  const colour = (code: string, text: string) => (style.colour ? `\x1b[${code}m${text}\x1b[0m` : text);
  const bold = (text: string) => colour('1', text);
  const title = 'Snapshot copy: DR status';
  const made = `made ${formatTime(report.GeneratedAt)}`;
  const out: string[] = [bold(title) + ' '.repeat(Math.max(1, MAX_COLUMNS - title.length - made.length)) + made];
  out.push(
    ...wrap(
      `From ${report.SourceRegionId ?? '?'} to ${report.DestinationRegionIds.join(', ') || '?'}; RPO ${report.RpoHours} h`,
      MAX_COLUMNS,
      '',
    ),
    ...wrap(`${report.Request.Source}: ${JSON.stringify(report.Request.Body)}`, MAX_COLUMNS, ''),
  );
  if (report.RunFailure) {
    out.push('', bold('The status could not be computed:'), ...failureLines(report.RunFailure));
    return `${out.join('\n')}\n`;
  }
  out.push(...wrap(counts(report), MAX_COLUMNS, ''), '');

  // With LOCK_DAYS, the age of the newest locked data beside the newest copied data's: both must be within RPO.
  const locks = report.Cells.some((cell) => cell.Protected !== undefined);
  const columns: Column[] = [
    ...DISK_COLUMNS,
    { title: 'RPO', align: 'left', min: 7 },
    { title: 'DATA AGE', align: 'right', min: 8 },
    ...(locks ? [{ title: 'LOCKED', align: 'right', min: 6 } as const] : []),
    { title: 'NEWEST COPY', align: 'left', min: 12 },
    { title: 'NOTE', align: 'left', min: 8 },
  ];
  // Grouped by disk, as the page's matrix is (the function logs destination by destination); sort is stable.
  const cells = [...report.Cells].sort((a, b) => report.Disks.indexOf(a.DiskId) - report.Disks.indexOf(b.DiskId));
  const rows = cells.map((cell, index) => {
    const running = report.Running.filter((copy) => copy.DiskId === cell.DiskId && copy.DestinationRegionId === cell.DestinationRegionId);
    const note = [
      ...running.map((copy) => `copying ${copy.Progress ?? '?'}`),
      ...(cell.Failed.length > 0 ? [`${cell.Failed.length} failed`] : []),
    ].join(', ');
    const sameDisk = index > 0 && cells[index - 1]?.DiskId === cell.DiskId;
    return [
      sameDisk ? '' : cell.DiskId,
      cell.DestinationRegionId,
      STATE_WORDS[cell.State],
      formatHours(cell.DataAgeHours),
      ...(locks ? [cell.Protected?.DataAgeHours == null ? 'none' : formatHours(cell.Protected.DataAgeHours)] : []),
      cell.NewestCopySnapshotId ?? '-',
      note,
    ];
  });
  if (rows.length === 0) out.push('  No disk is protected by this selection: nothing to report against RPO.');
  else {
    out.push(
      ...renderTable(columns, rows, (row, column, text) => {
        const state = cells[row]?.State;
        return column === 2 && state ? colour(STATE_COLOURS[state], text) : text;
      }),
    );
  }

  out.push('', bold('Copies running'));
  if (report.Running.length === 0) out.push('  none');
  else {
    out.push(
      ...diskTable(
        report.Running,
        [
          { title: 'COPY', align: 'left', min: 12 },
          { title: 'PROGRESS', align: 'left', min: 27 },
        ],
        (copy) => [copy.SnapshotId, `${progressBar(copy.Percent, 20)} ${copy.Progress ?? 'unknown'}`],
      ),
    );
  }

  out.push('', bold('Copies failed'));
  if (report.Failures.length === 0) out.push('  none');
  else for (const failure of report.Failures) out.push(...failureLines(failure));

  out.push('', bold('Disks no longer selected'));
  if (report.NoLongerSelected === null) out.push('  not yet reported by this version of the function');
  else if (report.NoLongerSelected.length === 0) out.push('  none');
  else {
    out.push(
      ...diskTable(
        report.NoLongerSelected,
        [
          { title: 'DATA AGE', align: 'right', min: 8 },
          { title: 'NEWEST COPY', align: 'left', min: 12 },
        ],
        (disk) => [formatHours(disk.DataAgeHours), disk.NewestCopySnapshotId ?? '-'],
      ),
    );
  }

  if (locks) {
    out.push(
      '',
      ...wrap(
        'LOCKED: the age of the data in the newest finished copy that is locked (LOCK_DAYS), which must be within RPO too; none: no copy there is locked.',
        MAX_COLUMNS,
        '',
      ),
    );
  }
  if (report.NextRun) {
    const { Planned, NotReady, Left, LockPlanned } = report.NextRun;
    const locking = LockPlanned ? ` It would lock ${LockPlanned} ${LockPlanned === 1 ? 'copy' : 'copies'} found without a lock.` : '';
    out.push(
      '',
      ...wrap(
        `A run now would start ${Planned} ${Planned === 1 ? 'copy' : 'copies'}; ${NotReady} wait for a snapshot or copy still running, ${Left} for room (MAX_COPIES_IN_FLIGHT).${locking} This was a dry run: nothing was copied or locked.`,
        MAX_COLUMNS,
        '',
      ),
    );
  }
  for (const note of report.Notes) out.push(...wrap(`Note: ${note}`, MAX_COLUMNS, ''));
  return `${out.join('\n')}\n`;
}
