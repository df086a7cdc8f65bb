// One cold start, run as a fresh `node` process by cold-start.ts: load a handler module the way FC's runtime does
// (`require`, then `exports.handler`), hand it one event, and report what the process used. It bundles nothing of
// the function, so that the function and the baseline pay for the same driver.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { snapshotIdOf } from './answers';
import { reportLine } from './child-report';

export interface ColdStartReport {
  /** The copy ECS answered with; absent when the handler failed. */
  SnapshotId?: string;
  error?: string;
  /** Peak resident set size of the whole process, in KiB (getrusage's ru_maxrss). */
  maxRssKiB: number;
  /** CPU time of the whole process, user and system: what waiting (for ECS, or a pacer) does not add to. */
  cpuMs: number;
  /** Files the module loader read (JavaScript and JSON) besides this driver, and their bytes. */
  modulesLoaded: number;
  moduleBytes: number;
}

type Handler = (event: Buffer, context: unknown) => Promise<unknown>;

function loadedModules(): { modulesLoaded: number; moduleBytes: number } {
  const files = Object.keys(require.cache).filter((file) => file !== __filename);
  return { modulesLoaded: files.length, moduleBytes: files.reduce((sum, file) => sum + readFileSync(file).length, 0) };
}

async function main(): Promise<void> {
  const [modulePath] = process.argv.slice(2);
  if (modulePath === undefined) throw new Error('usage: cold-start-child <handler module>');
  const event = Buffer.from(process.env.BENCH_EVENT ?? '');
  const context: unknown = JSON.parse(process.env.BENCH_CONTEXT ?? '{}');

  const loaded: unknown = require(resolve(modulePath));
  const handler = typeof loaded === 'object' && loaded !== null && 'handler' in loaded ? loaded.handler : undefined;
  if (typeof handler !== 'function') throw new Error(`${modulePath} exports no handler`);
  let outcome: Pick<ColdStartReport, 'SnapshotId' | 'error'>;
  try {
    outcome = { SnapshotId: snapshotIdOf(await (handler as Handler)(event, context)) };
  } catch (error) {
    outcome = { error: error instanceof Error ? error.message : String(error) };
  }
  // Read before the files are read for their size, so that reading them is not counted as the handler's.
  const usage = process.resourceUsage();
  const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
  const report: ColdStartReport = { ...outcome, maxRssKiB: usage.maxRSS, cpuMs, ...loadedModules() };
  process.stdout.write(reportLine(report));
  // The HTTP clients keep their connections alive; FC freezes an instance rather than waiting for them to close.
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`cold-start-child: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
