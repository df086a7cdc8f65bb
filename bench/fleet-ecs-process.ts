// The local ECS endpoint for the fleet benchmark, in a process of its own (its memory and CPU are not the
// function's): a fleet of <disks> disks with <perDisk> daily snapshots each, every call answered after <latencyMs>,
// and the account's flow control at <ratePerMinute> (Throttling.User past it; 0: none). Prints its URL as one JSON
// line and serves until its stdin closes.
import { startLocalEcs } from '../ecs-local';
import { BENCH_CREDENTIALS, FLEET_TAG, SOURCE_REGION_ID } from './local-account';
import { serveUntilStdinEnds } from './serve';

async function main(): Promise<void> {
  const [disks, perDisk, latencyMs, ratePerMinute] = process.argv.slice(2).map(Number);
  if (![disks, perDisk, latencyMs, ratePerMinute].every((value) => Number.isInteger(value) && (value ?? -1) >= 0)) {
    throw new Error('usage: fleet-ecs-process <disks> <snapshots per disk> <latency ms> <calls per minute>');
  }
  // Copies finish at once: the benchmark measures the run's calls, not ECS's copying.
  const ecs = await startLocalEcs({
    credentials: [{ ...BENCH_CREDENTIALS }],
    copyDurationMs: 0,
    latencyMs: latencyMs ?? 0,
    ...(ratePerMinute ? { rateLimitPerMinute: ratePerMinute } : {}),
  });
  const now = Date.now();
  for (let disk = 0; disk < (disks ?? 0); disk++) {
    const serial = String(disk).padStart(10, '0');
    for (let day = 0; day < (perDisk ?? 0); day++) {
      ecs.addSnapshot({
        RegionId: SOURCE_REGION_ID,
        SnapshotId: `s-fleet${serial}d${day}`,
        DiskId: `d-fleet${serial}`,
        InstanceId: `i-fleet${String(Math.floor(disk / 2)).padStart(10, '0')}`,
        SnapshotType: 'auto',
        CreationTime: new Date(now - (day * 24 + 1) * 3_600_000).toISOString(),
        Tags: [{ ...FLEET_TAG }],
      });
    }
  }
  serveUntilStdinEnds(ecs);
}

main().catch((error: unknown) => {
  process.stderr.write(`fleet-ecs-process: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
