import type { Snapshot } from '../../ecs-local/snapshot';
import type { EcsVariantsUpdate } from '../../ecs-local/variants';
import { invocationDeadline } from '../../lib/calls/deadline';
import { DEFAULT_RETRY_POLICY } from '../../lib/calls/retry';
import type { SharedEndpointNote } from '../../lib/config/shared-endpoint';
import type { CheckedRun } from '../../lib/copy/copy-run';
import { keepCopies, type PruneResult, type PruneStop } from '../../lib/keep-copies/keep-copies';
import { PROVENANCE_KEYS } from '../../lib/request/provenance';
import { CANARY_CREDENTIALS } from '../../tools/fc-fixtures';
import { FakeEcs } from '../support/fake-ecs';
import { addForeignCopy, addOurCopy, addSource } from '../support/seed-copies';
import { VirtualClock } from '../support/virtual-clock';

const SOURCE = 'cn-hangzhou';
const DESTINATION = 'us-east-1';
const DISK = 'd-bp1keep000000001';
const DAY = 24 * 3_600_000;
/** A run whose every check passed and whose plan names no copy. */
const PASSED: CheckedRun = {
  sources: { verdicts: [], protectedDisks: [DISK], missingPicks: [], matchedNothing: [], instanceOf: new Map() },
  plan: { results: [] },
};

function setUp(variants: EcsVariantsUpdate = {}) {
  const clock = new VirtualClock();
  const ecs = new FakeEcs({ clock, variants });
  const lines: PruneResult[] = [];
  const stops: PruneStop[] = [];
  const notes: SharedEndpointNote[] = [];
  /** `count` daily snapshots of the disk, oldest first, each with this function's accomplished copy. */
  const dailyCopies = (count: number, DiskId = DISK) =>
    Array.from({ length: count }, (_, index) =>
      addOurCopy(ecs, addSource(ecs, { RegionId: SOURCE, DiskId, createdMs: clock.now() - (count - index) * DAY }), DESTINATION),
    );
  const run = (
    KeepCopies: number,
    options: { DryRun?: boolean; DiskIds?: string[]; checked?: CheckedRun; AllowEmpty?: boolean; ecsEndpointTemplate?: string } = {},
  ) =>
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
        AllowEmpty: options.AllowEmpty ?? false,
        KeepCopies,
      },
      options.checked ?? PASSED,
      { apiCallsPerMinute: 1000, ecsEndpointTemplate: options.ecsEndpointTemplate ?? 'https://ecs.{RegionId}.aliyuncs.com' },
      { ecs, disks: ecs, now: clock.now, sleep: clock.sleep, random: () => 0, retryPolicy: DEFAULT_RETRY_POLICY },
      { ...CANARY_CREDENTIALS },
      invocationDeadline(900, clock.now(), clock.now),
      {
        onPrune: (result) => lines.push(result),
        onStopped: (stop) => stops.push(stop),
        onSharedEndpoint: (note) => notes.push(note),
      },
    );
  const remaining = () => ecs.snapshots(DESTINATION).map((copy) => copy.SnapshotId);
  /** DeleteSnapshot calls ECS answered, each with the region whose endpoint it was sent to. */
  const deletions = () =>
    ecs.calls
      .filter((call) => call.Action === 'DeleteSnapshot')
      .map((call) => ({ RegionId: call.EndpointRegionId, SnapshotId: call.params.SnapshotId }));
  const deleted = () => deletions().map((call) => call.SnapshotId);
  return { clock, ecs, run, lines, stops, notes, dailyCopies, remaining, deletions, deleted };
}

