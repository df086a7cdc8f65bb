import { createHandler } from '../../functions/copy-snapshot/index';
import { DEFAULT_RETRY_POLICY } from '../../lib/calls/retry';
import { FakeEcs } from './fake-ecs';
import { CANARY, DESTINATION_REGION, SOURCE_REGION } from './harness';

export interface UnitHandler {
  ecs: FakeEcs;
  logs: Array<Record<string, unknown>>;
  /** Invokes and returns the answer, or the rejection for timer and direct events. */
  invoke: (event: unknown, context?: unknown) => Promise<{ ok: true; value: unknown } | { ok: false; error: Error }>;
}

/** FC's context as FC passes it, with the canary credentials. */
export function unitContext(): Record<string, unknown> {
  return { requestId: 'fc-unit', region: SOURCE_REGION, credentials: { ...CANARY }, function: { timeout: 60 } };
}

/**
 * The real handler over the in-memory ECS, with a clock that stands still and sleeps that return at once: the whole
 * path from the event to the answer, without a socket.
 */
export function unitHandler(env: Record<string, string> = {}): UnitHandler {
  const ecs = new FakeEcs();
  const logs: Array<Record<string, unknown>> = [];
  const handler = createHandler({
    env: { SOURCE_REGION_ID: SOURCE_REGION, DESTINATION_REGION_ID: DESTINATION_REGION, API_CALLS_PER_MINUTE: '1000', ...env },
    createEcs: () => ecs,
    logSink: (line) => logs.push(JSON.parse(line) as Record<string, unknown>),
    random: () => 0,
    sleep: async () => {},
    now: () => Date.UTC(2026, 10, 27, 19, 0),
    retryPolicy: DEFAULT_RETRY_POLICY,
  });
  return {
    ecs,
    logs,
    invoke: async (event, context = unitContext()) => {
      try {
        return { ok: true, value: await handler(event, context) };
      } catch (error) {
        if (!(error instanceof Error)) throw error;
        return { ok: false, error };
      }
    },
  };
}
