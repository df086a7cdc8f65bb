import type { SeedSnapshot } from '../../ecs-local/snapshot';
import { createHandler, type HandlerOptions } from '../../functions/copy-snapshot/index';
import { DEFAULT_RETRY_POLICY } from '../../lib/calls/retry';
import { DESTINATION_REGION, invocationContext, SOURCE_REGION } from './context';
import { type Invocation, invokeRecording } from './output';

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

/** What both harnesses hand a test of the handler they configured (harnessHandler): the lines it logged, everything
 * it answered or threw, the handler itself and `invoke`, both with FC's context unless a test gives one, and
 * `source()` on the account the handler calls. */
export interface HarnessInvocations {
  logs: string[];
  outputs: string[];
  handler: (event: unknown, context?: unknown) => Promise<unknown>;
  /** Invokes and returns the answer, or the rejection for timer and direct events. */
  invoke: (event: unknown, context?: unknown) => Promise<Invocation>;
  source: (seed?: { DiskId?: string; Status?: 'progressing' | 'accomplished' }) => string;
}

/** The handler configured as both harnesses configure it (harnessHandler), on the account `addSnapshot` seeds. */
export function harnessInvocations(
  env: Record<string, string> | undefined,
  options: HandlerOptions,
  addSnapshot: (seed: SeedSnapshot) => { SnapshotId: string },
): HarnessInvocations {
  const logs: string[] = [];
  const outputs: string[] = [];
  const handler = harnessHandler(env, options, logs);
  return {
    logs,
    outputs,
    handler: (event, context = invocationContext()) => handler(event, context),
    invoke: (event, context = invocationContext()) => invokeRecording(handler, event, context, outputs),
    source: sourceSeeder(addSnapshot),
  };
}
