/** What a test reads back from an invocation: the log lines, the answers and errors, the copies in a region. */
import type { Snapshot } from '../../ecs-local';
import { CANARY_CREDENTIALS } from '../../tools/fc-fixtures';

export type Invocation = { ok: true; value: unknown } | { ok: false; error: Error };

/** Invokes and returns the answer, or the rejection (timer and direct events), noting both in `outputs`. */
export async function invokeRecording(
  handler: (event: unknown, context: unknown) => Promise<unknown>,
  event: unknown,
  context: unknown,
  outputs: string[],
): Promise<Invocation> {
  try {
    const value = await handler(event, context);
    outputs.push(JSON.stringify(value));
    return { ok: true, value };
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    outputs.push(`${error.name} ${error.message} ${error.stack ?? ''} ${JSON.stringify(error)}`);
    return { ok: false, error };
  }
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

/** The log lines with this message. */
export function logsNamed(logs: readonly string[], message: string): Array<Record<string, unknown>> {
  return parsedLogs(logs).filter((line) => line.message === message);
}

/** Copies in the destination region made from `sourceSnapshotId`, in the local endpoint or the fake ECS. */
export function copiesOf(ecs: { snapshots(regionId: string): Snapshot[] }, sourceSnapshotId: string, region = 'us-east-1'): Snapshot[] {
  return ecs.snapshots(region).filter((snapshot) => snapshot.SourceSnapshotId === sourceSnapshotId);
}

/** No log line, answer or error holds the canary secret or STS token (as they are or percent-encoded), or a signature. */
export function expectNoSecretLeaked(seen: { logs: readonly string[]; outputs: readonly string[] }): void {
  const everything = [...seen.logs, ...seen.outputs].join('\n');
  for (const secret of [CANARY_CREDENTIALS.accessKeySecret, CANARY_CREDENTIALS.securityToken]) {
    for (const form of [secret, encodeURIComponent(secret), encodeURIComponent(encodeURIComponent(secret))]) {
      expect(everything).not.toContain(form);
    }
  }
  expect(everything).not.toMatch(/Signature(=|%3D)/);
}
