// Fleet throughput (the fleet issue): a whole fleet copied in one run, against the local ECS endpoint with a
// per-call latency and the account's rate limit. Printed: calls made, copies made, the run's wall time against the
// floor its pace sets (calls × 60 s / API_CALLS_PER_MINUTE), the function process's peak memory, and duplicates.
import * as z from 'zod/mini';
import { PROVENANCE_KEYS } from '../lib/request/provenance';
import { deployedFunction } from './deployed-function';
import { bounded, count, type Figure, mib, ms } from './figures';
import type { FleetChildMode, FleetChildReport } from './fleet-child';
import { BENCH_CREDENTIALS, FLEET_TAG, SOURCE_REGION_ID } from './local-account';
import { runNode, startEcsLocalProcess } from './processes';

export interface FleetOptions {
  disks: number;
  snapshotsPerDisk: number;
  latencyMs: number;
  /** ECS's flow control for the account; 0: none. */
  accountRatePerMinute: number;
  /** The function's pace (API_CALLS_PER_MINUTE), kept under the account's limit as an operator would. */
  pacePerMinute: number;
  /** `paced`: the function as deployed; `no-pacing-waits`: the pacer's waits end at once (bench/fleet-child.ts). */
  mode: FleetChildMode;
  /** Node.js options of the function's process (NODE_OPTIONS); none: V8 sizes its heap from this machine's memory. */
  nodeOptions?: string;
}

export const FLEET_DEFAULTS: FleetOptions = {
  disks: 2000,
  snapshotsPerDisk: 5,
  latencyMs: 50,
  accountRatePerMinute: 1000,
  pacePerMinute: 900,
  mode: 'paced',
};

/** The targets. */
const TARGETS = { wallOverFloor: 1.1, peakRssMiB: 128, duplicates: 1 } as const;

const CallsSchema = z.array(z.object({ Action: z.string(), Code: z.optional(z.string()) }));
const SnapshotsSchema = z.array(z.object({ Tags: z.object({ Tag: z.array(z.object({ TagKey: z.string(), TagValue: z.string() })) }) }));
const SummarySchema = z.object({
  Copied: z.number(),
  AlreadyPresent: z.number(),
  Failed: z.number(),
  Left: z.number(),
  ApiCalls: z.number(),
});

/** What one fleet run did, as the local endpoint counted it and the function's process measured it. */
export interface FleetRun {
  options: FleetOptions;
  calls: number;
  throttled: number;
  copies: number;
  duplicates: number;
  summary: z.infer<typeof SummarySchema>;
  handlerMs: number;
  maxRssKiB: number;
}

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  return response.json();
}

/** One timer run of the bundle over the whole fleet (selected by its tag), to one destination, in a fresh process. */
export async function runFleet(scripts: { ecs: string; child: string }, ours: string, options: FleetOptions): Promise<FleetRun> {
  const destination = 'us-east-1';
  const ecs = await startEcsLocalProcess(scripts.ecs, [
    options.disks,
    options.snapshotsPerDisk,
    options.latencyMs,
    options.accountRatePerMinute,
  ]);
  try {
    const deployed = deployedFunction(ecs.url);
    const run = await runNode(scripts.child, [ours, options.mode], {
      ...deployed.env,
      ...(options.nodeOptions ? { NODE_OPTIONS: options.nodeOptions } : {}),
      DESTINATION_REGION_ID: destination,
      API_CALLS_PER_MINUTE: String(options.pacePerMinute),
      // The whole fleet in one run: the cap on copies in flight is the operator's to set for a fleet this size.
      MAX_COPIES_IN_FLIGHT: String(options.disks),
      BENCH_EVENT: JSON.stringify({
        triggerTime: new Date().toISOString(),
        triggerName: 'daily-fleet-copy',
        payload: JSON.stringify({ SourceTag: [FLEET_TAG] }),
      }),
      BENCH_CONTEXT: JSON.stringify({
        requestId: 'bench-fleet',
        region: SOURCE_REGION_ID,
        credentials: BENCH_CREDENTIALS,
        function: { name: 'snapshot-copy', memory: 128, timeout: deployed.timeoutSeconds },
      }),
    });
    const report = run.report as FleetChildReport;
    const summaryLine = run.output.split('\n').find((line) => line.includes('"message":"run-summary"'));
    const failure = run.output.split('\n').find((line) => line.includes('"message":"copy-failed"'));
    if (summaryLine === undefined)
      throw new Error(`the fleet run logged no run-summary: ${report.outcome} ${report.message} ${failure ?? ''}`);
    const summary = SummarySchema.parse(JSON.parse(summaryLine));
    const calls = CallsSchema.parse(await getJson(`${ecs.url}/_local/calls`));
    const copies = SnapshotsSchema.parse(await getJson(`${ecs.url}/_local/snapshots?RegionId=${destination}`));
    const perSource = new Map<string, number>();
    for (const copy of copies) {
      const source = copy.Tags.Tag.find((tag) => tag.TagKey === PROVENANCE_KEYS.SourceSnapshotId)?.TagValue ?? '';
      perSource.set(source, (perSource.get(source) ?? 0) + 1);
    }
    return {
      options,
      calls: calls.length,
      throttled: calls.filter((call) => call.Code === 'Throttling.User').length,
      copies: copies.length,
      duplicates: [...perSource.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0),
      summary,
      handlerMs: report.handlerMs,
      maxRssKiB: report.maxRssKiB,
    };
  } finally {
    await ecs.stop();
  }
}

export async function measureFleet(
  scripts: { ecs: string; child: string },
  ours: string,
  options: FleetOptions = FLEET_DEFAULTS,
): Promise<Figure[]> {
  const run = await runFleet(scripts, ours, options);
  const floorMs = (run.calls * 60_000) / options.pacePerMinute;
  const fleet = `${options.disks * options.snapshotsPerDisk} snapshots on ${options.disks} disks, ${options.latencyMs} ms a call`;
  const { summary } = run;
  return [
    bounded(`fleet (${fleet}): ECS calls made (${run.throttled} throttled)`, run.calls, count),
    bounded(
      `fleet: copies made (run summary: ${summary.Copied} copied, ${summary.Failed} failed, ${summary.Left} left)`,
      run.copies,
      count,
    ),
    bounded(
      `fleet: wall time over the floor of ${run.calls} calls at ${options.pacePerMinute}/min (${ms(floorMs)})`,
      run.handlerMs / floorMs,
      (v) => `${v.toFixed(3)}x`,
      TARGETS.wallOverFloor,
    ),
    bounded('fleet: peak RSS of the function process', run.maxRssKiB / 1024, mib, TARGETS.peakRssMiB),
    bounded('fleet: duplicate copies', run.duplicates, count, TARGETS.duplicates),
  ];
}
