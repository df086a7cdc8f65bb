// One row of the benchmark's table, and the table as printed. A figure is a ratio or a count, or a time that is a
// difference or a per-event average over thousands of events, so that the machine's noise does not decide it.

export const VERDICTS = { met: 'met', missed: 'MISSED', info: '-', notYet: 'not yet' } as const;
export type Verdict = (typeof VERDICTS)[keyof typeof VERDICTS];

export interface Figure {
  figure: string;
  ours: string;
  baseline: string;
  ratio: string;
  target: string;
  verdict: Verdict;
}

export type Format = (value: number) => string;
export const ms: Format = (value) => `${value.toFixed(1)} ms`;
export const msFine: Format = (value) => `${value.toFixed(3)} ms`;
export const mib: Format = (value) => `${value.toFixed(1)} MB`;
export const kib: Format = (value) => (value < 1024 ? `${value.toFixed(1)} KB` : `${(value / 1024).toFixed(1)} MB`);
export const count: Format = (value) => String(Math.round(value));
export const average: Format = (value) => value.toFixed(2);

/** Two significant digits however small: 1 file against 1314 is 0.00076x, not 0.00x. */
function formatRatio(ratio: number): string {
  return `${ratio >= 0.1 ? ratio.toFixed(2) : ratio.toPrecision(2)}x`;
}

/** Ours against the baseline, the target being `ours ≤ maxRatio × baseline` (none: shown for information). */
export function compared(figure: string, ours: number, baseline: number, format: Format, maxRatio?: number): Figure {
  const ratio = ours / baseline;
  return {
    figure,
    ours: format(ours),
    baseline: format(baseline),
    ratio: formatRatio(ratio),
    target: maxRatio === undefined ? '' : `<= ${maxRatio}x`,
    verdict: maxRatio === undefined ? VERDICTS.info : ratio <= maxRatio ? VERDICTS.met : VERDICTS.missed,
  };
}

/** Ours against a bound, the target being `ours < max` (none: shown for information); a baseline, when given, is
 * shown beside it for information. */
export function bounded(figure: string, ours: number, format: Format, max?: number, baseline?: number): Figure {
  return {
    figure,
    ours: format(ours),
    baseline: baseline === undefined ? '' : format(baseline),
    ratio: baseline === undefined ? '' : formatRatio(ours / baseline),
    target: max === undefined ? '' : `< ${format(max)}`,
    verdict: max === undefined ? VERDICTS.info : ours < max ? VERDICTS.met : VERDICTS.missed,
  };
}

/** A row kept in the table for a figure that cannot be measured yet, so that its absence is seen. */
export function notYet(figure: string): Figure {
  return { figure, ours: '', baseline: '', ratio: '', target: '', verdict: VERDICTS.notYet };
}

const COLUMNS = ['figure', 'ours', 'baseline', 'ratio', 'target', 'verdict'] as const;

/** A Markdown table, readable in a terminal and pasted as it is into the README. */
export function renderTable(figures: readonly Figure[]): string {
  return markdownTable(
    COLUMNS,
    figures.map((figure) => COLUMNS.map((column) => figure[column])),
  );
}

/** Any Markdown table, its columns padded to their widest cell. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((cells) => (cells[i] ?? '').length)));
  const row = (cells: readonly string[]) => `| ${widths.map((width, i) => (cells[i] ?? '').padEnd(width)).join(' | ')} |`;
  return [row(header), row(widths.map((width) => '-'.repeat(width))), ...rows.map(row)].join('\n');
}
