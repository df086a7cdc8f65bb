/**
 * The integration harness: the handler with the real pop-core client, against the local ECS endpoint on loopback.
 * For unit tests on the fake ECS and the virtual clock, see fake-harness.ts.
 */
import { type LocalEcs, type LocalEcsOptions, startLocalEcs } from '../../ecs-local';
import { createHandler, type HandlerOptions } from '../../functions/copy-snapshot/index';
import { DEFAULT_RETRY_POLICY } from '../../lib/calls/retry';
import { CANARY_CREDENTIALS } from '../../tools/fc-fixtures';
import { DESTINATION_REGION, invocationContext, SOURCE_REGION } from './context';
import { type Invocation, invokeRecording } from './output';

export interface Harness {
  ecs: LocalEcs;
  logs: string[];
  /** Everything the function answered or threw, to be searched for secrets. */
  outputs: string[];
  handler: (event: unknown, context?: unknown) => Promise<unknown>;
  /** Invokes and returns the answer, or the rejection for timer and direct events. */
  invoke: (event: unknown, context?: unknown) => Promise<Invocation>;
  source: (seed?: { DiskId?: string; Status?: 'progressing' | 'accomplished' }) => string;
  close: () => Promise<void>;
}

export async function startHarness(
  options: { env?: Record<string, string>; handler?: HandlerOptions; ecs?: Partial<LocalEcsOptions> } = {},
): Promise<Harness> {
  const ecs = await startLocalEcs({ credentials: [{ ...CANARY_CREDENTIALS }], copyDurationMs: 60_000, ...options.ecs });
  const logs: string[] = [];
  const outputs: string[] = [];
  const handler = createHandler({
    // The fastest pace ECS allows keeps the suite quick; the pace itself is tested with its own settings.
    env: {
      ECS_ENDPOINT: ecs.url,
      DESTINATION_REGION_ID: DESTINATION_REGION,
      API_CALLS_PER_MINUTE: '1000',
      CALLER_DESTINATION_REGIONS: 'us-east-1,eu-central-1,ap-southeast-1',
      ...options.env,
    },
    logSink: (line) => logs.push(line),
    // Full jitter with random() = 0 waits no time: the retry paths run without slowing the suite down.
    random: () => 0,
    retryPolicy: { ...DEFAULT_RETRY_POLICY, attemptTimeoutMs: 2_000 },
    ...options.handler,
  });
  let disks = 0;
  return {
    ecs,
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
    close: () => ecs.close(),
  };
}

// The names other test files import from here, kept so that they need no change: the events are in events.ts, the
// context in context.ts, the checks of what an invocation left in output.ts, the credentials in tools/fc-fixtures.ts.
export { CANARY_CREDENTIALS as CANARY } from '../../tools/fc-fixtures';
export { DESTINATION_REGION, SOURCE_REGION } from './context';
export { asHttp, directEvent, httpEvent, timerEvent } from './events';
export { copiesOf, expectNoSecretLeaked, outcomeLog, parsedLogs } from './output';

/** FC's context with the canary credentials, its fields replaced by `overrides` (see `invocationContext`). */
export function fcContext(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...invocationContext(), ...overrides };
}
