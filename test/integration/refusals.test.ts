import { asHttp, httpEvent } from '../support/events';
import { type Harness, startHarness } from '../support/harness';
import { expectNoSecretLeaked } from '../support/output';
import { BROKEN_CONFIGURATION, failsEveryInvocationOnABrokenConfiguration } from '../support/refusal-scenarios';

/**
 * What the function refuses before any ECS call, end to end: a request that breaks a rule, a broken configuration,
 * an HTTP caller outside the operator's rules. Every rule and case is in test/unit/validation.test.ts and
 * test/unit/caller-policy.test.ts, on the fake ECS.
 */
describe('refused before any ECS call, end to end', () => {
  let harness: Harness | undefined;

  afterEach(async () => {
    if (harness) {
      expectNoSecretLeaked(harness);
      await harness.close();
    }
    harness = undefined;
  });

  it('refuses a request that breaks a rule of the CopySnapshot page with 400, naming the field and the rule', async () => {
    harness = await startHarness();

    const response = asHttp(await harness.handler(httpEvent({ SnapshotId: harness.source(), DestinationSnapshotName: '1copy' })));

    expect(response.statusCode).toBe(400);
    expect(response.body).toMatchObject({
      Code: 'InvalidParameter',
      Class: 'invalid-request',
      Errors: [{ field: 'DestinationSnapshotName', rule: 'must start with a letter' }],
    });
    expect(harness.ecs.calls).toHaveLength(0);
  });

  it('fails every invocation loudly when the configuration is broken, naming the variable, and copies nothing', async () => {
    harness = await startHarness({ env: BROKEN_CONFIGURATION });

    await failsEveryInvocationOnABrokenConfiguration(harness);
  });

  it('holds an HTTP caller to the CALLER_* rules with 403 and the rule broken', async () => {
    harness = await startHarness({ env: { CALLER_DESTINATION_REGIONS: 'us-east-1' } });

    const response = asHttp(
      await harness.handler(httpEvent({ SnapshotId: harness.source(), DestinationRegionId: ['us-east-1', 'eu-central-1'] })),
    );

    expect(response.statusCode).toBe(403);
    expect(response.body).toMatchObject({ Code: 'Forbidden.CallerPolicy', Class: 'forbidden' });
    expect(String(response.body.Message)).toContain(
      'DestinationRegionId: eu-central-1 is not a region HTTP callers may copy to (CALLER_DESTINATION_REGIONS: us-east-1)',
    );
    expect(harness.ecs.calls).toHaveLength(0);
  });
});
