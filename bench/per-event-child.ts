// Thousands of invocations through one warm instance, one at a time (FC's default of one invocation per instance
// at a time), in a process of its own so that nothing else's CPU time is counted: the local ECS endpoint runs in
// another process. One kind of events a process (per-event-modes.ts).
// The function's pacer spaces its ECS calls (API_CALLS_PER_MINUTE) by sleeping; here its sleep returns at once:
// waiting costs no CPU, and the figures are about the work per event, not the pace chosen for an account.
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { snapshotIdOf } from './answers';
import { fcContext, httpEvent, timerEvent } from './bench-events';
import { reportLine } from './child-report';
import { inMemoryEcs } from './in-memory-ecs';
import { isPerEventMode, PER_EVENT_MODES, type PerEventMode, type PerEventReport } from './per-event-modes';
import { percentile } from './stats';

/** dist/index.js, typed by its source (a type-only import: nothing of the source is bundled here). */
type FunctionBundle = typeof import('../functions/copy-snapshot/index');
type Handler = (event: Buffer, context: unknown) => Promise<unknown>;

const isTimer = (mode: PerEventMode) => mode === 'ours-timer' || mode === 'baseline-timer';

function loadHandler(mode: PerEventMode, modulePath: string): Handler {
  const loaded: unknown = require(resolve(modulePath));
  if (mode === 'baseline-timer') {
    const handler = typeof loaded === 'object' && loaded !== null && 'handler' in loaded ? loaded.handler : undefined;
    if (typeof handler !== 'function') throw new Error(`${modulePath} exports no handler`);
    return handler as Handler;
  }
  const { createHandler } = loaded as Partial<FunctionBundle>;
  if (typeof createHandler !== 'function') throw new Error(`${modulePath} exports no createHandler`);
  return createHandler({
    sleep: async () => undefined,
    // HTTP modes: formatted as in production but not written, since a write to a pipe costs what its reader makes
    // it cost. The timer mode writes to stdout, as the baseline does, so that both pay the same.
    ...(mode === 'ours-timer' ? {} : { logSink: () => undefined }),
    ...(mode === 'ours-http-in-memory' ? { createEcs: inMemoryEcs } : {}),
  });
}

/** The failure an answer stands for, or undefined for a copy made. */
function failureOf(mode: PerEventMode, result: unknown): string | undefined {
  if (typeof result !== 'object' || result === null) return `answered ${String(result)}`;
  if (isTimer(mode)) return snapshotIdOf(result) === undefined ? `answered ${JSON.stringify(result)}` : undefined;
  return 'statusCode' in result && result.statusCode === 202 ? undefined : `answered ${JSON.stringify(result)}`;
}

async function main(): Promise<void> {
  const [mode, modulePath, countText, warmupText] = process.argv.slice(2);
  if (!isPerEventMode(mode) || modulePath === undefined)
    throw new Error(`usage: per-event-child <${PER_EVENT_MODES.join('|')}> <module> <events> <warm-up>`);
  const count = Number(countText);
  const warmup = Number(warmupText);
  const timeoutSeconds = Number(process.env.BENCH_TIMEOUT_SECONDS);
  const handler = loadHandler(mode, modulePath);

  // Built before the clock starts: making the events is the caller's work, not the function's.
  const total = warmup + count;
  const events = Array.from({ length: total }, (_, n) => (isTimer(mode) ? timerEvent(n) : httpEvent(n)));
  const contexts = Array.from({ length: total }, (_, n) => fcContext(`bench-${mode}-${n}`, timeoutSeconds));
  const latencies: number[] = [];
  let failures = 0;
  let firstFailure: string | undefined;
  const invoke = async (n: number): Promise<void> => {
    let failure: string | undefined;
    try {
      failure = failureOf(mode, await handler(events[n] ?? Buffer.alloc(0), contexts[n]));
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
    if (failure !== undefined) {
      failures += 1;
      firstFailure ??= failure;
    }
  };

  for (let n = 0; n < warmup; n++) await invoke(n);
  const cpuBefore = process.cpuUsage();
  for (let n = warmup; n < total; n++) {
    const startedAt = performance.now();
    await invoke(n);
    latencies.push(performance.now() - startedAt);
  }
  const cpu = process.cpuUsage(cpuBefore);

  const report: PerEventReport = {
    events: total,
    cpuMsPerEvent: (cpu.user + cpu.system) / 1000 / count,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    failures,
    ...(firstFailure === undefined ? {} : { firstFailure }),
  };
  process.stdout.write(reportLine(report));
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`per-event-child: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
