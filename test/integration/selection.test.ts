import { DEFAULT_RETRY_POLICY } from '../../lib/calls/retry';
import { provenanceTags } from '../../lib/request/provenance';
import { readSYaml } from '../../tools/s-yaml';
import { DESTINATION_REGION, invocationContext, SOURCE_REGION } from '../support/context';
import { asHttp, httpEvent, timerEvent } from '../support/events';
import { closeAfterEach, type Harness, startHarness } from '../support/harness';
import { copiesOf, parsedLogs } from '../support/output';

/**
 * Issue 9's selection promises, through the real handler, the real pop-core client and the local ECS endpoint: an
 * entry that matches nothing fails loudly (the shipped s.yaml's placeholder first), a disk that left the selection is
 * reported, and a short function timeout still starts copies.
 */
describe('the selection and its report', () => {
  let harness: Harness;

  beforeEach(async () => {
    harness = await startHarness({ ecs: { copyDurationMs: 1 } });
  });

  closeAfterEach(() => harness);

  const logsNamed = (message: string) => parsedLogs(harness.logs).filter((line) => line.message === message);

  it("rejects the shipped s.yaml's daily timer, naming its placeholder instance, instead of protecting nothing in silence", async () => {
    const daily = readSYaml({}).timers.find((timer) => !timer.payload.includes('RestoreDrill'));
    if (!daily) throw new Error('s.yaml ships no copy timer');
    const event = Buffer.from(
      JSON.stringify({ triggerTime: '2026-11-27T19:00:00Z', triggerName: daily.triggerName, payload: daily.payload }),
    );

    const result = await harness.invoke(event);

    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message).toMatch(
      /^SelectionMatchedNothing \(invalid-request\): InstanceIds i-replacewithyourid matched no snapshot in cn-hangzhou/,
    );
    expect(harness.ecs.calls.filter((call) => call.Action === 'CopySnapshot')).toEqual([]);
  });

  it('answers an HTTP selection whose tag matches nothing with 400 naming it', async () => {
    harness.source();

    const response = asHttp(await harness.handler(httpEvent({ SourceTag: [{ Key: 'env', Value: 'prdo' }] })));

    expect(response.statusCode).toBe(400);
    expect(response.body).toMatchObject({ Code: 'SelectionMatchedNothing', Class: 'invalid-request' });
    expect(response.body.Message).toMatch(/^SourceTag env=prdo matched no snapshot/);
  });

  it('reports a disk detached from a selected instance as no longer selected, with its newest copy, and copies the rest', async () => {
    const InstanceId = 'i-bp1select0instance1';
    const dayAgo = Date.now() - 48 * 3_600_000;
    for (const DiskId of ['d-bp1select0stays0001', 'd-bp1select0leaves001']) {
      const source = harness.ecs.addSnapshot({ RegionId: SOURCE_REGION, DiskId, InstanceId, CreationTime: new Date(dayAgo).toISOString() });
      harness.ecs.addSnapshot({
        RegionId: DESTINATION_REGION,
        DiskId,
        CreationTime: new Date(dayAgo + 60_000).toISOString(),
        Tags: provenanceTags({
          SourceSnapshotId: source.SnapshotId,
          SourceRegionId: SOURCE_REGION,
          SourceDiskId: DiskId,
          SourceCreationTime: dayAgo,
        }),
      });
    }
    harness.ecs.addSnapshot({ RegionId: SOURCE_REGION, DiskId: 'd-bp1select0stays0001', InstanceId });
    harness.ecs.detachDisk('d-bp1select0leaves001');

    await harness.invoke(timerEvent({ InstanceIds: [InstanceId] }));

    expect(logsNamed('disk-no-longer-selected')).toEqual([
      expect.objectContaining({
        level: 'warn',
        DiskId: 'd-bp1select0leaves001',
        DestinationRegionId: DESTINATION_REGION,
        NewestCopySnapshotId: expect.stringMatching(/^s-/),
        DataAgeHours: expect.any(Number),
      }),
    ]);
    expect(logsNamed('copy-started')).toEqual([expect.objectContaining({ SourceDiskId: 'd-bp1select0stays0001' })]);
    expect(logsNamed('run-summary')).toEqual([expect.objectContaining({ NoLongerSelected: 1, ProtectedDisks: 1 })]);
  });

  it('records on each copy the instance an InstanceIds entry found its disk on, and no instance for a disk named by DiskIds', async () => {
    const InstanceId = 'i-bp1recorded00000001';
    const byInstance = harness.ecs.addSnapshot({ RegionId: SOURCE_REGION, DiskId: 'd-bp1oninstance000001', InstanceId });
    const byDisk = harness.ecs.addSnapshot({ RegionId: SOURCE_REGION, DiskId: 'd-bp1byitsid000000001' });

    await harness.invoke(timerEvent({ InstanceIds: [InstanceId], DiskIds: ['d-bp1byitsid000000001'] }));

    const tagOf = (SnapshotId: string) =>
      copiesOf(harness.ecs, SnapshotId)[0]?.Tags.Tag.find((tag) => tag.TagKey === 'snapshot-copy:source-instance-id')?.TagValue;
    expect(tagOf(byInstance.SnapshotId)).toBe(InstanceId);
    expect(copiesOf(harness.ecs, byDisk.SnapshotId)).toHaveLength(1);
    expect(tagOf(byDisk.SnapshotId)).toBeUndefined();
  });

  it('starts a copy with a function timeout of 5 s and the production retry policy', async () => {
    await harness.close();
    harness = await startHarness({ ecs: { copyDurationMs: 1 }, handler: { retryPolicy: DEFAULT_RETRY_POLICY } });
    const SnapshotId = harness.source();

    const result = await harness.invoke(timerEvent({ SnapshotId }), invocationContext({ timeoutSeconds: 5 }));

    expect(result.ok && result.value).toMatchObject({ Outcome: 'copied', SnapshotId: expect.stringMatching(/^s-/) });
  });
});
