import type { SeedSnapshot } from '../../ecs-local/snapshot';
import { createHandler, type HandlerOptions } from '../../functions/copy-snapshot/index';
import { DEFAULT_RETRY_POLICY } from '../../lib/calls/retry';
import { DESTINATION_REGION, SOURCE_REGION } from './context';

/**
 * The handler both harnesses run (harness.ts over the local endpoint, fake-harness.ts over the fake ECS), configured
 * alike so that a scenario means the same on either. `logs` receives every line it writes.
 */
export function harnessHandler(env: Record<string, string> | undefined, options: HandlerOptions, logs: string[]) {
  return createHandler({
    // The fastest pace ECS allows keeps the suite quick; the pace itself is tested with its own settings.
    env: {
      DESTINATION_REGION_ID: DESTINATION_REGION,
      API_CALLS_PER_MINUTE: '1000',
      CALLER_DESTINATION_REGIONS: 'us-east-1,eu-central-1,ap-southeast-1',
      ...env,
    },
    logSink: (line) => logs.push(line),
    // Full jitter with random() = 0 waits no time: the retry paths run without slowing the suite down.
    random: () => 0,
    retryPolicy: { ...DEFAULT_RETRY_POLICY, attemptTimeoutMs: 2_000 },
    ...options,
  });
}

/** A harness's `source()`: a new source snapshot in the source region, of a new disk unless one is named. */
export function sourceSeeder(addSnapshot: (seed: SeedSnapshot) => { SnapshotId: string }) {
  let disks = 0;
  return (seed: { DiskId?: string; Status?: 'progressing' | 'accomplished' } = {}) =>
    addSnapshot({
      RegionId: SOURCE_REGION,
      DiskId: seed.DiskId ?? `d-bp1disk${String(++disks).padStart(12, '0')}`,
      Status: seed.Status ?? 'accomplished',
    }).SnapshotId;
}
