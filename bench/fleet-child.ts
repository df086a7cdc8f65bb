// One fleet run, as a fresh `node` process (FC's instance): load dist/index.js, hand it the timer event in
// BENCH_EVENT, and report how long the handler took and the process's peak memory. The handler's own log lines go
// to stdout as they would in FC; the parent reads the `run-summary` line from them.
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { reportLine } from './child-report';

export interface FleetChildReport {
  handlerMs: number;
  maxRssKiB: number;
  outcome: 'resolved' | 'rejected';
  message: string;
}

type Handler = (event: Buffer, context: unknown) => Promise<unknown>;

async function main(): Promise<void> {
  const [modulePath] = process.argv.slice(2);
  if (modulePath === undefined) throw new Error('usage: fleet-child <handler module>');
  const loaded = require(resolve(modulePath)) as { handler?: Handler };
  if (typeof loaded.handler !== 'function') throw new Error(`${modulePath} exports no handler`);
  const startedAt = performance.now();
  let outcome: FleetChildReport['outcome'] = 'resolved';
  let message = '';
  try {
    await loaded.handler(Buffer.from(process.env.BENCH_EVENT ?? ''), JSON.parse(process.env.BENCH_CONTEXT ?? '{}'));
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
