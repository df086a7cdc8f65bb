import { DESTINATION_REGION } from '../support/context';
import { timerEvent } from '../support/events';
import { type FakeHarness, startFakeHarness } from '../support/fake-harness';
import { logsNamed } from '../support/output';
import { addOurCopy } from '../support/seed-copies';

/**
 * Issue 9, point 4: DescribeSnapshots' InstanceId filter matches the disks attached now. A disk that has copies of
 * ours in a destination but has left the selection (detached, replaced, released) is reported, one line a disk and
 * destination with its newest copy's data age, and counted; it does not fail the run.
 */

const SOURCE = 'cn-hangzhou';
const INSTANCE = 'i-bp1moved0instance01';
const STAYS = 'd-bp1moved0disk000001';
const LEAVES = 'd-bp1moved0disk000002';
const HOUR = 3_600_000;

/** Both disks of the instance copied by a first run; then LEAVES is moved to another instance. */
async function diskMovedAway(hoursLater: number): Promise<FakeHarness> {
  const harness = startFakeHarness();
  for (const DiskId of [STAYS, LEAVES]) harness.ecs.addSnapshot({ RegionId: SOURCE, DiskId, InstanceId: INSTANCE, SnapshotType: 'auto' });
  const first = await harness.invoke(timerEvent({ InstanceIds: [INSTANCE] }));
  if (first.ok) throw new Error('the first run of a fleet is outside RPO until its copies are done');
  await harness.clock.advance(hoursLater * HOUR);
  harness.ecs.addSnapshot({ RegionId: SOURCE, DiskId: STAYS, InstanceId: INSTANCE, SnapshotType: 'auto' });
  harness.ecs.addSnapshot({ RegionId: SOURCE, DiskId: LEAVES, InstanceId: 'i-bp1other0instance01', SnapshotType: 'auto' });
  harness.logs.length = 0;
  return harness;
}

describe('a disk with copies in a destination that the selection no longer matches', () => {
  it('is logged disk-no-longer-selected (warn once its data is older than RPO) with its newest copy, counted, and does not fail the run', async () => {
    const harness = await diskMovedAway(40);
    const [copyOfLeaving] = harness.ecs.snapshots(DESTINATION_REGION).filter((copy) => copy.SourceDiskId === LEAVES);

    const result = await harness.invoke(timerEvent({ InstanceIds: [INSTANCE] }));

    expect(logsNamed(harness.logs, 'disk-no-longer-selected')).toEqual([
      expect.objectContaining({
        level: 'warn',
        DiskId: LEAVES,
        DestinationRegionId: DESTINATION_REGION,
        NewestCopySnapshotId: copyOfLeaving?.SnapshotId,
        DataAgeHours: 40,
        WithinRpo: false,
        Message: expect.stringContaining('its RPO is no longer watched'),
      }),
    ]);
    expect(logsNamed(harness.logs, 'run-summary')).toEqual([expect.objectContaining({ NoLongerSelected: 1, ProtectedDisks: 1 })]);
    expect(logsNamed(harness.logs, 'rpo-status').map((line) => line.DiskId)).toEqual([STAYS]);
    // The run's verdict is the selected disk's: within RPO here (its new copy is running, the old one is 40 h old).
    expect(!result.ok && result.error.message).toMatch(/outside RPO: d-bp1moved0disk000001/);
    expect(!result.ok && result.error.message).not.toMatch(/d-bp1moved0disk000002/);
  });

  it('is logged at info while its data is within RPO (another schedule may still copy it)', async () => {
    const harness = await diskMovedAway(2);

    await harness.invoke(timerEvent({ InstanceIds: [INSTANCE] }));

    expect(logsNamed(harness.logs, 'disk-no-longer-selected')).toEqual([
      expect.objectContaining({ level: 'info', DiskId: LEAVES, DataAgeHours: 2, WithinRpo: true }),
    ]);
  });

  it('is not looked for by exact picks, and copies from another source region are not ours to report', async () => {
    const harness = startFakeHarness();
    const elsewhere = harness.ecs.addSnapshot({ RegionId: 'ap-southeast-1', DiskId: 'd-t4nelsewhere0000001' });
    addOurCopy(harness.ecs, elsewhere, DESTINATION_REGION);
    const SnapshotId = harness.source();

    await harness.invoke(timerEvent({ SnapshotId }));
    await harness.invoke(timerEvent({ DiskIds: [harness.ecs.snapshots(SOURCE)[0]?.SourceDiskId] }));

    expect(logsNamed(harness.logs, 'disk-no-longer-selected')).toEqual([]);
    // One search of our copies of the source region, by the fleet run only.
    expect(harness.ecs.calls.filter((call) => call.params['Tag.1.Key'] === 'snapshot-copy:source-region-id')).toHaveLength(1);
  });
});
