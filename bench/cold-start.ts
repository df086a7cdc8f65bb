// Cold starts side by side: each run is a fresh `node` process that loads a handler module and handles one timer
// event against the local ECS endpoint (cold-start-child.ts). The function and the baseline take turns, so that
// whatever else the machine does falls on both alike, and each figure is the median of its runs.
import * as z from 'zod/mini';
import { fcContext, timerEvent } from './bench-events';
import type { ColdStartReport } from './cold-start-child';
import type { DeployedFunction } from './deployed-function';
import { runNode } from './processes';
import { median } from './stats';

const ColdStartReportSchema = z.object({
  SnapshotId: z.optional(z.string()),
  error: z.optional(z.string()),
  maxRssKiB: z.number(),
  cpuMs: z.number(),
  modulesLoaded: z.number(),
  moduleBytes: z.number(),
}) satisfies z.ZodMiniType<ColdStartReport>;

export interface ColdStartFigures {
  /** Medians over the runs. */
  wallMs: number;
  cpuMs: number;
  maxRssMiB: number;
  modulesLoaded: number;
  moduleKiB: number;
}

export interface ColdStartSubjects {
  ours: string;
  baseline: string;
}

/** Cold starts so far: the n-th copies the n-th source (local-account.ts). */
let started = 0;

async function coldStart(childScript: string, handlerModule: string, deployed: DeployedFunction) {
  const n = started++;
  const run = await runNode(childScript, [handlerModule], {
    ...deployed.env,
    BENCH_EVENT: timerEvent(n).toString('utf8'),
    BENCH_CONTEXT: JSON.stringify(fcContext(`cold-${n}`, deployed.timeoutSeconds)),
  });
  const report = ColdStartReportSchema.parse(run.report);
  // A cold start that did not make its copy measured something else: stop rather than print a figure for it.
  if (report.SnapshotId === undefined) throw new Error(`${handlerModule} made no copy: ${report.error ?? 'no SnapshotId in its answer'}`);
  return { wallMs: run.wallMs, report };
}

type ColdStartSample = Awaited<ReturnType<typeof coldStart>>;

function summarise(samples: readonly ColdStartSample[]): ColdStartFigures {
  return {
    wallMs: median(samples.map((sample) => sample.wallMs)),
    cpuMs: median(samples.map((sample) => sample.report.cpuMs)),
    maxRssMiB: median(samples.map((sample) => sample.report.maxRssKiB)) / 1024,
    modulesLoaded: median(samples.map((sample) => sample.report.modulesLoaded)),
    moduleKiB: median(samples.map((sample) => sample.report.moduleBytes)) / 1024,
  };
}

export async function measureColdStarts(
  childScript: string,
  subjects: ColdStartSubjects,
  deployed: DeployedFunction,
  runs: number,
): Promise<{ ours: ColdStartFigures; baseline: ColdStartFigures }> {
  // Not counted: the first run of each may read its files from disk rather than from the page cache.
  await coldStart(childScript, subjects.ours, deployed);
  await coldStart(childScript, subjects.baseline, deployed);
  const ours: ColdStartSample[] = [];
  const baseline: ColdStartSample[] = [];
  for (let run = 0; run < runs; run++) {
    ours.push(await coldStart(childScript, subjects.ours, deployed));
    baseline.push(await coldStart(childScript, subjects.baseline, deployed));
  }
  return { ours: summarise(ours), baseline: summarise(baseline) };
}
