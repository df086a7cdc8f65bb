import { invocationDeadline } from '../../lib/calls/deadline';
import { DEFAULT_RETRY_POLICY } from '../../lib/calls/retry';
import type { SnapshotInfo } from '../../lib/ecs/ecs';
import { keepCopies, type PruneResult } from '../../lib/run/keep-copies/keep-copies';
import { FakeEcs, virtualClock } from '../support/fake-disk-ecs';

const SOURCE = 'cn-hangzhou';
const DESTINATION = 'us-east-1';
const DISK = 'd-bp1keep000000001';
const DAY = 24 * 3_600_000;

function setUp() {
  const clock = virtualClock();
  const ecs = new FakeEcs(clock);
  const lines: PruneResult[] = [];
  /** `count` daily snapshots of the disk, oldest first, each with this function's accomplished copy. */
  const dailyCopies = (count: number, DiskId = DISK) =>
    Array.from({ length: count }, (_, index) => {
      const source = ecs.addSnapshot({ RegionId: SOURCE, SourceDiskId: DiskId, CreationTime: clock.now() - (count - index) * DAY });
      return ecs.addCopy(source, DESTINATION);
    });
  const run = (KeepCopies: number, options: { DryRun?: boolean; DiskIds?: string[] } = {}) =>
    keepCopies(
      {
        RegionId: SOURCE,
        DestinationRegionIds: [DESTINATION],
        selection: {
          SnapshotIds: [],
          DiskIds: options.DiskIds ?? [DISK],
          InstanceIds: [],
          SourceTag: [],
          SnapshotType: 'all',
          MaxAgeHours: undefined,
          Select: 'newest',
        },
        DryRun: options.DryRun ?? false,
        KeepCopies,
      },
      { apiCallsPerMinute: 1000 },
      { ecs, disks: ecs, now: clock.now, sleep: clock.sleep, random: () => 0, retryPolicy: DEFAULT_RETRY_POLICY },
      { accessKeyId: 'LTAI-unit', accessKeySecret: 'unit-secret' },
      invocationDeadline(900, clock.now(), clock.now),
      { onPrune: (result) => lines.push(result) },
    );
  const remaining = () => (ecs.snapshots.get(DESTINATION) ?? []).map((copy) => copy.SnapshotId);
  const deleted = () => (ecs.callsOf('DeleteSnapshot') as { RegionId: string; SnapshotId: string }[]).map((call) => call.SnapshotId);
  return { clock, ecs, run, lines, dailyCopies, remaining, deleted };
}

const ids = (copies: SnapshotInfo[]) => copies.map((copy) => copy.SnapshotId);

