// How a measured child process hands its figures back: one line with a prefix among whatever else it prints (the
// handler's own log lines), so that the handler's stdout is left as FC would have it.
export const REPORT_PREFIX = 'BENCH-REPORT ';

export function reportLine(report: object): string {
  return `${REPORT_PREFIX}${JSON.stringify(report)}\n`;
}

/** The report among a child's output lines, or undefined when it printed none. */
export function findReport(output: string): unknown {
  const line = output.split('\n').find((candidate) => candidate.startsWith(REPORT_PREFIX));
  return line === undefined ? undefined : (JSON.parse(line.slice(REPORT_PREFIX.length)) as unknown);
}
