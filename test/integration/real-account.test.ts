import { DESTINATION_REGION, SOURCE_REGION } from '../support/context';
import { timerEvent } from '../support/events';
import { closeAfterEach, type Harness, startHarness } from '../support/harness';
import { copiesOf, parsedLogs } from '../support/output';

// The whole function against a local ECS endpoint switched to documented behaviours of real accounts
// (docs/ecs-fidelity.md): what the lower layers make of them reaches the run as an SRE would want.

const INSTANCE = 'i-bp1real0instance0001';

let harness: Harness;

closeAfterEach(() => harness);

function seedAutomatic(DiskId: string, extra: Record<string, unknown> = {}): string {
  return harness.ecs.addSnapshot({ RegionId: SOURCE_REGION, DiskId, InstanceId: INSTANCE, SnapshotType: 'auto', ...extra }).SnapshotId;
}

function logLines(message: string): Array<Record<string, unknown>> {
  return parsedLogs(harness.logs).filter((line) => line.message === message);
}

describe('a real account', () => {
  it('copies automatic snapshots that ECS types timer when the selection asks for SnapshotType auto', async () => {
    harness = await startHarness({ ecs: { variants: { automaticSnapshotType: 'timer' } } });
    const first = seedAutomatic('d-bp1real0disk0000001');
    const second = seedAutomatic('d-bp1real0disk0000002');

    await harness.invoke(timerEvent({ InstanceIds: [INSTANCE], SnapshotType: 'auto' }));

    expect(copiesOf(harness.ecs, first)).toHaveLength(1);
    expect(copiesOf(harness.ecs, second)).toHaveLength(1);
  });

  it('waits, as not-ready, for a copy of the disk that an automatic snapshot policy is still running', async () => {
    harness = await startHarness({ ecs: { variants: { unfinishedCopyCode: 'UnfinishedCrossRegionCopy' } } });
    const older = seedAutomatic('d-bp1real0disk0000003', { CreationTime: new Date(Date.now() - 3_600_000).toISOString() });
    const newest = seedAutomatic('d-bp1real0disk0000003');
    // The policy's copy of the older snapshot: no tags of ours, still running.
    harness.ecs.addSnapshot({
      RegionId: DESTINATION_REGION,
      DiskId: 'd-bp1real0disk0000003',
      SourceSnapshotId: older,
      SourceRegionId: SOURCE_REGION,
      Status: 'progressing',
    });

    await harness.invoke(timerEvent({ InstanceIds: [INSTANCE] }));

    expect(copiesOf(harness.ecs, newest)).toHaveLength(0);
    expect(logLines('copy-not-ready')).toEqual([
      expect.objectContaining({ SourceSnapshotId: newest, Code: 'InvalidOperation.UnfinishedCrossRegionCopy', Class: 'not-ready' }),
    ]);
    expect(logLines('copy-failed')).toEqual([]);
  });

  it('says a refused region pair cannot be copied, and why', async () => {
    harness = await startHarness({ ecs: { variants: { refusedRegionPairs: 'cross-border' } } });
    const snapshot = seedAutomatic('d-bp1real0disk0000004');

    const result = await harness.invoke(timerEvent({ InstanceIds: [INSTANCE] }));

    expect(result.ok).toBe(false);
    expect(copiesOf(harness.ecs, snapshot)).toHaveLength(0);
    expect(logLines('copy-failed')).toEqual([
      expect.objectContaining({
        Code: 'OperationDenied.NonCompliantDestinationRegion',
        Class: 'invalid-request',
        Advice: expect.stringMatching(/This pair cannot be copied/),
      }),
    ]);
  });

  it('copies the snapshots it can read when one snapshot of the region has a Status it does not know', async () => {
    harness = await startHarness();
    const readable = seedAutomatic('d-bp1real0disk0000005');
    const odd = seedAutomatic('d-bp1real0disk0000006', { ListedAs: { Status: 'archiving' } });

    await harness.invoke(timerEvent({ InstanceIds: [INSTANCE] }));

    expect(copiesOf(harness.ecs, readable)).toHaveLength(1);
    expect(copiesOf(harness.ecs, odd)).toHaveLength(0);
  });
});
