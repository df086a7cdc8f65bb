import { asHttp, httpEvent, timerEvent } from '../support/events';
import { type FakeHarness, startFakeHarness } from '../support/fake-harness';
import { expectNoSecretLeaked } from '../support/output';

describe('what an HTTP caller may ask for', () => {
  let harness: FakeHarness;

  beforeEach(() => {
    harness = startFakeHarness({
      env: {
        CALLER_DESTINATION_REGIONS: 'us-east-1',
        CALLER_FIXED_FIELDS: 'RetentionDays,Tag',
        CALLER_MAX_COPIES: '2',
        RETENTION_DAYS: '30',
      },
      ecs: { copyDurationMs: 1 },
    });
  });

  afterEach(() => {
    expectNoSecretLeaked(harness);
  });

  const refused = async (body: unknown) => {
    const response = asHttp(await harness.handler(httpEvent(body)));
    expect(response.statusCode).toBe(403);
    expect(response.body).toMatchObject({ Code: 'Forbidden.CallerPolicy', Class: 'forbidden' });
    return String(response.body.Message);
  };

  it('refuses fields the operator fixed, naming them and the variable, before any call', async () => {
    const message = await refused({ SnapshotId: harness.source(), RetentionDays: 1, Tag: [{ Key: 'k', Value: 'v' }] });

    expect(message).toBe('RetentionDays, Tag: set by the operator for every copy (CALLER_FIXED_FIELDS); leave them out');
    expect(harness.ecs.calls).toHaveLength(0);
  });

  it("refuses a source region other than the function's own", async () => {
    const message = await refused({ SnapshotId: harness.source(), RegionId: 'cn-shanghai' });

    expect(message).toContain('RegionId: cn-shanghai is not a source region HTTP callers may copy from');
    expect(harness.ecs.calls).toHaveLength(0);
  });

  it('refuses destinations the operator did not open', async () => {
    const message = await refused({ SnapshotId: harness.source(), DestinationRegionId: ['us-east-1', 'eu-central-1'] });

    expect(message).toContain(
      'DestinationRegionId: eu-central-1 is not a region HTTP callers may copy to (CALLER_DESTINATION_REGIONS: us-east-1)',
    );
    expect(harness.ecs.calls).toHaveLength(0);
  });

  it('refuses more exact picks than CALLER_MAX_COPIES before any call', async () => {
    const message = await refused({ SnapshotIds: [harness.source(), harness.source(), harness.source()] });

    expect(message).toContain('selects 3 copies; HTTP callers may ask for at most 2');
    expect(harness.ecs.calls).toHaveLength(0);
  });

  it('refuses a selection of more copies than CALLER_MAX_COPIES once it is listed, without copying', async () => {
    for (let i = 0; i < 3; i++)
      harness.ecs.addSnapshot({ RegionId: 'cn-hangzhou', DiskId: `d-bp1policy0disk0000${i}`, InstanceId: 'i-bp1policy0instance1' });

    await refused({ InstanceIds: ['i-bp1policy0instance1'] });

    expect(harness.ecs.calls.map((call) => call.Action)).toEqual(['DescribeSnapshots']);
  });

  it("lets the operator's own timer do what the HTTP caller may not", async () => {
    const SnapshotId = harness.source();

    const result = await harness.invoke(timerEvent({ SnapshotId, DestinationRegionId: 'eu-central-1', RetentionDays: 1 }));

    expect(result.ok).toBe(true);
  });

  it('lets a request within the rules through', async () => {
    const response = asHttp(await harness.handler(httpEvent({ SnapshotId: harness.source() })));

    expect(response.statusCode).toBe(202);
  });

  it('refuses to read copies in a region callers may not use', async () => {
    const response = asHttp(
      await harness.handler(
        httpEvent('', {
          rawPath: '/copies/s-bp1anycopy0000000001',
          queryParameters: { RegionId: 'eu-central-1' },
          requestContext: { http: { method: 'GET' } },
        }),
      ),
    );

    expect(response.statusCode).toBe(403);
    expect(harness.ecs.calls).toHaveLength(0);
  });
});
