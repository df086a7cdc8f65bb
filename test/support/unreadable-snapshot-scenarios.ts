/**
 * A snapshot the function cannot read (issue 9, point 8), written once for both transports:
 * test/unit/copies-by-other-tools.test.ts runs it on the fake ECS, test/integration/earlier-copies.test.ts through
 * the real pop-core client and the local endpoint.
 */
import { DESTINATION_REGION, SOURCE_REGION } from './context';
import { timerEvent } from './events';
import { copiesOf, logsNamed } from './output';
import type { ScenarioHarness } from './scenario-harness';

/** An instance's two disks, one with a snapshot ECS lists with a Status the function does not know: that one is
 * reported on its own line, never copied, and the other is copied. */
export async function reportsAnUnreadableSourceAndCopiesTheRest(harness: ScenarioHarness): Promise<void> {
  const odd = harness.ecs.addSnapshot({
    RegionId: SOURCE_REGION,
    DiskId: 'd-bp1unreadable000001',
    InstanceId: 'i-bp1unreadablehost01',
    ListedAs: { Status: 'archiving' },
  });
  const good = harness.ecs.addSnapshot({ RegionId: SOURCE_REGION, DiskId: 'd-bp1readable00000001', InstanceId: 'i-bp1unreadablehost01' });

  const result = await harness.invoke(timerEvent({ InstanceIds: ['i-bp1unreadablehost01'] }));

  // The run ends outside RPO (the copy it started is still running), not because of the snapshot it cannot read.
  expect(!result.ok && result.error.message).toContain('outside RPO');
  expect(harness.ecs.calls.filter((call) => call.Action === 'CopySnapshot').map((call) => call.params.SnapshotId)).toEqual([
    good.SnapshotId,
  ]);
  expect(copiesOf(harness.ecs, good.SnapshotId, DESTINATION_REGION)).toHaveLength(1);
  expect(copiesOf(harness.ecs, odd.SnapshotId, DESTINATION_REGION)).toHaveLength(0);
  expect(logsNamed(harness.logs, 'snapshot-unreadable')).toEqual([
    expect.objectContaining({ RegionId: SOURCE_REGION, SnapshotId: odd.SnapshotId, Reason: expect.stringContaining('archiving') }),
  ]);
}
