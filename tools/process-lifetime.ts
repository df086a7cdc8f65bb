// How a long-running tool ends: on Ctrl-C, a signal, the terminal closing, or the process that started it going
// away. `npm run x` starts `sh -c "... && exec node build/tools/x.js"`; npm passes SIGINT and SIGTERM on to its
// child, but not SIGHUP, and nothing is passed on when npm itself is killed. A tool that starts a server must not
// outlive it, or the next start finds the port taken.

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type StopReason = (typeof STOP_SIGNALS)[number] | 'parent-exited';

/** The exit status a shell reports for a process ended by the signal: 128 + its number. */
const SIGNAL_EXIT_CODES: Readonly<Record<StopReason, number>> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143, 'parent-exited': 129 };

/** How often the tool looks whether its parent is still there: it frees the port within this long of npm's death. */
const PARENT_CHECK_MS = 250;

/**
 * Calls `stop` once, on the first of SIGINT, SIGTERM, SIGHUP or the parent process exiting, then exits with the
 * status `stop` returns (default: the signal's conventional one). A second signal while stopping exits at once.
 */
export function stopWhenAsked(stop: (reason: StopReason) => Promise<number | undefined> | number | undefined): void {
  let stopping = false;
  const begin = (reason: StopReason) => {
    if (stopping) process.exit(SIGNAL_EXIT_CODES[reason]);
    stopping = true;
    clearInterval(parentCheck);
    Promise.resolve()
      .then(() => stop(reason))
      .then(
        (code) => process.exit(code ?? SIGNAL_EXIT_CODES[reason]),
        () => process.exit(1),
      );
  };
  for (const signal of STOP_SIGNALS) process.on(signal, () => begin(signal));
  // Once its parent is gone a process is adopted by init (or a subreaper), so its parent's ID changes.
  const parent = process.ppid;
  const parentCheck = setInterval(() => {
    if (process.ppid !== parent) begin('parent-exited');
  }, PARENT_CHECK_MS);
  parentCheck.unref();
}
