/**
 * The unit harness: the real handler (`createHandler`, as FC runs it) on the fake ECS and the virtual clock. The
 * function paces, backs off, times out and sees copies progress over virtual minutes in real milliseconds, the same
 * way on every run. It has the integration harness's shape, so a scenario reads the same on either.
 */
import { createHandler, type HandlerOptions } from '../../functions/copy-snapshot/index';
import { DEFAULT_RETRY_POLICY } from '../../lib/calls/retry';
import { DESTINATION_REGION, invocationContext, SOURCE_REGION } from './context';
import { FakeEcs, type FakeEcsOptions } from './fake-ecs';
import { type Invocation, invokeRecording } from './output';
import { VirtualClock } from './virtual-clock';

export interface FakeHarness {
  ecs: FakeEcs;
  clock: VirtualClock;
  logs: string[];
  /** Everything the function answered or threw, to be searched for secrets. */
  outputs: string[];
  handler: (event: unknown, context?: unknown) => Promise<unknown>;
  /** Invokes and returns the answer, or the rejection for timer and direct events. */
  invoke: (event: unknown, context?: unknown) => Promise<Invocation>;
  source: (seed?: { DiskId?: string; Status?: 'progressing' | 'accomplished' }) => string;
}

export interface FakeHarnessOptions {
  env?: Record<string, string>;
  handler?: HandlerOptions;
  ecs?: Omit<FakeEcsOptions, 'clock'>;
  clock?: VirtualClock;
}

/** The handler configured as the integration harness configures it, on a fake ECS whose copies take a minute. */
export function startFakeHarness(options: FakeHarnessOptions = {}): FakeHarness {
  const clock = options.clock ?? new VirtualClock();
  const ecs = new FakeEcs({ clock, copyDurationMs: 60_000, ...options.ecs });
  const logs: string[] = [];
  const outputs: string[] = [];
  const handler = createHandler({
    env: {
      DESTINATION_REGION_ID: DESTINATION_REGION,
      API_CALLS_PER_MINUTE: '1000',
      CALLER_DESTINATION_REGIONS: 'us-east-1,eu-central-1,ap-southeast-1',
      ...options.env,
    },
    createEcs: () => ecs,
    createEcsDisks: () => ecs,
    logSink: (line) => logs.push(line),
    random: () => 0,
    sleep: clock.sleep,
    now: clock.now,
    retryPolicy: { ...DEFAULT_RETRY_POLICY, attemptTimeoutMs: 2_000 },
    ...options.handler,
  });
  let disks = 0;
  return {
    ecs,
    clock,
    logs,
    outputs,
    handler: (event, context = invocationContext()) => handler(event, context),
    invoke: (event, context = invocationContext()) => invokeRecording(handler, event, context, outputs),
    source: (seed = {}) =>
      ecs.addSnapshot({
        RegionId: SOURCE_REGION,
        DiskId: seed.DiskId ?? `d-bp1disk${String(++disks).padStart(12, '0')}`,
        Status: seed.Status ?? 'accomplished',
      }).SnapshotId,
  };
}
