// Per-event figures: thousands of invocations through one warm instance (per-event-child.ts), each group against
// a fresh local ECS endpoint in a process of its own, so that its CPU time and its growing store stay out of them.
import * as z from 'zod/mini';
import type { DeployedFunction } from './deployed-function';
import type { PerEventMode, PerEventReport } from './per-event-modes';
import { runNode, startEcsLocalProcess } from './processes';

const PerEventReportSchema = z.object({
  events: z.number(),
  cpuMsPerEvent: z.number(),
  p50Ms: z.number(),
  p99Ms: z.number(),
  failures: z.number(),
  firstFailure: z.optional(z.string()),
}) satisfies z.ZodMiniType<PerEventReport>;

export interface PerEventScripts {
  child: string;
  ecsLocal: string;
}

export interface PerEventFigures extends PerEventReport {
  /** ECS calls the endpoint answered, per event (warm-up included). */
  ecsCallsPerEvent: number;
}

/** How many calls the local endpoint answered, from its control API. */
async function ecsCallsAnswered(ecsUrl: string): Promise<number> {
  const response = await fetch(`${ecsUrl}/_local/calls`);
  return z.array(z.unknown()).parse(await response.json()).length;
}

export async function measurePerEvent(
  scripts: PerEventScripts,
  mode: PerEventMode,
  handlerModule: string,
  deployed: (ecsUrl: string) => DeployedFunction,
  events: number,
  warmup: number,
): Promise<PerEventFigures> {
  const ecs = await startEcsLocalProcess(scripts.ecsLocal, [warmup + events]);
  try {
    const { env, timeoutSeconds } = deployed(ecs.url);
    const run = await runNode(scripts.child, [mode, handlerModule, String(events), String(warmup)], {
      ...env,
      // HTTP callers may copy only to the regions the caller policy names (the deployed destinations); the events
      // spread their copies over every region instead (local-account.ts), so they are let through to any.
      CALLER_DESTINATION_REGIONS: '*',
      BENCH_TIMEOUT_SECONDS: String(timeoutSeconds),
    });
    const report = PerEventReportSchema.parse(run.report);
    if (report.failures > 0) {
      throw new Error(
        `${mode} through ${handlerModule}: ${report.failures} of ${report.events} events failed; the first: ${report.firstFailure ?? '?'}`,
      );
    }
    return { ...report, ecsCallsPerEvent: (await ecsCallsAnswered(ecs.url)) / report.events };
  } finally {
    await ecs.stop();
  }
}
