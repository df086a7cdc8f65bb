/**
 * Refusals before any ECS call, written once for both transports: test/unit/validation.test.ts runs them on the fake
 * ECS, test/integration/refusals.test.ts through the real pop-core client and the local endpoint.
 */
import { asHttp, httpEvent, timerEvent } from './events';
import type { ScenarioHarness } from './scenario-harness';

/** A configuration the function must refuse: RETENTION_DAYS is not a number. */
export const BROKEN_CONFIGURATION = { RETENTION_DAYS: 'thirty' };

/** On a harness configured with BROKEN_CONFIGURATION: every invocation fails loudly, naming the variable (not its
 * value, in the answer), and nothing is called. */
export async function failsEveryInvocationOnABrokenConfiguration(harness: ScenarioHarness): Promise<void> {
  const timer = await harness.invoke(timerEvent({ SnapshotId: harness.source() }));
  const http = asHttp(await harness.handler(httpEvent({ SnapshotId: harness.source() })));

  expect(!timer.ok && timer.error.message).toBe(
    'InvalidConfiguration (configuration): Environment variable RETENTION_DAYS must be an integer from 1 to 65536, not "thirty"',
  );
  expect(http.statusCode).toBe(500);
  expect(http.body).toMatchObject({ Code: 'InvalidConfiguration', Class: 'configuration' });
  expect(JSON.stringify(http.body)).not.toContain('thirty');
  expect(harness.logs.join('\n')).toContain('RETENTION_DAYS');
  expect(harness.ecs.calls).toHaveLength(0);
}
