// Scale (issue 8): what one run holds in memory as the fleet grows. The fleet of bench/fleet.ts (daily snapshots
// selected by a tag, copied to one region) at 10,000 snapshots on 2,000 disks, at five times the snapshots on the
// same disks, and at five times both, against a local endpoint that answers at once and never throttles, with the
// pacer's waits skipped (bench/fleet-child.ts) so that the whole measurement takes a couple of minutes instead of the
// ten that 10,500 calls take at 1000 a minute.
//
// Peak RSS depends on how V8 sizes its heap, and Node.js sizes it from the memory it sees: the cgroup limit or the
// machine's memory (SetIsolateCreateParamsForNode, https://github.com/nodejs/node/blob/v20.x/src/api/environment.cc,
// calls V8's ResourceConstraints::ConfigureDefaults). In an instance of 128 MB that gives V8's floor: a 256 MB old
// generation, 1 MB semi-spaces and a heap that grows by at most 1.3x between full collections; on this machine, a
// 4 GB old generation, 16 MB semi-spaces and up to 4x. Each run is measured both ways: with the heap of a 128 MB
// instance (NODE_OPTIONS set to what Node.js derives there), which the target is for, and with V8's defaults here.
import { markdownTable, VERDICTS } from './figures';
import { FLEET_DEFAULTS, type FleetOptions, type FleetRun, runFleet } from './fleet';

const TARGET_PEAK_RSS_MIB = 128;

/** What Node.js 20 derives in an instance of 128 MB (process.constrainedMemory() = 128 MiB): heap_size_limit 259 MB. */
export const FC_128_MB_HEAP = '--max-old-space-size=256 --max-semi-space-size=1';

export interface ScaleSize {
  disks: number;
  snapshotsPerDisk: number;
}

/** Today's fleet, five times its snapshots on the same disks, and five times both (the 50,000 on 10,000). */
export const SCALE_SIZES: readonly ScaleSize[] = [
  { disks: 2000, snapshotsPerDisk: 5 },
  { disks: 2000, snapshotsPerDisk: 25 },
  { disks: 10_000, snapshotsPerDisk: 5 },
];

export function scaleOptions(size: ScaleSize, nodeOptions: string | undefined): FleetOptions {
  return {
    ...FLEET_DEFAULTS,
    ...size,
    latencyMs: 0,
    accountRatePerMinute: 0,
    // ECS's own limit for an account, the highest API_CALLS_PER_MINUTE takes: the run's concurrency is the pace's.
    pacePerMinute: 1000,
    mode: 'no-pacing-waits',
    ...(nodeOptions ? { nodeOptions } : {}),
  };
}

/** Every disk copied once, none twice, nothing failed or left. */
function copiedEveryDiskOnce(run: FleetRun): boolean {
  return run.copies === run.options.disks && run.duplicates === 0 && run.summary.Failed === 0 && run.summary.Left === 0;
}

export async function measureScale(
  scripts: { ecs: string; child: string },
  ours: string,
  sizes: readonly ScaleSize[],
  progress: (text: string) => void,
): Promise<string> {
  const rows: string[][] = [];
  for (const size of sizes) {
    const snapshots = size.disks * size.snapshotsPerDisk;
    progress(`scale: ${snapshots} snapshots on ${size.disks} disks, heap of a 128 MB instance`);
    const fc = await runFleet(scripts, ours, scaleOptions(size, FC_128_MB_HEAP));
    progress(`scale: ${snapshots} snapshots on ${size.disks} disks, V8's defaults on this machine`);
    const machine = await runFleet(scripts, ours, scaleOptions(size, undefined));
    const peakMiB = fc.maxRssKiB / 1024;
    const copied = copiedEveryDiskOnce(fc) && copiedEveryDiskOnce(machine);
    rows.push([
      String(snapshots),
      String(size.disks),
      String(fc.calls),
      String(fc.copies),
      `${fc.summary.Copied} / ${fc.summary.Failed} / ${fc.summary.Left}`,
      String(fc.duplicates + machine.duplicates),
      `${(fc.handlerMs / 1000).toFixed(1)} s`,
      `${peakMiB.toFixed(1)} MB`,
      `${(machine.maxRssKiB / 1024).toFixed(1)} MB`,
      `< ${TARGET_PEAK_RSS_MIB} MB`,
      !copied ? `${VERDICTS.missed} (copies)` : peakMiB < TARGET_PEAK_RSS_MIB ? VERDICTS.met : VERDICTS.missed,
    ]);
  }
  const header = [
    'snapshots',
    'disks',
    'ECS calls',
    'copies',
    'copied / failed / left',
    'duplicates',
    'wall time',
    'peak RSS, 128 MB instance',
    'peak RSS, V8 defaults here',
    'target',
    'verdict',
  ];
  return markdownTable(header, rows);
}
