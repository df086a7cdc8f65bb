import { type LocalEcs, type LocalEcsOptions, startLocalEcs } from '../../ecs-local';
import { createHandler, type HandlerOptions } from '../../functions/copy-snapshot/index';
import { DEFAULT_RETRY_POLICY } from '../../lib/calls/retry';
import type { HttpResponse } from '../../lib/fc/http-trigger';

/**
 * Canary credentials: every test that uses the harness checks afterwards that none of these strings reached a log
 * line, a response or an error (see `expectNoSecretLeaked`).
 */
export const CANARY = {
  accessKeyId: 'LTAI5tCanaryKeyId0001',
  accessKeySecret: 'CanarySecret/Do+Not=Leak0001',
  securityToken: 'CAIS-canary-sts-token/+=0001',
} as const;

export const SOURCE_REGION = 'cn-hangzhou';
export const DESTINATION_REGION = 'us-east-1';

export interface Harness {
  ecs: LocalEcs;
  logs: string[];
  /** Everything the function answered or threw, to be searched for secrets. */
  outputs: string[];
  handler: (event: unknown, context?: unknown) => Promise<unknown>;
  /** Invokes and returns the answer, or the rejection's message for timer and direct events. */
  invoke: (event: unknown, context?: unknown) => Promise<{ ok: true; value: unknown } | { ok: false; error: Error }>;
  source: (seed?: { DiskId?: string; Status?: 'progressing' | 'accomplished' }) => string;
  close: () => Promise<void>;
}

export function fcContext(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    requestId: `fc-${Math.random().toString(36).slice(2)}`,
    region: SOURCE_REGION,
    credentials: { ...CANARY },
    function: { name: 'snapshot-copy', handler: 'index.handler', memory: 128, timeout: 30 },
    ...overrides,
  };
}

export async function startHarness(
  options: { env?: Record<string, string>; handler?: HandlerOptions; ecs?: Partial<LocalEcsOptions> } = {},
): Promise<Harness> {
  const ecs = await startLocalEcs({ credentials: [{ ...CANARY }], copyDurationMs: 60_000, ...options.ecs });
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
    handler: (event, context = fcContext()) => handler(event, context),
    invoke: async (event, context = fcContext()) => {
      try {
        const value = await handler(event, context);
        outputs.push(JSON.stringify(value));
        return { ok: true, value };
      } catch (error) {
        if (!(error instanceof Error)) throw error;
        outputs.push(`${error.name} ${error.message} ${error.stack ?? ''} ${JSON.stringify(error)}`);
        return { ok: false, error };
      }
    },
    source: (seed = {}) =>
      ecs.addSnapshot({
        RegionId: SOURCE_REGION,
        DiskId: seed.DiskId ?? `d-bp1disk${String(++disks).padStart(12, '0')}`,
        Status: seed.Status ?? 'accomplished',
      }).SnapshotId,
    close: () => ecs.close(),
  };
}

export function timerEvent(payload: unknown, triggerTime = '2026-11-27T19:00:00Z'): Buffer {
  return Buffer.from(JSON.stringify({ triggerTime, triggerName: 'daily-copy', payload: JSON.stringify(payload) }));
}

export function httpEvent(body: unknown, overrides: Record<string, unknown> = {}): Buffer {
  return Buffer.from(
    JSON.stringify({
      version: 'v1',
      rawPath: '/copies',
      body: typeof body === 'string' ? body : JSON.stringify(body),
      isBase64Encoded: false,
      headers: { 'Content-Type': 'application/json' },
      requestContext: {
        requestId: `http-${Math.random().toString(36).slice(2)}`,
        timeEpoch: '1795806300000',
        http: { method: 'POST', path: '/copies' },
      },
      ...overrides,
    }),
  );
}

export function directEvent(request: unknown): Buffer {
  return Buffer.from(JSON.stringify(request));
}

export function asHttp(value: unknown): { statusCode: number; body: Record<string, unknown>; headers: Record<string, string> } {
  const response = value as HttpResponse;
  return { statusCode: response.statusCode, body: JSON.parse(response.body) as Record<string, unknown>, headers: response.headers };
}

export function parsedLogs(logs: readonly string[]): Array<Record<string, unknown>> {
  return logs.map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Lines that say what became of a copy that was asked for and not found made: started, failed, or not made now. */
const OUTCOME_MESSAGES = new Set(['copy-started', 'copy-failed', 'copy-not-ready', 'copy-left']);

/** The one outcome line of the last invocation. */
export function outcomeLog(logs: readonly string[]): Record<string, unknown> {
  const outcomes = parsedLogs(logs).filter((line) => OUTCOME_MESSAGES.has(String(line.message)));
  const last = outcomes.at(-1);
  if (!last) throw new Error('no outcome was logged');
  return last;
}

/** Copies in the destination region made from `sourceSnapshotId`. */
export function copiesOf(ecs: LocalEcs, sourceSnapshotId: string, region = DESTINATION_REGION) {
  return ecs.snapshots(region).filter((snapshot) => snapshot.SourceSnapshotId === sourceSnapshotId);
}

export function expectNoSecretLeaked(harness: Pick<Harness, 'logs' | 'outputs'>): void {
  const everything = [...harness.logs, ...harness.outputs].join('\n');
  for (const secret of [CANARY.accessKeySecret, CANARY.securityToken]) {
    for (const form of [secret, encodeURIComponent(secret), encodeURIComponent(encodeURIComponent(secret))]) {
      expect(everything).not.toContain(form);
    }
  }
  expect(everything).not.toMatch(/Signature(=|%3D)/);
}
