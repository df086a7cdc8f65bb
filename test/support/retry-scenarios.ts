/**
 * Retries, written once for both transports: test/unit/faults.test.ts runs them on the fake ECS and the virtual
 * clock, test/integration/faults.test.ts through the real pop-core client and the local endpoint.
 */
import type { Fault } from '../../ecs-local';
import { timerEvent } from './events';
import { copiesOf, logsNamed } from './output';
import type { ScenarioHarness } from './scenario-harness';

/**
 * The ways the network fails once, each with the code the adapter names it by. What pop-core and its HTTP client do
 * with each of these is the adapter's to handle (`@alicloud/pop-core` 1.8.0 `lib/rpc.js`,
 * https://github.com/aliyun/openapi-core-nodejs-sdk/issues/99).
 */
export const WIRE_FAULTS: Array<[string, Fault, string]> = [
  ['a 503 without Code', { kind: 'status-without-code', status: 503 }, 'EcsBadResponse'],
  ['an HTML 502 from a proxy', { kind: 'html', status: 502 }, 'EcsBadResponse'],
  ['a cut-off JSON answer after the copy was made', { kind: 'truncated-json' }, 'EcsBadResponse'],
  ['a dropped connection', { kind: 'drop' }, 'EcsUnreachable'],
  ['an answer lost after the copy was made', { kind: 'lose-answer' }, 'EcsUnreachable'],
];

/**
 * CopySnapshot fails once with `fault`: the run retries it with the same ClientToken, makes exactly one copy, and
 * logs the first attempt's failure as `Code`. `settle` lets whatever the first attempt still does happen (a delayed
 * attempt acts when its delay is over) before the copies are counted again.
 */
export async function retriesWithTheSameClientToken(
  harness: ScenarioHarness,
  fault: Fault,
  Code: string,
  settle: () => Promise<void> = async () => {},
): Promise<void> {
  const SnapshotId = harness.source();
  harness.ecs.injectFault({ Action: 'CopySnapshot', fault });

  const result = await harness.invoke(timerEvent({ SnapshotId }));

  expect(result.ok).toBe(true);
  const copies = copiesOf(harness.ecs, SnapshotId);
  expect(copies).toHaveLength(1);
  expect(result.ok && result.value).toMatchObject({ SnapshotId: copies[0]?.SnapshotId, Attempts: 2 });
  await settle();
  expect(copiesOf(harness.ecs, SnapshotId)).toHaveLength(1);
  const attempts = harness.ecs.calls.filter((call) => call.Action === 'CopySnapshot');
  expect(attempts).toHaveLength(2);
  expect(new Set(attempts.map((call) => call.params.ClientToken)).size).toBe(1);
  expect(logsNamed(harness.logs, 'copy-attempt-failed')).toEqual([
    expect.objectContaining({ level: 'warn', Code, Class: Code === 'Throttling.User' ? 'throttled' : 'transient', Attempt: 1 }),
  ]);
}
