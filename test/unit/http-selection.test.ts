import { DESTINATION_REGION, SOURCE_REGION } from '../support/context';
import { asHttp, directEvent, httpEvent, timerEvent } from '../support/events';
import { startFakeHarness } from '../support/fake-harness';
import { copiesOf } from '../support/output';

const SELECTION = '{"InstanceIds":["i-bp1operatorfleet001"]}';

function operatorFleet() {
  const harness = startFakeHarness({ env: { SELECTION } });
  const { SnapshotId } = harness.ecs.addSnapshot({
    RegionId: SOURCE_REGION,
    DiskId: 'd-bp1fleetdisk0000001',
    InstanceId: 'i-bp1operatorfleet001',
  });
  return { ...harness, SnapshotId };
}

describe('a request that selects nothing', () => {
  it.each([
    ['{}', {}],
    ['a dry run', { DryRun: true }],
    ['copy parameters only', { DestinationRegionId: DESTINATION_REGION, RetentionDays: 7 }],
  ])("is answered 400 over HTTP (%s), naming SnapshotId, and runs none of the operator's SELECTION", async (_, body) => {
    const { ecs, handler } = operatorFleet();

    const response = asHttp(await handler(httpEvent(body)));

    expect(response.statusCode).toBe(400);
    expect(response.body).toMatchObject({
      Code: 'InvalidParameter',
      Class: 'invalid-request',
      Errors: [{ field: 'SnapshotId', rule: expect.stringContaining('an HTTP request must say what to copy') }],
    });
    expect(ecs.calls).toEqual([]);
  });

  it("protects the operator's SELECTION from a timer with an empty payload or {}, and from a direct invocation of {}", async () => {
    const emptyPayload = Buffer.from(JSON.stringify({ triggerTime: '2026-11-27T19:00:00Z', triggerName: 'daily-copy', payload: '' }));
    for (const event of [emptyPayload, timerEvent({}), directEvent({})]) {
      const { ecs, invoke, SnapshotId } = operatorFleet();

      await invoke(event);

      expect(ecs.calls[0]).toMatchObject({
        Action: 'DescribeSnapshots',
        params: { RegionId: SOURCE_REGION, InstanceId: 'i-bp1operatorfleet001' },
      });
      expect(copiesOf(ecs, SnapshotId, DESTINATION_REGION)).toHaveLength(1);
    }
  });
});
