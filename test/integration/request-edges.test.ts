import { DESTINATION_REGION, SOURCE_REGION } from '../support/context';
import { asHttp, directEvent, httpEvent, timerEvent } from '../support/events';
import { closeAfterEach, fcContext, type Harness, startHarness } from '../support/harness';
import { copiesOf, parsedLogs } from '../support/output';

/**
 * Issue 9's edges of the request, each through the real handler, the real pop-core client and the local ECS
 * endpoint: what is refused is refused before pop-core is ever asked, and what is let through is copied.
 */
describe('the edges of a request', () => {
  let harness: Harness;

  beforeEach(async () => {
    harness = await startHarness({ env: { SELECTION: '{"InstanceIds":["i-bp1operatorfleet001"]}' }, ecs: { copyDurationMs: 1 } });
  });

  closeAfterEach(() => harness);

  it('refuses a lone surrogate in a tag with 400 naming Tag.1.Value, before pop-core is asked for anything', async () => {
    const response = asHttp(await harness.handler(httpEvent({ SnapshotId: harness.source(), Tag: [{ Key: 'team', Value: 'db\uD800' }] })));

    expect(response.statusCode).toBe(400);
    expect(response.body).toMatchObject({
      Code: 'InvalidParameter',
      Errors: [{ field: 'Tag.1.Value', rule: 'must be well-formed Unicode text (it holds a lone UTF-16 surrogate)' }],
    });
    expect(harness.ecs.calls).toHaveLength(0);
  });

  it("refuses an HTTP request that selects nothing with 400 instead of running the operator's SELECTION", async () => {
    const response = asHttp(await harness.handler(httpEvent({ DryRun: true })));

    expect(response.statusCode).toBe(400);
    expect(response.body).toMatchObject({
      Errors: [{ field: 'SnapshotId', rule: expect.stringContaining('an HTTP request must say what to copy') }],
    });
    expect(harness.ecs.calls).toHaveLength(0);
  });

  it("keeps the operator's copy when a caller replays the ClientToken a dry run answered, with another snapshot", async () => {
    const operatorSnapshot = harness.source();
    const callerSnapshot = harness.source();

    const dryRun = asHttp(await harness.handler(httpEvent({ SnapshotId: operatorSnapshot, DryRun: true })));
    const replay = asHttp(await harness.handler(httpEvent({ SnapshotId: callerSnapshot, ClientToken: dryRun.body.ClientToken })));
    const operator = await harness.invoke(timerEvent({ SnapshotId: operatorSnapshot }));

    expect(replay.statusCode).toBe(400);
    expect(replay.body).toMatchObject({ Errors: [{ field: 'ClientToken', rule: expect.stringContaining('must not start with "sc-"') }] });
    expect(copiesOf(harness.ecs, callerSnapshot)).toHaveLength(0);
    expect(operator).toMatchObject({
      ok: true,
      value: { Outcome: 'copied', SnapshotId: copiesOf(harness.ecs, operatorSnapshot)[0]?.SnapshotId },
    });
    expect(copiesOf(harness.ecs, operatorSnapshot)).toHaveLength(1);
  });

  it("copies with FC's credentials when one field of the context has another type than FC documents", async () => {
    const SnapshotId = harness.source();

    // The region then comes from the request: FC's own is null.
    const result = await harness.invoke(
      directEvent({ SnapshotId, RegionId: SOURCE_REGION }),
      fcContext({ function: { timeout: '30' }, region: null }),
    );

    expect(result).toMatchObject({ ok: true, value: { Outcome: 'copied' } });
    expect(copiesOf(harness.ecs, SnapshotId)).toHaveLength(1);
    expect(parsedLogs(harness.logs).some((line) => line.Code === 'MissingCredentials')).toBe(false);
  });

  it('takes "AllowEmpty": true in a request, as a selection field', async () => {
    const response = asHttp(
      await harness.handler(
        httpEvent({ DiskIds: ['d-bp1nosnapshots00001'], AllowEmpty: true, DestinationRegionId: DESTINATION_REGION, DryRun: true }),
      ),
    );

    expect(response.statusCode).toBe(200);
    expect(response.body).toMatchObject({ Summary: { Planned: 0, DryRun: true } });
  });

  it('answers GET /copies/<SnapshotId> for a copy listed with a Status it does not know, instead of 404', async () => {
    const { SnapshotId } = harness.ecs.addSnapshot({
      RegionId: DESTINATION_REGION,
      DiskId: 'd-bp1unreadablecopy01',
      SourceSnapshotId: 's-bp1sourceofcopy0001',
      SourceRegionId: SOURCE_REGION,
      ListedAs: { Status: 'archiving' },
    });

    const response = asHttp(await harness.handler(statusRequest(SnapshotId)));

    expect(response.statusCode).not.toBe(404);
    expect(JSON.stringify(response.body)).toContain(SnapshotId);
    expect(JSON.stringify(response.body)).toContain('archiving');
    expect(response.body).toMatchObject({ Status: 'unreadable', SourceSnapshotId: 's-bp1sourceofcopy0001', SourceRegionId: SOURCE_REGION });
    // A MaxResults every version of the API accepts.
    expect(harness.ecs.calls.find((call) => call.Action === 'DescribeSnapshots')?.params.MaxResults).toBe('10');
  });

  it('answers GET /copies/<SnapshotId> with 404 for a snapshot ECS does not list at all', async () => {
    const response = asHttp(await harness.handler(statusRequest('s-bp1doesnotexist0001')));

    expect(response.statusCode).toBe(404);
    expect(response.body).toMatchObject({ Code: 'InvalidSnapshotId.NotFound', Class: 'not-found' });
  });
});

function statusRequest(SnapshotId: string): Buffer {
  return httpEvent('', {
    rawPath: `/copies/${SnapshotId}`,
    queryParameters: { RegionId: DESTINATION_REGION },
    requestContext: { requestId: 'http-status', http: { method: 'GET', path: `/copies/${SnapshotId}` } },
  });
}
