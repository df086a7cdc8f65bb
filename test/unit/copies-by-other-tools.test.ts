import { DESTINATION_REGION, SOURCE_REGION } from '../support/context';
import { timerEvent } from '../support/events';
import { startFakeHarness } from '../support/fake-harness';
import { copiesOf, logsNamed } from '../support/output';
import { reportsAnUnreadableSourceAndCopiesTheRest } from '../support/unreadable-snapshot-scenarios';

const HOUR = 3_600_000;

/**
 * Issue 9, points 2 and 3, through the handler on the fake ECS: a copy another tool made (the console, an automatic
 * snapshot policy) is an earlier copy like one of ours, and a snapshot ECS lists with a value the function cannot
 * read is reported on its own without failing the region, and never copied over.
 */
describe('copies made by other tools', () => {
  function withSource(DiskId = 'd-bp1otherstools00001') {
    const harness = startFakeHarness();
    const source = harness.ecs.addSnapshot({
      RegionId: SOURCE_REGION,
      DiskId,
      SnapshotType: 'auto',
      CreationTime: new Date(harness.clock.now() - 3 * HOUR).toISOString(),
    });
    return { ...harness, source };
  }

  function addConsoleCopy(harness: ReturnType<typeof withSource>, overrides: Record<string, unknown> = {}) {
    return harness.ecs.addSnapshot({
      RegionId: DESTINATION_REGION,
      DiskId: harness.source.SourceDiskId,
      SnapshotType: 'user',
      CreationTime: new Date(harness.clock.now() - 2 * HOUR).toISOString(),
      SourceSnapshotId: harness.source.SnapshotId,
      SourceRegionId: SOURCE_REGION,
      ...overrides,
    });
  }

  it('makes no second copy of a snapshot another tool copied, and says who made it and which copy it is', async () => {
    const harness = withSource();
    const made = addConsoleCopy(harness);

    const result = await harness.invoke(timerEvent({ SnapshotId: harness.source.SnapshotId }));

    expect(result).toMatchObject({ ok: true, value: { Outcome: 'already-present', SnapshotId: made.SnapshotId, MadeBy: 'another tool' } });
    expect(harness.ecs.calls.filter((call) => call.Action === 'CopySnapshot')).toEqual([]);
    expect(logsNamed(harness.logs, 'copy-already-present')).toEqual([
      expect.objectContaining({ SourceSnapshotId: harness.source.SnapshotId, SnapshotId: made.SnapshotId, MadeBy: 'another tool' }),
    ]);
  });

  it("counts another tool's copy of a selected snapshot for its disk's RPO", async () => {
    const harness = withSource();
    const made = addConsoleCopy(harness);

    const result = await harness.invoke(timerEvent({ DiskIds: [harness.source.SourceDiskId] }));

    expect(result.ok).toBe(true);
    expect(copiesOf(harness.ecs, harness.source.SnapshotId, DESTINATION_REGION)).toHaveLength(1);
    expect(logsNamed(harness.logs, 'rpo-status')).toEqual([
      expect.objectContaining({
        DiskId: harness.source.SourceDiskId,
        NewestCopySnapshotId: made.SnapshotId,
        DataAgeHours: 3,
        WithinRpo: true,
      }),
    ]);
  });

  it('takes a copy another tool is still running as on its way, and starts no second one', async () => {
    const harness = withSource();
    const running = addConsoleCopy(harness, { Status: 'progressing' });

    await harness.invoke(timerEvent({ DiskIds: [harness.source.SourceDiskId] }));

    expect(harness.ecs.calls.filter((call) => call.Action === 'CopySnapshot')).toEqual([]);
    expect(logsNamed(harness.logs, 'copy-already-present')).toEqual([expect.objectContaining({ SnapshotId: running.SnapshotId })]);
    expect(logsNamed(harness.logs, 'rpo-status')).toEqual([expect.objectContaining({ Progressing: [running.SnapshotId] })]);
  });
});

describe('snapshots the function cannot read', () => {
  it('reports an unreadable source snapshot on its own line, and copies the rest of the region', () =>
    reportsAnUnreadableSourceAndCopiesTheRest(startFakeHarness()));

  it('does not copy again a source whose copy is listed unreadable, and names that copy and why, once', async () => {
    const harness = startFakeHarness();
    const source = harness.ecs.addSnapshot({ RegionId: SOURCE_REGION, DiskId: 'd-bp1unreadablecopy01' });
    const copy = harness.ecs.addSnapshot({
      RegionId: DESTINATION_REGION,
      DiskId: source.SourceDiskId,
      SourceSnapshotId: source.SnapshotId,
      SourceRegionId: SOURCE_REGION,
      ListedAs: { Status: 'archiving' },
    });

    const result = await harness.invoke(timerEvent({ SnapshotId: source.SnapshotId }));

    expect(harness.ecs.calls.filter((call) => call.Action === 'CopySnapshot')).toEqual([]);
    expect(result).toMatchObject({ ok: false });
    expect(!result.ok && result.error.message).toContain('EarlierCopyUnreadable');
    expect(logsNamed(harness.logs, 'copy-not-ready')).toEqual([
      expect.objectContaining({
        Code: 'EarlierCopyUnreadable',
        SnapshotId: copy.SnapshotId,
        Message: expect.stringContaining('archiving'),
      }),
    ]);
    expect(logsNamed(harness.logs, 'snapshot-unreadable')).toEqual([
      expect.objectContaining({ RegionId: DESTINATION_REGION, SnapshotId: copy.SnapshotId, SourceSnapshotId: source.SnapshotId }),
    ]);
  });
});
