// `npm run bench`: the function measured side by side with the same job on Alibaba Cloud's official SDK, in one
// run, against the local ECS endpoint. Prints the machine and a table (figure, ours, baseline, ratio, target,
// verdict); progress goes to stderr. No figure is an absolute time that the machine's noise could decide: each is
// a ratio, a count, a difference of medians, or a per-event average over thousands of events.
//   --runs N     cold starts of each (default 10; process load times get twice as many)
//   --rounds N   rounds of per-event figures (default 3), each kind of event taking its turn in each
//   --events N   events of each kind in a round (default 1000, after a tenth as many to warm up)
//   --fleet-disks N  disks of the fleet, 5 snapshots each (default 2000)
//   --only fleet     the fleet figures alone
//   --only scale     the memory of one run at 10,000 and 50,000 snapshots (bench/scale.ts)
import { statSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { measureColdStarts } from './cold-start';
import { deployedFunction } from './deployed-function';
import { average, bounded, compared, count, type Figure, kib, mib, ms, msFine, renderTable } from './figures';
import { FLEET_DEFAULTS, measureFleet } from './fleet';
import { measureLoadTimes } from './load-time';
import { MAX_EVENTS_PER_ENDPOINT } from './local-account';
import { measurePerEvent, type PerEventFigures } from './per-event';
import { PER_EVENT_MODES, type PerEventMode } from './per-event-modes';
import { startEcsLocalProcess } from './processes';
import { measureScale, SCALE_SIZES } from './scale';
import { median } from './stats';

const BUILD = join('build', 'bench');
const SCRIPTS = {
  coldStart: join(BUILD, 'cold-start-child.js'),
  loadModule: join(BUILD, 'load-module-child.js'),
  perEvent: join(BUILD, 'per-event-child.js'),
  ecsLocal: join(BUILD, 'ecs-local-process.js'),
  fleetEcs: join(BUILD, 'fleet-ecs-process.js'),
  fleetChild: join(BUILD, 'fleet-child.js'),
};
/** What FC runs, and the same job on the official SDK as users deploy it (compiled, SDK in node_modules). */
const OURS = join('dist', 'index.js');
const BASELINE = join(BUILD, 'baseline-official-sdk.js');
/** Parts of dist/index.js bundled alone: pop-core's RPC client, the Node modules any HTTPS client loads, and the
 * rest (the function with pop-core left out). */
const POP_CORE = join(BUILD, 'pop-core-rpc.js');
const NODE_HTTP = join(BUILD, 'node-http.js');
const WITHOUT_POP_CORE = join(BUILD, 'function-without-pop-core.js');

/** The issue's targets. */
const TARGETS = { coldStartWallRatio: 0.3, coldStartRssRatio: 0.5, bundleKiB: 120, loadMs: 25, cpuMsPerEvent: 1 } as const;

function readCount(flag: string, fallback: number): number {
  const index = process.argv.indexOf(flag);
  if (index === -1) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`Expected ${flag} to be a positive integer.`);
  return value;
}

function progress(text: string): void {
  process.stderr.write(`bench: ${text}\n`);
}

