import { asHttp, DESTINATION_REGION, httpEvent } from '../support/harness';
import { unitHandler } from '../support/unit-handler';

const SnapshotId = 's-bp1unreadablecopy01';
const REASON = 'Status is "archiving", which this function does not know how to read';

function statusRequest() {
  return httpEvent('', {
    rawPath: `/copies/${SnapshotId}`,
    queryParameters: { RegionId: DESTINATION_REGION },
    requestContext: { requestId: 'http-status', http: { method: 'GET', path: `/copies/${SnapshotId}` } },
  });
}

describe('GET /copies/<SnapshotId> for a copy ECS lists with a value the function cannot read', () => {
  // Needs the copy status step (lib/run/copy-status.ts, A2's): describeCopy looks only in the page's Snapshots and
  // drops its Unrecognized entries, so a copy that exists is answered 404 InvalidSnapshotId.NotFound. Marked
  // `failing` until it answers what could be read of the copy and why the rest could not; then drop `.failing`.
  it.failing('answers the copy and the reason, not that it does not exist', async () => {
    const { ecs, invoke } = unitHandler();
    ecs.addUnrecognized(DESTINATION_REGION, { SnapshotId, reason: REASON, SourceSnapshotId: 's-bp1sourceofcopy0001' });

    const response = asHttp(await invoke(statusRequest()).then((result) => result.ok && result.value));

    expect(response.statusCode).not.toBe(404);
    expect(JSON.stringify(response.body)).toContain(SnapshotId);
    expect(JSON.stringify(response.body)).toContain('archiving');
  });

  it('answers 404 for a snapshot ECS does not list at all', async () => {
    const { invoke } = unitHandler();

    const response = asHttp(await invoke(statusRequest()).then((result) => result.ok && result.value));

    expect(response.statusCode).toBe(404);
    expect(response.body).toMatchObject({ Code: 'InvalidSnapshotId.NotFound', Class: 'not-found' });
  });
});
