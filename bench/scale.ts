// Scale (issue 8): what one run holds in memory as the fleet grows. The fleet of bench/fleet.ts (5 daily snapshots a
// disk, selected by a tag, copied to one region) at 10,000 and at 50,000 snapshots, against a local endpoint that
// answers at once and never throttles, with the pacer's waits skipped (bench/fleet-child.ts) so that the whole run
// takes a minute or two instead of the ten minutes its 10,500 calls take at 1000 a minute. The target is FC's
// smallest instance: 128 MB.

import { markdownTable, VERDICTS } from './figures';
import { FLEET_DEFAULTS, type FleetOptions, type FleetRun, runFleet } from './fleet';

const TARGET_PEAK_RSS_MIB = 128;

/** The sizes: today's fleet (10,000 snapshots on 2,000 disks) and five times it. */
export const SCALE_DISKS = [2000, 10_000] as const;

export function scaleOptions(disks: number): FleetOptions {
  return {
    ...FLEET_DEFAULTS,
    disks,
    latencyMs: 0,
    accountRatePerMinute: 0,
    // ECS's own limit for an account, the highest API_CALLS_PER_MINUTE takes: the run's concurrency is the pace's.
    pacePerMinute: 1000,
    mode: 'no-pacing-waits',
  };
}

/** Every disk copied once, none twice, nothing failed or left. */
function copiedEveryDiskOnce(run: FleetRun): boolean {
  return run.copies === run.options.disks && run.duplicates === 0 && run.summary.Failed === 0 && run.summary.Left === 0;
}

export async function measureScale(
  scripts: { ecs: string; child: string },
  ours: string,
  disks: readonly number[],
  progress: (text: string) => void,
): Promise<string> {
  const runs: FleetRun[] = [];
  for (const size of disks) {
    const options = scaleOptions(size);
    progress(`scale: ${size * options.snapshotsPerDisk} snapshots on ${size} disks, pacer's waits skipped`);
    runs.push(await runFleet(scripts, ours, options));
  }
  const header = [
    'snapshots',
    'disks',
    'ECS calls',
    'copies',
    'copied / failed / left',
    'duplicates',
    'wall time',
    'peak RSS',
    'target',
    'verdict',
  ];
  const rows = runs.map((run) => {
    const peakMiB = run.maxRssKiB / 1024;
    const verdict = !copiedEveryDiskOnce(run)
      ? `${VERDICTS.missed} (copies)`
      : peakMiB < TARGET_PEAK_RSS_MIB
        ? VERDICTS.met
        : VERDICTS.missed;
    return [
      String(run.options.disks * run.options.snapshotsPerDisk),
      String(run.options.disks),
      String(run.calls),
      String(run.copies),
      `${run.summary.Copied} / ${run.summary.Failed} / ${run.summary.Left}`,
      String(run.duplicates),
      `${(run.handlerMs / 1000).toFixed(1)} s`,
      `${peakMiB.toFixed(1)} MB`,
      `< ${TARGET_PEAK_RSS_MIB} MB`,
      verdict,
    ];
  });
  return markdownTable(header, rows);
}
