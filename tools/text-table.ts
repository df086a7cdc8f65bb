// Plain-text layout for terminal output that must fit a width: word wrapping and tables whose last column wraps.
// Every text laid out here is made printable first: tag values, messages and IDs come from ECS (or from whoever can
// tag a snapshot in the account), and a control character in them must not reach the operator's terminal.

/**
 * C0 and C1 controls, DEL, and the Unicode characters that reorder or break lines (bidi embeddings, overrides and
 * isolates, the line and paragraph separators). An ESC starts a terminal escape sequence (colours, cursor moves, a
 * window title, OSC 52 clipboard writes, OSC 8 links), a CR overwrites the line, a bidi override shows text in another
 * order than it is (CVE-2021-42574).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what this is for.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * `text` without control characters, safe to print to a terminal: a tab, newline or CR becomes a space (so that a
 * message still wraps), any other C0 control and DEL its Unicode control picture (ESC shows as ␛, BEL as ␇), and C1
 * controls and the bidi and separator characters U+FFFD. One character in, one out: widths are unchanged.
 */
export function printable(text: string): string {
  return text.replace(CONTROL, (character) => {
    const code = character.charCodeAt(0);
    if (character === '\t' || character === '\n' || character === '\r') return ' ';
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return '\ufffd';
  });
}

/** What JSON.stringify leaves raw but a terminal acts on: CONTROL without C0, which JSON escapes in strings itself. */
const CONTROL_JSON_LEAVES_RAW = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * JSON text (from JSON.stringify) with DEL, the C1 controls and the bidi and separator characters written as JSON
 * unicode escapes: the same JSON value, safe to print. Its own newlines and indentation are left as they are.
 */
export function printableJson(json: string): string {
  return json.replace(CONTROL_JSON_LEAVES_RAW, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** One way to write a time for a person, in every tool: "2026-12-01 10:44 UTC" (minutes, UTC). */
export function formatTime(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return printable(iso);
  const utc = new Date(time).toISOString();
  return `${utc.slice(0, 10)} ${utc.slice(11, 16)} UTC`;
}

/** Cuts text longer than `width` to fit, ending it with an ellipsis. */
export function shorten(raw: string, width: number): string {
  const text = printable(raw);
  if (text.length <= width) return text;
  return width <= 1 ? '…'.slice(0, width) : `${text.slice(0, width - 1)}…`;
}

/** Joins words that must stay on one line (`403 ms`): `wrap` breaks lines only at other spaces. */
export const KEEP_TOGETHER = '\u00a0';

/**
 * Splits text into lines of at most `width` characters, at spaces where it can, through long words where not.
 * Words joined with KEEP_TOGETHER stay on one line and come out joined by a plain space.
 */
export function wrap(text: string, width: number): string[] {
  return wrapWords(printable(text), width).map((line) => line.replaceAll(KEEP_TOGETHER, ' '));
}

function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/[ \t\n\r]+/).filter((part) => part !== '')) {
    let rest = word;
    while (rest.length > 0) {
      const room = line === '' ? width : width - line.length - 1;
      if (rest.length <= room) {
        line = line === '' ? rest : `${line} ${rest}`;
        rest = '';
      } else if (line !== '') {
        lines.push(line);
        line = '';
      } else {
        lines.push(rest.slice(0, width));
        rest = rest.slice(width);
      }
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

/** A label and its text: the text wraps under itself, the label stays in its column. */
export function labelled(label: string, text: string, options: { indent: number; labelWidth: number; width: number }): string[] {
  const start = options.indent + options.labelWidth + 2;
  return wrap(text, Math.max(options.width - start, 10)).map((line, index) =>
    `${' '.repeat(options.indent)}${(index === 0 ? label : '').padEnd(options.labelWidth)}  ${line}`.trimEnd(),
  );
}

export interface Column {
  header: string;
  /** The most characters the column takes; longer cells end in an ellipsis. Ignored for the last column. */
  max: number;
  /** The fewest characters it takes, to line up with text around the table; 0 when absent. */
  min?: number;
}

/** The narrowest the last column becomes before the others give way. */
const MIN_LAST_WIDTH = 12;

export interface Row {
  cells: readonly string[];
  /** Lines under the row, wrapped from the second column to the right edge (a failure's message and advice). */
  notes?: readonly string[];
}

/**
 * A table of `columns`, two spaces apart, `indent` from the left, never wider than `width`: every column is as wide
 * as its widest cell up to its `max`; the last one takes what is left and wraps.
 */
export function table(columns: readonly Column[], rows: readonly Row[], options: { indent: number; width: number }): string[] {
  const fixed = columns
    .slice(0, -1)
    .map((column, index) =>
      Math.min(column.max, Math.max(column.min ?? 0, column.header.length, ...rows.map((row) => row.cells[index]?.length ?? 0))),
    );
  // Cells give way to the last column, widest first, so that the table never grows past `width`.
  const room = options.width - options.indent - 2 * fixed.length;
  while (fixed.reduce((total, width) => total + width, 0) + MIN_LAST_WIDTH > room) {
    const widest = fixed.indexOf(Math.max(...fixed));
    if (widest === -1 || (fixed[widest] ?? 0) <= 1) break;
    fixed[widest] = (fixed[widest] ?? 1) - 1;
  }
  const lastWidth = Math.max(room - fixed.reduce((total, width) => total + width, 0), 1);
  const notesStart = options.indent + (fixed[0] ?? 0) + 2;
  const line = (cells: readonly string[]) => {
    const lastLines = wrap(cells[fixed.length] ?? '', lastWidth);
    return lastLines.map((last, lineIndex) => {
      const lead = fixed.map((width, index) => (lineIndex === 0 ? shorten(cells[index] ?? '', width) : '').padEnd(width)).join('  ');
      return `${' '.repeat(options.indent)}${lead}${fixed.length > 0 ? '  ' : ''}${last}`.trimEnd();
    });
  };
  return [
    ...line(columns.map((column) => column.header)),
    ...rows.flatMap((row) => [
      ...line(row.cells),
      ...(row.notes ?? []).flatMap((note) => wrap(note, options.width - notesStart).map((text) => `${' '.repeat(notesStart)}${text}`)),
    ]),
  ];
}
