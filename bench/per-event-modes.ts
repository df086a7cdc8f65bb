// The kinds of per-event measurement (per-event-child.ts runs one kind a process), and what each reports.
//   ours-http            POST /copies events through the bundle's createHandler, over pop-core to the endpoint;
//   ours-http-in-memory  the same events with an ECS answering from memory: the function's own code alone;
//   ours-timer           timer events through the bundle's createHandler, over pop-core, log lines on stdout;
//   baseline-timer       the same timer events through the baseline's handler, over the official SDK.
export const PER_EVENT_MODES = ['ours-http-in-memory', 'ours-http', 'ours-timer', 'baseline-timer'] as const;
export type PerEventMode = (typeof PER_EVENT_MODES)[number];

export function isPerEventMode(value: string | undefined): value is PerEventMode {
  return PER_EVENT_MODES.some((mode) => mode === value);
}

export interface PerEventReport {
  /** Events handled, warm-up included. */
  events: number;
  /** CPU time over the measured events (warm-up left out), divided by their count. */
  cpuMsPerEvent: number;
  p50Ms: number;
  p99Ms: number;
  failures: number;
  firstFailure?: string;
}