function machine(): string {
  const model = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${availableParallelism()} cores (nproc), ${model}, Node.js ${process.version}, ${process.platform} ${process.arch}`;
}

async function main(): Promise<void> {
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
  if (only === 'scale') {
    const table = await measureScale({ ecs: SCRIPTS.fleetEcs, child: SCRIPTS.fleetChild }, OURS, SCALE_SIZES, progress);
    process.stdout.write(
      `npm run bench -- ${process.argv.slice(2).join(' ')}\n${new Date().toISOString().slice(0, 10)}, ${machine()}\n\n${table}\n`,
    );
    return;
  }
  if (only === 'fleet') {
    const fleet = { ...FLEET_DEFAULTS, disks: readCount('--fleet-disks', FLEET_DEFAULTS.disks) };
    const figures = await measureFleet({ ecs: SCRIPTS.fleetEcs, child: SCRIPTS.fleetChild }, OURS, fleet);
    process.stdout.write(
      `npm run bench -- ${process.argv.slice(2).join(' ')}\n${new Date().toISOString().slice(0, 10)}, ${machine()}\n\n${renderTable(figures)}\n`,
    );
    return;
  }
  const runs = readCount('--runs', 10);
  const perEventRounds = readCount('--rounds', 3);
  const events = readCount('--events', 1000);
  const warmup = Math.max(1, Math.round(events / 10));
  if (events + warmup > MAX_EVENTS_PER_ENDPOINT)
    throw new Error(`Expected --events to be at most ${Math.floor(MAX_EVENTS_PER_ENDPOINT / 1.1)}.`);
  const figures: Figure[] = [];

  progress(`cold starts: ${runs} of each, taking turns, plus one of each not counted`);
  const ecs = await startEcsLocalProcess(SCRIPTS.ecsLocal, [2 * (runs + 1)]);
  const deployed = deployedFunction(ecs.url);
  const cold = await measureColdStarts(SCRIPTS.coldStart, { ours: OURS, baseline: BASELINE }, deployed, runs).finally(() => ecs.stop());
  figures.push(
    compared(
      `cold start: spawn to exit, one timer event (median of ${runs})`,
      cold.ours.wallMs,
      cold.baseline.wallMs,
      ms,
      TARGETS.coldStartWallRatio,
    ),
    compared('cold start: CPU time of the process (median)', cold.ours.cpuMs, cold.baseline.cpuMs, ms),
    compared('cold start: peak RSS (median)', cold.ours.maxRssMiB, cold.baseline.maxRssMiB, mib, TARGETS.coldStartRssRatio),
    compared('cold start: JavaScript files loaded', cold.ours.modulesLoaded, cold.baseline.modulesLoaded, count),
    compared('cold start: bytes of JavaScript loaded', cold.ours.moduleKiB, cold.baseline.moduleKiB, kib),
  );

  progress(`load times: ${runs * 2} processes of each module, interleaved with empty ones`);
  const parts = { ours: OURS, baseline: BASELINE, withoutPopCore: WITHOUT_POP_CORE, popCore: POP_CORE, nodeHttp: NODE_HTTP };
  const load = await measureLoadTimes(SCRIPTS.loadModule, parts, runs * 2);
  const added = (part: keyof typeof parts) => load.addedMs[part] ?? Number.NaN;
  figures.push(
    bounded('bundle: size of dist/index.js', statSync(OURS).size / 1024, kib, TARGETS.bundleKiB),
    bounded('bundle: load time, minus an empty node process', added('ours'), ms, TARGETS.loadMs, added('baseline')),
    bounded('  the same bundle with pop-core left out', added('withoutPopCore'), ms),
    bounded('  pop-core RPC client alone (with the row below)', added('popCore'), ms),
    bounded('  node:http, https, crypto alone', added('nodeHttp'), ms),
  );

  // The four kinds of events take turns, round after round, so that whatever else the machine does falls on all of
  // them alike; each figure is the median of its rounds.
  const modules: Record<PerEventMode, string> = {
    'ours-http-in-memory': OURS,
    'ours-http': OURS,
    'ours-timer': OURS,
    'baseline-timer': BASELINE,
  };
  const rounds: Record<PerEventMode, PerEventFigures[]> = {
    'ours-http-in-memory': [],
    'ours-http': [],
    'ours-timer': [],
    'baseline-timer': [],
  };
  for (let round = 1; round <= perEventRounds; round++) {
    for (const mode of PER_EVENT_MODES) {
      progress(`per event: round ${round} of ${perEventRounds}, ${events} events, ${mode}`);
      const scripts = { child: SCRIPTS.perEvent, ecsLocal: SCRIPTS.ecsLocal };
      rounds[mode].push(await measurePerEvent(scripts, mode, modules[mode], deployedFunction, events, warmup));
    }
  }
  const perEvent = (mode: PerEventMode, figure: 'cpuMsPerEvent' | 'p50Ms' | 'p99Ms' | 'ecsCallsPerEvent') =>
    median(rounds[mode].map((result) => result[figure]));
  const n = `n=${perEventRounds}x${events}`;
  figures.push(
    bounded(
      `per event: CPU in our code (HTTP events, in-memory ECS, ${n})`,
      perEvent('ours-http-in-memory', 'cpuMsPerEvent'),
      msFine,
      TARGETS.cpuMsPerEvent,
    ),
    bounded(`per event: CPU with pop-core over loopback (HTTP events, ${n})`, perEvent('ours-http', 'cpuMsPerEvent'), msFine),
    bounded('per event: latency p50 over loopback, pacing waits left out (HTTP)', perEvent('ours-http', 'p50Ms'), msFine),
    bounded('per event: latency p99 over loopback, pacing waits left out (HTTP)', perEvent('ours-http', 'p99Ms'), msFine),
    compared(
      `per event: CPU with the ECS client over loopback (timer events, ${n})`,
      perEvent('ours-timer', 'cpuMsPerEvent'),
      perEvent('baseline-timer', 'cpuMsPerEvent'),
      msFine,
    ),
    compared(
      'per event: ECS calls (timer events)',
      perEvent('ours-timer', 'ecsCallsPerEvent'),
      perEvent('baseline-timer', 'ecsCallsPerEvent'),
      average,
    ),
  );

  const fleet = { ...FLEET_DEFAULTS, disks: readCount('--fleet-disks', FLEET_DEFAULTS.disks) };
  progress(
    `fleet: ${fleet.disks * fleet.snapshotsPerDisk} snapshots on ${fleet.disks} disks, at ${fleet.pacePerMinute} calls a minute (a couple of minutes)`,
  );
  figures.push(...(await measureFleet({ ecs: SCRIPTS.fleetEcs, child: SCRIPTS.fleetChild }, OURS, fleet)));

  const pace = deployed.env.API_CALLS_PER_MINUTE || 'its default';
  process.stdout.write(`npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\n`);
  process.stdout.write(`${new Date().toISOString().slice(0, 10)}, ${machine()}\n`);
  process.stdout.write(
    'baseline: the same timer job on @alicloud/ecs20140526 over @alicloud/openapi-core (bench/baseline-official-sdk.ts)\n',
  );
  process.stdout.write(
    `cold starts run as s.yaml deploys the function (API_CALLS_PER_MINUTE: ${pace}); an empty node process: ${ms(load.emptyMs)}\n\n`,
  );
  process.stdout.write(`${renderTable(figures)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