describe('KeepCopies', () => {
  it("keeps the N newest accomplished copies of each protected disk and deletes the older ones in the destination's region", async () => {
    const { run, dailyCopies, remaining, ecs, lines } = setUp();
    const copies = dailyCopies(5);

    const report = await run(2);

    expect(remaining()).toEqual(ids(copies.slice(3)));
    expect(ecs.callsOf('DeleteSnapshot')).toEqual(ids(copies.slice(0, 3)).map((SnapshotId) => ({ RegionId: DESTINATION, SnapshotId })));
    expect(lines.map((line) => [line.SnapshotId, line.Outcome])).toEqual(ids(copies.slice(0, 3)).map((id) => [id, 'pruned']));
    expect(report.Summary).toEqual({ Pruned: 3, PrunePlanned: 0, PruneKept: 0, PruneFailed: 0 });
  });

  it('never deletes the newest accomplished copy, even with KeepCopies 1', async () => {
    const { run, dailyCopies, remaining } = setUp();
    const copies = dailyCopies(3);

    await run(1);

    expect(remaining()).toEqual([copies[2]?.SnapshotId]);
  });

  it('never deletes, nor counts, a snapshot without its provenance tags or copied from another region', async () => {
    const { run, dailyCopies, remaining, ecs, clock } = setUp();
    const source = ecs.addSnapshot({ RegionId: SOURCE, SourceDiskId: DISK, CreationTime: clock.now() - 30 * DAY });
    const foreign = ecs.addSnapshot({
      RegionId: DESTINATION,
      SourceDiskId: DISK,
      SourceSnapshotId: source.SnapshotId,
      CreationTime: clock.now() - 29 * DAY,
    });
    const otherRegion = ecs.addCopy(
      ecs.addSnapshot({ RegionId: 'cn-shanghai', SourceDiskId: DISK, CreationTime: clock.now() - 28 * DAY }),
      DESTINATION,
    );
    const ours = dailyCopies(2);

    await run(1);

    expect(remaining().sort()).toEqual([foreign.SnapshotId, otherRegion.SnapshotId, ours[1]?.SnapshotId].sort());
  });

  it('deletes nothing of a disk while a copy of it newer than those beyond the count is still progressing', async () => {
    const { run, dailyCopies, remaining, ecs, lines, clock, deleted } = setUp();
    const copies = dailyCopies(3);
    ecs.addCopy(ecs.addSnapshot({ RegionId: SOURCE, SourceDiskId: DISK, CreationTime: clock.now() - 60_000 }), DESTINATION, {
      Status: 'progressing',
    });

    const report = await run(1);

    expect(deleted()).toEqual([]);
    expect(remaining()).toHaveLength(4);
    expect(lines.map((line) => line.Outcome)).toEqual(['kept', 'kept']);
    expect(lines[0]?.Reason).toMatch(/newer copy of d-bp1keep000000001, s-\w+, is still progressing/);
    expect(report.Summary.PruneKept).toBe(2);
    expect(ids(copies).every((id) => remaining().includes(id))).toBe(true);
  });

  it('never deletes, nor counts, copies still progressing or failed', async () => {
    const { run, dailyCopies, remaining, ecs, clock } = setUp();
    const failed = ecs.addCopy(
      ecs.addSnapshot({ RegionId: SOURCE, SourceDiskId: DISK, CreationTime: clock.now() - 40 * DAY }),
      DESTINATION,
      { Status: 'failed' },
    );
    const copies = dailyCopies(2);

    await run(1);

    expect(remaining().sort()).toEqual([failed.SnapshotId, copies[1]?.SnapshotId].sort());
  });

  it('keeps a copy disks were created from (DescribeDisks SnapshotId), and one ECS says is in use (SnapshotCreatedDisk)', async () => {
    const { run, dailyCopies, remaining, ecs, lines } = setUp();
    const copies = dailyCopies(4);
    ecs.addDisk({ RegionId: DESTINATION, SourceSnapshotId: copies[0]?.SnapshotId ?? '', Tags: [] });
    ecs.fail('DeleteSnapshot', 'SnapshotCreatedDisk', 'not-ready');

    await run(1);

    expect(lines.map((line) => [line.SnapshotId, line.Outcome])).toEqual([
      [copies[0]?.SnapshotId, 'kept'],
      [copies[1]?.SnapshotId, 'kept'],
      [copies[2]?.SnapshotId, 'pruned'],
    ]);
    expect(lines[0]?.Reason).toMatch(/^disks were created from it: d-/);
    expect(ecs.callsOf('DescribeDisks')).toContainEqual(
      expect.objectContaining({ RegionId: DESTINATION, SnapshotId: copies[0]?.SnapshotId }),
    );
    expect(remaining()).toEqual(ids([copies[0], copies[1], copies[3]] as SnapshotInfo[]));
  });

  it('in a dry run lists what it would delete and deletes nothing', async () => {
    const { run, dailyCopies, remaining, lines, deleted } = setUp();
    dailyCopies(3);

    const report = await run(1, { DryRun: true });

    expect(deleted()).toEqual([]);
    expect(remaining()).toHaveLength(3);
    expect(lines.map((line) => line.Outcome)).toEqual(['planned', 'planned']);
    expect(report.Summary).toEqual({ Pruned: 0, PrunePlanned: 2, PruneKept: 0, PruneFailed: 0 });
  });

  it('counts a copy already gone (InvalidSnapshotId.NotFound) as pruned, and reports any other failure with its code', async () => {
    const { run, dailyCopies, ecs, lines } = setUp();
    dailyCopies(3);
    ecs.fail('DeleteSnapshot', 'InvalidSnapshotId.NotFound', 'not-found');
    ecs.fail('DeleteSnapshot', 'Forbidden.RAM', 'forbidden');

    const report = await run(1);

    expect(lines.map((line) => [line.Outcome, line.Code])).toEqual([
      ['pruned', undefined],
      ['failed', 'Forbidden.RAM'],
    ]);
    expect(report.Summary).toMatchObject({ Pruned: 1, PruneFailed: 1 });
  });

  it('counts each disk on its own', async () => {
    const { run, dailyCopies, remaining } = setUp();
    const first = dailyCopies(3, 'd-bp1keep000000001');
    const second = dailyCopies(2, 'd-bp1keep000000002');

    await run(2, { DiskIds: ['d-bp1keep000000001', 'd-bp1keep000000002'] });

    expect(remaining().sort()).toEqual(ids([...first.slice(1), ...second]).sort());
  });
});
