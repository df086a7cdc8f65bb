import { DESTINATION_REGION } from '../support/context';
import { asHttp, directEvent, httpEvent, timerEvent } from '../support/events';
import { type FakeHarness, startFakeHarness } from '../support/fake-harness';
import { logsNamed } from '../support/output';
import { addOurCopy } from '../support/seed-copies';

/**
 * Issue 9, point 4: nothing protects silently nothing. An InstanceIds, DiskIds or SourceTag entry that matches no
 * snapshot fails the run, named, unless the order allows it; the entries that matched are copied all the same.
 */

const SOURCE = 'cn-hangzhou';
const INSTANCE = 'i-bp1empty0instance01';
const PLACEHOLDER = 'i-replacewithyourid';

function withInstance(): { harness: FakeHarness; SnapshotId: string } {
  const harness = startFakeHarness();
  const { SnapshotId } = harness.ecs.addSnapshot({
    RegionId: SOURCE,
    DiskId: 'd-bp1empty0disk000001',
    InstanceId: INSTANCE,
    SnapshotType: 'auto',
  });
  return { harness, SnapshotId };
}

const copySnapshotCalls = (harness: FakeHarness) => harness.ecs.calls.filter((call) => call.Action === 'CopySnapshot');

describe('a selection entry that matches no snapshot', () => {
  it('rejects the timer naming the entry, and copies the entries that matched', async () => {
    const { harness, SnapshotId } = withInstance();

    const result = await harness.invoke(timerEvent({ InstanceIds: [INSTANCE, PLACEHOLDER] }));

    expect(!result.ok && result.error.message).toMatch(
      /^CopyRunFailed: SelectionMatchedNothing: InstanceIds i-replacewithyourid matched no snapshot in cn-hangzhou; set "AllowEmpty": true/,
    );
    expect(copySnapshotCalls(harness).map((call) => call.params.SnapshotId)).toEqual([SnapshotId]);
    expect(logsNamed(harness.logs, 'selection-matched-nothing')).toEqual([
      expect.objectContaining({ level: 'error', Field: 'InstanceIds', Entry: PLACEHOLDER, Code: 'SelectionMatchedNothing' }),
    ]);
    expect(logsNamed(harness.logs, 'run-summary')).toEqual([expect.objectContaining({ level: 'error', MatchedNothing: 1, Copied: 1 })]);
  });

  it('rejects a selection that matches nothing at all with SelectionMatchedNothing, and calls no CopySnapshot', async () => {
    const harness = startFakeHarness();

    const result = await harness.invoke(directEvent({ InstanceIds: [PLACEHOLDER], SnapshotType: 'auto' }));

    expect(!result.ok && result.error.message).toBe(
      `SelectionMatchedNothing (invalid-request): InstanceIds ${PLACEHOLDER} matched no snapshot in cn-hangzhou (SnapshotType auto); set "AllowEmpty": true if that is expected`,
    );
    expect(copySnapshotCalls(harness)).toEqual([]);
  });

  it('answers an HTTP caller 400 with the entry named', async () => {
    const harness = startFakeHarness();

    const response = asHttp(await harness.handler(httpEvent({ SourceTag: [{ Key: 'env', Value: 'prdo' }] })));

    expect(response.statusCode).toBe(400);
    expect(response.body).toMatchObject({ Code: 'SelectionMatchedNothing', Class: 'invalid-request' });
    expect(response.body.Message).toMatch(/^SourceTag env=prdo matched no snapshot/);
  });

  it('answers 400 with the report when other entries matched and were copied', async () => {
    const { harness } = withInstance();

    const response = asHttp(await harness.handler(httpEvent({ InstanceIds: [INSTANCE, 'i-bp1typo00instance01'] })));

    expect(response.statusCode).toBe(400);
    expect(response.body.MatchedNothing).toEqual([{ Field: 'InstanceIds', Entry: 'i-bp1typo00instance01' }]);
    expect(response.body.Copies).toEqual([expect.objectContaining({ Outcome: 'copied' })]);
  });

  it('names a disk with no snapshot of the selected type, and an instance none of whose snapshots carries the SourceTag', async () => {
    const { harness } = withInstance();
    harness.ecs.addSnapshot({ RegionId: SOURCE, DiskId: 'd-bp1empty0disk000002', SnapshotType: 'user' });

    const result = await harness.invoke(
      timerEvent({
        InstanceIds: [INSTANCE],
        DiskIds: ['d-bp1empty0disk000002'],
        SnapshotType: 'auto',
        SourceTag: [{ Key: 'dr', Value: 'yes' }],
      }),
    );

    expect(!result.ok && result.error.message).toMatch(
      /SelectionMatchedNothing: InstanceIds i-bp1empty0instance01; DiskIds d-bp1empty0disk000002; SourceTag dr=yes matched no snapshot in cn-hangzhou \(SnapshotType auto; SourceTag dr=yes\)/,
    );
  });

  it('does not fail with "AllowEmpty": true, and still counts and logs the entry', async () => {
    const { harness, SnapshotId } = withInstance();
    const [source] = harness.ecs.snapshots(SOURCE).filter((snapshot) => snapshot.SnapshotId === SnapshotId);
    if (source) addOurCopy(harness.ecs, source, DESTINATION_REGION);

    const result = await harness.invoke(timerEvent({ InstanceIds: [INSTANCE, PLACEHOLDER], AllowEmpty: true }));

    expect(result.ok).toBe(true);
    expect(logsNamed(harness.logs, 'selection-matched-nothing')).toEqual([expect.objectContaining({ level: 'warn', Entry: PLACEHOLDER })]);
    expect(logsNamed(harness.logs, 'run-summary')).toEqual([
      expect.objectContaining({ level: 'info', MatchedNothing: 1, AlreadyPresent: 1, WithinRpo: 1 }),
    ]);
  });

  it('does not apply to exact picks, which fail as not found', async () => {
    const harness = startFakeHarness();

    const result = await harness.invoke(timerEvent({ SnapshotId: 's-bp1doesnotexist0001' }));

    expect(!result.ok && result.error.message).toMatch(/^InvalidSnapshotId\.NotFound/);
  });
});
