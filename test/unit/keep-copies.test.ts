import type { Snapshot } from '../../ecs-local/snapshot';
import { invocationDeadline } from '../../lib/calls/deadline';
import { DEFAULT_RETRY_POLICY } from '../../lib/calls/retry';
import { keepCopies, type PruneResult } from '../../lib/run/keep-copies/keep-copies';
import { CANARY_CREDENTIALS } from '../../tools/fc-fixtures';
import { FakeEcs } from '../support/fake-ecs';
import { addForeignCopy, addOurCopy, addSource } from '../support/seed-copies';
import { VirtualClock } from '../support/virtual-clock';

const SOURCE = 'cn-hangzhou';
const DESTINATION = 'us-east-1';
const DISK = 'd-bp1keep000000001';
const DAY = 24 * 3_600_000;

function setUp() {
  const clock = new VirtualClock();
  const ecs = new FakeEcs({ clock });
  const lines: PruneResult[] = [];
  /** `count` daily snapshots of the disk, oldest first, each with this function's accomplished copy. */
  const dailyCopies = (count: number, DiskId = DISK) =>
    Array.from({ length: count }, (_, index) =>
      addOurCopy(ecs, addSource(ecs, { RegionId: SOURCE, DiskId, createdMs: clock.now() - (count - index) * DAY }), DESTINATION),
    );
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
      { ...CANARY_CREDENTIALS },
      invocationDeadline(900, clock.now(), clock.now),
      { onPrune: (result) => lines.push(result) },
    );
  const remaining = () => ecs.snapshots(DESTINATION).map((copy) => copy.SnapshotId);
  /** DeleteSnapshot calls ECS answered, each with the region whose endpoint it was sent to. */
  const deletions = () =>
    ecs.calls
      .filter((call) => call.Action === 'DeleteSnapshot')
      .map((call) => ({ RegionId: call.RegionId, SnapshotId: call.params.SnapshotId }));
  const deleted = () => deletions().map((call) => call.SnapshotId);
  return { clock, ecs, run, lines, dailyCopies, remaining, deletions, deleted };
}

const ids = (copies: readonly (Snapshot | undefined)[]) => copies.map((copy) => copy?.SnapshotId);

describe('KeepCopies', () => {
  it("keeps the N newest accomplished copies of each protected disk and deletes the older ones in the destination's region", async () => {
    const { run, dailyCopies, remaining, deletions, lines } = setUp();
    const copies = dailyCopies(5);

    const report = await run(2);

    expect(remaining().sort()).toEqual(ids(copies.slice(3)).sort());
    expect(deletions()).toEqual(ids(copies.slice(0, 3)).map((SnapshotId) => ({ RegionId: DESTINATION, SnapshotId })));
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
    const foreign = addForeignCopy(ecs, addSource(ecs, { RegionId: SOURCE, DiskId: DISK, createdMs: clock.now() - 30 * DAY }), DESTINATION);
    const otherRegion = addOurCopy(
      ecs,
      addSource(ecs, { RegionId: 'cn-shanghai', DiskId: DISK, createdMs: clock.now() - 28 * DAY }),
      DESTINATION,
    );
    const ours = dailyCopies(2);

    await run(1);

    expect(remaining().sort()).toEqual(ids([foreign, otherRegion, ours[1]]).sort());
  });

  it('deletes nothing of a disk while a copy of it newer than those beyond the count is still progressing', async () => {
    const { run, dailyCopies, remaining, ecs, lines, clock, deleted } = setUp();
    const copies = dailyCopies(3);
    addOurCopy(ecs, addSource(ecs, { RegionId: SOURCE, DiskId: DISK, createdMs: clock.now() - 60_000 }), DESTINATION, {
      Status: 'progressing',
    });

    const report = await run(1);

    expect(deleted()).toEqual([]);
    expect(remaining()).toHaveLength(4);
    expect(lines.map((line) => line.Outcome)).toEqual(['kept', 'kept']);
    expect(lines[0]?.Reason).toMatch(/newer copy of d-bp1keep000000001, s-\w+, is still progressing/);
    expect(report.Summary.PruneKept).toBe(2);
    expect(ids(copies).every((id) => remaining().includes(id ?? ''))).toBe(true);
  });

  it('never deletes, nor counts, copies still progressing or failed', async () => {
    const { run, dailyCopies, remaining, ecs, clock } = setUp();
    const failed = addOurCopy(ecs, addSource(ecs, { RegionId: SOURCE, DiskId: DISK, createdMs: clock.now() - 40 * DAY }), DESTINATION, {
      Status: 'failed',
    });
    const copies = dailyCopies(2);

    await run(1);

    expect(remaining().sort()).toEqual(ids([failed, copies[1]]).sort());
  });

  it('keeps a copy disks were created from (DescribeDisks SnapshotId), and one ECS says is in use (SnapshotCreatedDisk)', async () => {
    const { run, dailyCopies, remaining, ecs, lines } = setUp();
    const copies = dailyCopies(4);
    const restored = ecs.addDisk({ RegionId: DESTINATION, SourceSnapshotId: copies[0]?.SnapshotId ?? '' });
    ecs.injectFault({ Action: 'DeleteSnapshot', fault: { kind: 'error', Code: 'SnapshotCreatedDisk', status: 403 } });

    await run(1);

    expect(lines.map((line) => [line.SnapshotId, line.Outcome])).toEqual([
      [copies[0]?.SnapshotId, 'kept'],
      [copies[1]?.SnapshotId, 'kept'],
      [copies[2]?.SnapshotId, 'pruned'],
    ]);
    expect(lines[0]?.Reason).toBe(`disks were created from it: ${restored.DiskId}`);
    expect(lines[1]).toMatchObject({ Code: 'SnapshotCreatedDisk', Class: 'not-ready' });
    expect(remaining().sort()).toEqual(ids([copies[0], copies[1], copies[3]]).sort());
  });

  it('is refused by ECS itself for a copy a disk was made from that DescribeDisks did not show: it never forces', async () => {
    const { run, dailyCopies, remaining, ecs, lines } = setUp();
    const copies = dailyCopies(2);
    // A disk made from the older copy after the run listed the disks of it: the endpoint's DeleteSnapshot refuses it.
    const listed = ecs.describeDisks.bind(ecs);
    ecs.describeDisks = async (query, call) => {
      const page = await listed(query, call);
      if (query.SnapshotId !== undefined) ecs.addDisk({ RegionId: DESTINATION, SourceSnapshotId: query.SnapshotId });
      return page;
    };

    await run(1);

    expect(lines).toEqual([expect.objectContaining({ SnapshotId: copies[0]?.SnapshotId, Outcome: 'kept', Code: 'SnapshotCreatedDisk' })]);
    expect(ecs.calls.find((call) => call.Action === 'DeleteSnapshot')?.params.Force).toBeUndefined();
    expect(remaining()).toHaveLength(2);
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
    ecs.injectFault({ Action: 'DeleteSnapshot', fault: { kind: 'error', Code: 'InvalidSnapshotId.NotFound', status: 404 } });
    ecs.injectFault({ Action: 'DeleteSnapshot', fault: { kind: 'error', Code: 'Forbidden.RAM', status: 403 } });

    const report = await run(1);

    expect(lines.map((line) => [line.Outcome, line.Code])).toEqual([
      ['pruned', undefined],
      ['failed', 'Forbidden.RAM'],
    ]);
    expect(lines[1]).toMatchObject({ Class: 'forbidden' });
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