/** A copy's tags with one provenance tag's value replaced (or the tag left out when `Value` is undefined). */
function withTag(copy: Snapshot, Key: string, Value: string | undefined) {
  const tags = copy.Tags.Tag.map((tag) => ({ Key: tag.TagKey, Value: tag.TagValue })).filter((tag) => tag.Key !== Key);
  return Value === undefined ? tags : [...tags, { Key, Value }];
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

  it('deletes nothing of a disk while a copy of it is still progressing', async () => {
    const { run, dailyCopies, remaining, ecs, lines, clock, deleted } = setUp();
    const copies = dailyCopies(3);
    addOurCopy(ecs, addSource(ecs, { RegionId: SOURCE, DiskId: DISK, createdMs: clock.now() - 60_000 }), DESTINATION, {
      Status: 'progressing',
    });

    const report = await run(1);

    expect(deleted()).toEqual([]);
    expect(remaining()).toHaveLength(4);
    expect(lines.map((line) => line.Outcome)).toEqual(['kept', 'kept']);
    expect(lines[0]).toMatchObject({ Reason: expect.stringMatching(/a copy of d-bp1keep000000001, s-\w+, is still progressing/) });
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
    expect(lines[0]).toMatchObject({ Reason: `disks were created from it: ${restored.DiskId}` });
    expect(lines[0]).not.toHaveProperty('Code');
    // ECS's refusal is the kept copy's Failure: Code, class and ECS's message, which is its Reason too.
    expect(lines[1]).toMatchObject({
      Code: 'SnapshotCreatedDisk',
      Class: 'not-ready',
      Message: expect.any(String),
      RequestId: expect.any(String),
    });
    expect(lines[1]).toMatchObject({ Reason: (lines[1] as { Message?: string }).Message });
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

  it('counts a copy as pruned once ECS no longer lists it, even when the retried DeleteSnapshot answers NotFound', async () => {
    const { run, dailyCopies, ecs, lines, remaining } = setUp();
    const copies = dailyCopies(2);
    // The deletion is done but its answer lost: the retry finds nothing to delete (NotFound).
    ecs.injectFault({ Action: 'DeleteSnapshot', fault: { kind: 'lose-answer' } });

    const report = await run(1);

    expect(ecs.calls.filter((call) => call.Action === 'DeleteSnapshot').map((call) => call.Code)).toEqual([
      undefined,
      'InvalidSnapshotId.NotFound',
    ]);
    expect(lines).toEqual([expect.objectContaining({ SnapshotId: copies[0]?.SnapshotId, Outcome: 'pruned', ConfirmedGone: true })]);
    expect(remaining()).toEqual(ids(copies.slice(1)));
    expect(report.Summary).toMatchObject({ Pruned: 1, PruneFailed: 0 });
  });

  it.each([
    ['reports a failed DeleteSnapshot with its code and class, and counts it', 'Forbidden.RAM', 403, 'Forbidden.RAM', 'forbidden'],
    [
      'reports a deletion only once the destination no longer lists the copy: a NotFound for a copy still listed is DeletionNotConfirmed',
      'InvalidSnapshotId.NotFound',
      404,
      'DeletionNotConfirmed',
      'configuration',
    ],
  ])('%s', async (_, answered, status, Code, Class) => {
    const { run, dailyCopies, ecs, lines, remaining } = setUp();
    dailyCopies(2);
    ecs.injectFault({ Action: 'DeleteSnapshot', fault: { kind: 'error', Code: answered, status } });

    const report = await run(1);

    expect(lines).toEqual([expect.objectContaining({ Outcome: 'failed', Code, Class })]);
    expect(remaining()).toHaveLength(2);
    expect(report.Summary).toMatchObject({ Pruned: 0, PruneFailed: 1 });
  });

  it("never reports as pruned a DeleteSnapshot that one region's endpoint ignored: ECS_ENDPOINT without {RegionId} is said first", async () => {
    // ECS_ENDPOINT names the source region's endpoint for every region: DeleteSnapshot acts there, and ignores a
    // snapshot it does not find.
    const { run, dailyCopies, lines, remaining, notes, deletions } = setUp({
      servesOnlyRegion: SOURCE,
      deleteMissingSnapshot: 'ignore',
    });
    dailyCopies(3);

    const report = await run(1, { ecsEndpointTemplate: 'https://ecs.cn-hangzhou.aliyuncs.com' });

    expect(deletions().map((call) => call.RegionId)).toEqual([SOURCE, SOURCE]);
    expect(lines.map((line) => [line.Outcome, 'Code' in line ? line.Code : undefined])).toEqual([
      ['failed', 'DeletionNotConfirmed'],
      ['failed', 'DeletionNotConfirmed'],
    ]);
    expect(remaining()).toHaveLength(3);
    expect(report.Summary.Pruned).toBe(0);
    expect(notes).toEqual([expect.objectContaining({ EcsEndpoint: 'https://ecs.cn-hangzhou.aliyuncs.com', Deletes: 'KeepCopies' })]);
  });

  it('says nothing of the endpoint when ECS_ENDPOINT names each region ({RegionId})', async () => {
    const { run, dailyCopies, notes } = setUp();
    dailyCopies(2);

    await run(1);

    expect(notes).toEqual([]);
  });

  it('carries on each copy-pruned line what made the copy deletable: its rank by ECS time, the newest copy kept, no disk made from it, confirmed gone', async () => {
    const { run, dailyCopies, lines } = setUp();
    const copies = dailyCopies(3);

    await run(2);

    expect(lines).toEqual([
      expect.objectContaining({
        Outcome: 'pruned',
        SnapshotId: copies[0]?.SnapshotId,
        Rank: 3,
        DataTimeFrom: 'SourceSnapshot.CreationTime',
        NewestKeptSnapshotId: copies[2]?.SnapshotId,
        DisksCreatedFromIt: 0,
        ConfirmedGone: true,
      }),
    ]);
  });

  it('counts each disk on its own', async () => {
    const { run, dailyCopies, remaining } = setUp();
    const first = dailyCopies(3, 'd-bp1keep000000001');
    const second = dailyCopies(2, 'd-bp1keep000000002');

    await run(2, { DiskIds: ['d-bp1keep000000001', 'd-bp1keep000000002'] });

    expect(remaining().sort()).toEqual(ids([...first.slice(1), ...second]).sort());
  });

  describe('orders copies by ECS, never by tags', () => {
    it('keeps the newest copy when its source-creation-time tag is missing or unreadable', async () => {
      const { run, dailyCopies, remaining, ecs, clock } = setUp();
      dailyCopies(2);
      const source = addSource(ecs, { RegionId: SOURCE, DiskId: DISK, createdMs: clock.now() - 3_600_000 });
      const plain = addOurCopy(ecs, source, DESTINATION);
      const newest = ecs.addSnapshot({
        RegionId: DESTINATION,
        DiskId: DISK,
        CreationTime: new Date(clock.now() - 1_800_000).toISOString(),
        SourceSnapshotId: source.SnapshotId,
        SourceRegionId: SOURCE,
        Tags: withTag(plain, PROVENANCE_KEYS.SourceCreationTime, undefined),
      });

      await run(1);

      expect(remaining()).toContain(newest.SnapshotId);
    });

    it('never keeps an old copy whose tag was edited to 2099 in place of the newer ones, nor deletes it: it is reported', async () => {
      const { run, dailyCopies, remaining, ecs, lines } = setUp();
      const copies = dailyCopies(3);
      const [oldest, middle, newest] = copies;
      if (!oldest || !middle || !newest) throw new Error('three copies');
      const edited = ecs.addSnapshot({
        RegionId: DESTINATION,
        DiskId: DISK,
        CreationTime: new Date(Date.parse(oldest.CreationTime) + 1000).toISOString(),
        SourceSnapshotId: oldest.SourceSnapshotId,
        SourceRegionId: SOURCE,
        Tags: withTag(oldest, PROVENANCE_KEYS.SourceCreationTime, '2099-01-01T00:00:00.000Z'),
      });

      await run(2);

      expect(remaining()).toEqual(expect.arrayContaining([middle.SnapshotId, newest.SnapshotId, edited.SnapshotId]));
      expect(lines).toContainEqual(
        expect.objectContaining({
          SnapshotId: edited.SnapshotId,
          Outcome: 'kept',
          Reason: expect.stringMatching(/^its tags disagree with ECS/),
        }),
      );
    });

    it('ranks a copy whose source ECS no longer lists by its own CreationTime: newer, never older', async () => {
      const { run, remaining, ecs, clock } = setUp();
      const older = addOurCopy(ecs, addSource(ecs, { RegionId: SOURCE, DiskId: DISK, createdMs: clock.now() - 3 * DAY }), DESTINATION);
      // A copy whose source was released: its data time can only be at or before its own CreationTime.
      const orphan = ecs.addSnapshot({
        RegionId: DESTINATION,
        DiskId: DISK,
        CreationTime: new Date(clock.now() - DAY).toISOString(),
        SourceSnapshotId: 's-bp1releasedsource01',
        SourceRegionId: SOURCE,
        Tags: withTag(older, PROVENANCE_KEYS.SourceSnapshotId, 's-bp1releasedsource01').filter(
          (tag) => tag.Key !== PROVENANCE_KEYS.SourceCreationTime,
        ),
      });

      await run(1);

      expect(remaining().sort()).toEqual([orphan.SnapshotId].sort());
    });

    it('never deletes a copy whose tags name another source disk or source snapshot than ECS does, and reports it', async () => {
      const { run, dailyCopies, ecs, lines, remaining } = setUp();
      const [first, second] = dailyCopies(3);
      if (!first || !second) throw new Error('copies');
      const otherDisk = ecs.addSnapshot({
        RegionId: DESTINATION,
        DiskId: DISK,
        CreationTime: first.CreationTime,
        SourceSnapshotId: first.SourceSnapshotId,
        SourceRegionId: SOURCE,
        Tags: withTag(first, PROVENANCE_KEYS.SourceDiskId, 'd-bp1someotherdisk01'),
      });
      const otherSource = ecs.addSnapshot({
        RegionId: DESTINATION,
        DiskId: DISK,
        CreationTime: second.CreationTime,
        SourceSnapshotId: second.SourceSnapshotId,
        SourceRegionId: SOURCE,
        Tags: withTag(second, PROVENANCE_KEYS.SourceSnapshotId, first.SourceSnapshotId),
      });

      await run(1);

      expect(remaining()).toEqual(expect.arrayContaining([otherDisk.SnapshotId, otherSource.SnapshotId]));
      const kept = lines.filter((line) => line.Outcome === 'kept').map((line) => line.SnapshotId);
      expect(kept).toEqual(expect.arrayContaining([otherDisk.SnapshotId, otherSource.SnapshotId]));
    });

    it('never deletes a snapshot with its provenance tags that ECS lists without a SourceSnapshotId: it is not a copy', async () => {
      const { run, dailyCopies, ecs, remaining, lines } = setUp();
      const copies = dailyCopies(2);
      const [first] = copies;
      if (!first) throw new Error('copies');
      const impostor = ecs.addSnapshot({
        RegionId: DESTINATION,
        DiskId: DISK,
        CreationTime: new Date(Date.parse(first.CreationTime) - DAY).toISOString(),
        Tags: withTag(first, PROVENANCE_KEYS.SourceDiskId, DISK),
      });

      await run(1);

      expect(remaining()).toContain(impostor.SnapshotId);
      expect(lines).toContainEqual(expect.objectContaining({ SnapshotId: impostor.SnapshotId, Outcome: 'kept' }));
    });
    it("never deletes a copy whose tags name this source region when ECS's SourceRegionId names another", async () => {
      const { run, dailyCopies, ecs, remaining, lines } = setUp();
      const [first] = dailyCopies(2);
      if (!first) throw new Error('copies');
      const elsewhere = ecs.addSnapshot({
        RegionId: DESTINATION,
        DiskId: DISK,
        CreationTime: new Date(Date.parse(first.CreationTime) - DAY).toISOString(),
        SourceSnapshotId: first.SourceSnapshotId,
        SourceRegionId: 'cn-shanghai',
        Tags: withTag(first, PROVENANCE_KEYS.SourceDiskId, DISK),
      });

      await run(1);

      expect(remaining()).toContain(elsewhere.SnapshotId);
      expect(lines).toContainEqual(
        expect.objectContaining({ SnapshotId: elsewhere.SnapshotId, Outcome: 'kept', Reason: expect.stringContaining('cn-shanghai') }),
      );
    });
  });

  describe('sees a copy still progressing whatever its tags', () => {
    it('deletes nothing while a new copy of the disk progresses that the lagging tag index does not find yet', async () => {
      const { run, dailyCopies, ecs, clock, deleted } = setUp({ tagIndexDelayMs: 3_600_000 });
      dailyCopies(3);
      const fresh = addOurCopy(ecs, addSource(ecs, { RegionId: SOURCE, DiskId: DISK, createdMs: clock.now() - 60_000 }), DESTINATION, {
        Status: 'progressing',
      });
      // The tag index lags: a search by tag does not find the new copy.
      const byTag = await ecs.describeSnapshots(
        { RegionId: DESTINATION, Tag: [{ Key: PROVENANCE_KEYS.SourceDiskId, Value: DISK }], MaxResults: 100 },
        { credentials: { ...CANARY_CREDENTIALS }, timeoutMs: 10_000 },
      );
      expect(byTag.Snapshots.map((snapshot) => snapshot.SnapshotId)).not.toContain(fresh.SnapshotId);

      await run(1);

      expect(deleted()).toEqual([]);
    });

    it('deletes nothing in a destination where ECS lists a snapshot that cannot be read: it may be a copy still progressing', async () => {
      const { run, dailyCopies, ecs, deleted, lines } = setUp();
      dailyCopies(3);
      ecs.addSnapshot({ RegionId: DESTINATION, DiskId: DISK, ListedAs: { Status: 'copying' } });

      await run(1);

      expect(deleted()).toEqual([]);
      expect(lines.map((line) => line.Outcome)).toEqual(['kept', 'kept']);
      expect(lines[0]).toMatchObject({ Reason: expect.stringMatching(/^ECS listed a snapshot here that cannot be read/) });
    });

    it("deletes nothing while another tool's copy of the disk progresses", async () => {
      const { run, dailyCopies, ecs, clock, deleted } = setUp();
      dailyCopies(3);
      const source = addSource(ecs, { RegionId: SOURCE, DiskId: DISK, createdMs: clock.now() - 60_000 });
      ecs.addSnapshot({ ...foreignSeed(source), Status: 'progressing' });

      await run(1);

      expect(deleted()).toEqual([]);
    });
  });

  describe('deletes nothing before every check of the run has passed', () => {
    it('stops when a selection entry matched nothing (unless AllowEmpty)', async () => {
      const { run, dailyCopies, deleted, stops } = setUp();
      dailyCopies(3);
      const checked: CheckedRun = {
        ...PASSED,
        sources: { ...PASSED.sources, matchedNothing: [{ Field: 'DiskIds', Entry: 'd-bp1typo00000000001' }] },
      };

      await run(1, { checked });

      expect(deleted()).toEqual([]);
      expect(stops).toEqual([expect.objectContaining({ Code: 'SelectionMatchedNothing', Class: 'invalid-request' })]);
    });

    it('stops when a source of the request failed its checks (an exact pick not found)', async () => {
      const { run, dailyCopies, deleted, stops, ecs } = setUp();
      dailyCopies(3);
      const checked: CheckedRun = {
        ...PASSED,
        plan: {
          results: [
            {
              Outcome: 'failed',
              SourceSnapshotId: 's-bp1missing00000001',
              SourceDiskId: undefined,
              RegionId: SOURCE,
              DestinationRegionId: DESTINATION,
              Code: 'InvalidSnapshotId.NotFound',
              Class: 'not-found',
              Message: 'DescribeSnapshots does not find s-bp1missing00000001',
            },
          ],
        },
      };

      await run(1, { checked });

      expect(deleted()).toEqual([]);
      expect(ecs.calls).toEqual([]);
      expect(stops).toEqual([expect.objectContaining({ Code: 'InvalidSnapshotId.NotFound' })]);
    });

    it("keeps a copy the run's answer names as already present", async () => {
      const { run, dailyCopies, deleted, lines } = setUp();
      const copies = dailyCopies(3);
      const [oldest] = copies;
      if (!oldest) throw new Error('copies');
      const checked: CheckedRun = {
        ...PASSED,
        plan: {
          results: [
            {
              Outcome: 'already-present',
              SourceSnapshotId: oldest.SourceSnapshotId ?? '',
              SourceDiskId: DISK,
              RegionId: SOURCE,
              DestinationRegionId: DESTINATION,
              SnapshotId: oldest.SnapshotId,
            },
          ],
        },
      };

      await run(1, { checked });

      expect(deleted()).toEqual([copies[1]?.SnapshotId]);
      expect(lines[0]).toMatchObject({ SnapshotId: oldest.SnapshotId, Outcome: 'kept' });
    });
  });
});

/** The seed of a copy another tool made of `source` (no provenance tags), made now. */
function foreignSeed(source: Snapshot) {
  return {
    RegionId: DESTINATION,
    DiskId: source.SourceDiskId,
    SourceSnapshotId: source.SnapshotId,
    SourceRegionId: SOURCE,
  };
}
