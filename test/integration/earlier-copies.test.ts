import { deriveClientToken } from '../../lib/copy/client-token';
import { provenanceTags } from '../../lib/request/provenance';
import { CANARY_CREDENTIALS } from '../../tools/fc-fixtures';
import { DESTINATION_REGION, SOURCE_REGION } from '../support/context';
import { timerEvent } from '../support/events';
import { closeAfterEach, type Harness, startHarness } from '../support/harness';
import { parsedLogs } from '../support/output';
import { callEcs, popCoreClient } from '../support/pop-core-client';
import { reportsAnUnreadableSourceAndCopiesTheRest } from '../support/unreadable-snapshot-scenarios';

const HOUR = 3_600_000;

/**
 * Issue 9, points 2, 3 and 8, end to end: the real handler, the real pop-core client, the local ECS endpoint. A copy
 * is found whoever made it, the tag index's cap does not hide copies, and an unreadable snapshot is reported alone.
 */
describe('earlier copies, whoever made them', () => {
  let harness: Harness;

  closeAfterEach(() => harness);

  const copySnapshotCalls = () => harness.ecs.calls.filter((call) => call.Action === 'CopySnapshot');

  it('makes no second copy of a snapshot another tool copied, and says who made it', async () => {
    harness = await startHarness();
    const source = harness.ecs.addSnapshot({ RegionId: SOURCE_REGION, DiskId: 'd-bp1consolecopied001', SnapshotType: 'auto' });
    // As the console or an automatic snapshot policy leaves it: ECS's SourceSnapshotId, no provenance tags.
    const made = harness.ecs.addSnapshot({
      RegionId: DESTINATION_REGION,
      DiskId: source.SourceDiskId,
      SnapshotType: 'user',
      SourceSnapshotId: source.SnapshotId,
      SourceRegionId: SOURCE_REGION,
    });

    const result = await harness.invoke(timerEvent({ SnapshotId: source.SnapshotId }));

    expect(result).toMatchObject({ ok: true, value: { Outcome: 'already-present', SnapshotId: made.SnapshotId, MadeBy: 'another tool' } });
    expect(copySnapshotCalls()).toEqual([]);
    expect(parsedLogs(harness.logs).find((line) => line.message === 'copy-already-present')).toMatchObject({ MadeBy: 'another tool' });
  });

  it('finds every copy of a disk when ECS refuses the tag search past its cap, and reports RPO from the newest', async () => {
    harness = await startHarness({ ecs: { variants: { tagFilterCap: { matches: 2, beyond: 'error' } } } });
    const DiskId = 'd-bp1manycopies000001';
    const now = Date.now();
    let newest = '';
    for (const hoursAgo of [72, 48, 24, 3]) {
      const source = harness.ecs.addSnapshot({
        RegionId: SOURCE_REGION,
        DiskId,
        SnapshotType: 'auto',
        CreationTime: new Date(now - hoursAgo * HOUR).toISOString(),
      });
      newest = harness.ecs.addSnapshot({
        RegionId: DESTINATION_REGION,
        DiskId,
        SnapshotType: 'user',
        CreationTime: new Date(now - hoursAgo * HOUR + 60_000).toISOString(),
        SourceSnapshotId: source.SnapshotId,
        SourceRegionId: SOURCE_REGION,
        Tags: provenanceTags({
          SourceSnapshotId: source.SnapshotId,
          SourceRegionId: SOURCE_REGION,
          SourceDiskId: DiskId,
          SourceCreationTime: now - hoursAgo * HOUR,
        }),
      }).SnapshotId;
    }

    const result = await harness.invoke(timerEvent({ DiskIds: [DiskId] }));

    expect(result.ok).toBe(true);
    expect(copySnapshotCalls()).toEqual([]);
    expect(harness.ecs.calls.some((call) => call.Code === 'InvalidParameter.TagResourceCount')).toBe(true);
    expect(parsedLogs(harness.logs).find((line) => line.message === 'rpo-status')).toMatchObject({
      NewestCopySnapshotId: newest,
      WithinRpo: true,
    });
  });

  it('reports a snapshot listed with a Status it does not know on its own line, and copies the rest', async () => {
    harness = await startHarness({ ecs: { copyDurationMs: 1 } });

    await reportsAnUnreadableSourceAndCopiesTheRest(harness);
  });

  it('never says already-present without the copy: fails with ClientTokenTaken when its derived token was used for another copy', async () => {
    harness = await startHarness();
    const operatorSnapshot = harness.source();
    const otherSnapshot = harness.source();
    // Someone with ecs:CopySnapshot, outside the function, copies another snapshot under the token the function derives.
    const token = deriveClientToken(['', '0'], {
      RegionId: SOURCE_REGION,
      SnapshotId: operatorSnapshot,
      DestinationRegionId: DESTINATION_REGION,
    });
    await callEcs(popCoreClient(harness.ecs, { ...CANARY_CREDENTIALS }), 'CopySnapshot', {
      RegionId: SOURCE_REGION,
      SnapshotId: otherSnapshot,
      DestinationRegionId: DESTINATION_REGION,
      DestinationSnapshotName: 'squatted',
      DestinationSnapshotDescription: 'squatted',
      ClientToken: token,
    });

    const result = await harness.invoke(timerEvent({ SnapshotId: operatorSnapshot }));

    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message).toMatch(/^ClientTokenTaken \(invalid-request\)/);
    expect(parsedLogs(harness.logs).find((line) => line.message === 'copy-failed')).toMatchObject({
      Code: 'ClientTokenTaken',
      Advice: expect.stringContaining('ClientToken of your own'),
    });
  });
});
