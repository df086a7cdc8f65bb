/**
 * The integration harness: the handler with the real pop-core client, against the local ECS endpoint on loopback.
 * For unit tests on the fake ECS and the virtual clock, see fake-harness.ts.
 */
import { type LocalEcs, type LocalEcsOptions, startLocalEcs } from '../../ecs-local';
import type { HandlerOptions } from '../../functions/copy-snapshot/index';
import { CANARY_CREDENTIALS } from '../../tools/fc-fixtures';
import { invocationContext } from './context';
import { harnessHandler, sourceSeeder } from './harness-handler';
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
  const handler = harnessHandler({ ECS_ENDPOINT: ecs.url, ...options.env }, options.handler ?? {}, logs);
  return {
    ecs,
    logs,
    outputs,
    handler: (event, context = invocationContext()) => handler(event, context),
    invoke: (event, context = invocationContext()) => invokeRecording(handler, event, context, outputs),
    source: sourceSeeder((seed) => ecs.addSnapshot(seed)),
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
