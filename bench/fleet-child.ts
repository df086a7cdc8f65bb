// One fleet run, as a fresh `node` process (FC's instance): load dist/index.js, hand it the timer event in
// BENCH_EVENT, and report how long the handler took and the process's peak memory. The handler's own log lines go
// to stdout as they would in FC; the parent reads the `run-summary` line from them.
//   node fleet-child.js <handler module> [paced | no-pacing-waits]
// `no-pacing-waits` builds the handler with the bundle's own createHandler and a sleep that ends at once: every
// call still takes its turn from the pacer (and the run's concurrency is the pace's), but the turns come as fast as
// the endpoint answers, so that a fleet of 50,000 snapshots is measured in a minute rather than the ten its pace
// would take. What the run holds in memory does not depend on how long it waits.
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { reportLine } from './child-report';

export type FleetChildMode = 'paced' | 'no-pacing-waits';

export interface FleetChildReport {
  handlerMs: number;
  maxRssKiB: number;
  outcome: 'resolved' | 'rejected';
  message: string;
}

type Handler = (event: Buffer, context: unknown) => Promise<unknown>;
type CreateHandler = (options: { sleep: (ms: number) => Promise<void> }) => Handler;

function handlerOf(modulePath: string, mode: string): Handler {
  const loaded = require(resolve(modulePath)) as { handler?: Handler; createHandler?: CreateHandler };
  if (mode === 'no-pacing-waits') {
    if (typeof loaded.createHandler !== 'function') throw new Error(`${modulePath} exports no createHandler`);
    return loaded.createHandler({ sleep: () => new Promise<void>((done) => setImmediate(done)) });
  }
  if (mode !== 'paced') throw new Error(`unknown mode ${mode}`);
  if (typeof loaded.handler !== 'function') throw new Error(`${modulePath} exports no handler`);
  return loaded.handler;
}

async function main(): Promise<void> {
  const [modulePath, mode = 'paced'] = process.argv.slice(2);
  if (modulePath === undefined) throw new Error('usage: fleet-child <handler module> [paced | no-pacing-waits]');
  const handler = handlerOf(modulePath, mode);
  const startedAt = performance.now();
  let outcome: FleetChildReport['outcome'] = 'resolved';
  let message = '';
  try {
    await handler(Buffer.from(process.env.BENCH_EVENT ?? ''), JSON.parse(process.env.BENCH_CONTEXT ?? '{}'));
  } catch (error) {
    outcome = 'rejected';
    message = error instanceof Error ? error.message : String(error);
  }
  const handlerMs = performance.now() - startedAt;
  const report: FleetChildReport = { handlerMs, maxRssKiB: process.resourceUsage().maxRSS, outcome, message };
  // Thousands of log lines may still be queued for the pipe: exit once the report, written last, is out.
  process.stdout.write(reportLine(report), () => process.exit(0));
}

main().catch((error: unknown) => {
  process.stderr.write(`fleet-child: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
