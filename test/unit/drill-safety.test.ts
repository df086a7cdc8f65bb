/**
 * What makes a restore drill's deletions trustworthy, on the fake ECS and the virtual clock: two runs at once never
 * delete each other's disks (another run's disk is swept only once ECS's CreationTime proves its run over), a
 * deletion counts only once the destination lists the disk gone or Deleting, every DeleteDisk carries its evidence,
 * and a copy whose tags ECS contradicts is never restored as the disk its tags name. The same through pop-core and
 * the local endpoint: test/integration/restore-drill-safety.test.ts.
 */
import fc from 'fast-check';
import { invocationDeadline } from '../../lib/calls/deadline';
import { openDiskSession } from '../../lib/calls/ecs-disk-session';
import { DEFAULT_RETRY_POLICY } from '../../lib/calls/retry';
import type { Tag } from '../../lib/ecs/copy-snapshot-parameters';
import { provenanceTags } from '../../lib/request/provenance';
import type { DrillContext } from '../../lib/restore-drill/drill-disk';
import type { DrillOrder } from '../../lib/restore-drill/drill-request';
import { DRILL_MARKER, DRILL_TAG_KEYS } from '../../lib/restore-drill/drill-tags';
import { cleanUpDrillDisks, FC_MAX_INVOCATION_MS, sweepDecision } from '../../lib/restore-drill/leftover-drill-disks';
import { runRestoreDrill } from '../../lib/restore-drill/run-restore-drill';
import { CANARY_CREDENTIALS } from '../../tools/fc-fixtures';
import { FakeEcs } from '../support/fake-ecs';
import { addOurCopy, addSource } from '../support/seed-copies';
import { VirtualClock } from '../support/virtual-clock';
import { drillOrderFor } from './support/orders';

const SOURCE = 'cn-hangzhou';
const DESTINATION = 'us-east-1';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DRILL_TIMEOUT_MINUTES = 30;
const SWEEP_AFTER_MS = DRILL_TIMEOUT_MINUTES * MINUTE + FC_MAX_INVOCATION_MS;
const DISK = 'd-bp1drillsafe000001';
const OTHER_DISK = 'd-bp1drillsafe000002';

const drillTags = (RunId: string): Tag[] => [DRILL_MARKER, { Key: DRILL_TAG_KEYS.RunId, Value: RunId }];

function setUp(options: { diskCreateDurationMs?: number } = {}) {
  const clock = new VirtualClock();
  const ecs = new FakeEcs({ clock, diskCreateDurationMs: options.diskCreateDurationMs ?? 45_000, diskDeleteDurationMs: 5_000 });
  const run = (order: Partial<DrillOrder> = {}) =>
    runRestoreDrill(
      drillOrderFor(
        ecs.snapshots(SOURCE).map((snapshot) => snapshot.SourceDiskId),
        clock.now(),
        { DrillTimeoutMinutes: DRILL_TIMEOUT_MINUTES, ...order },
      ),
      { apiCallsPerMinute: 1000, sweepOtherRuns: true },
      { ecs, disks: ecs, now: clock.now, sleep: clock.sleep, random: () => 0, retryPolicy: DEFAULT_RETRY_POLICY },
      { ...CANARY_CREDENTIALS },
      invocationDeadline(900, clock.now(), clock.now),
    );
  const source = (DiskId: string, createdMs = clock.now() - 5 * HOUR) => addSource(ecs, { RegionId: SOURCE, DiskId, createdMs });
  const deletedDiskIds = () => ecs.calls.filter((call) => call.Action === 'DeleteDisk').map((call) => call.params.DiskId);
  return { clock, ecs, run, source, deletedDiskIds };
}

describe('two restore drills at once', () => {
  it("never delete each other's disks: the second run's sweep leaves the first's disk, which reports its RestoreSeconds", async () => {
    const { clock, ecs, run, source, deletedDiskIds } = setUp();
    addOurCopy(ecs, source(DISK), DESTINATION);

    const first = run({ RunId: 'drill-20261128T030000Z' });
    // The first run's disk is Creating when the second run starts and sweeps.
    await clock.advance(10_000);
    const firstDisk = ecs.disks(DESTINATION)[0]?.DiskId;
    const second = run({ RunId: 'drill-20261128T030010Z' });
    const [a, b] = await Promise.all([first, second]);

    expect(firstDisk).toBeDefined();
    expect(a.Drills).toEqual([expect.objectContaining({ Outcome: 'restored', DrillDiskId: firstDisk, DrillDiskState: 'gone' })]);
    expect(a.Drills[0]?.Outcome === 'restored' && a.Drills[0].RestoreSeconds).toBeGreaterThanOrEqual(45);
    expect(b.Drills).toEqual([expect.objectContaining({ Outcome: 'restored', DrillDiskId: expect.any(String) })]);
    expect(b.Leftovers).toEqual([
      expect.objectContaining({ DiskId: firstDisk, DrillRunId: 'drill-20261128T030000Z', DrillDiskState: 'young' }),
    ]);
    // Each disk deleted once, by the run that made it.
    expect(deletedDiskIds().filter((id) => id === firstDisk)).toHaveLength(1);
    expect(b.Drills[0]).not.toMatchObject({ DrillDiskId: firstDisk });
    expect(ecs.disks(DESTINATION)).toEqual([]);
  });
});

describe("another run's drill disk", () => {
  it("is swept only once older by ECS CreationTime than DRILL_TIMEOUT_MINUTES plus FC's longest invocation, tags notwithstanding", async () => {
    const { clock, ecs, run, deletedDiskIds } = setUp();
    const at = (ageMs: number) => new Date(clock.now() - ageMs).toISOString();
    // Its tags claim a run from last year: only ECS's CreationTime says how old it is.
    const young = ecs.addDisk({
      RegionId: DESTINATION,
      Tags: drillTags('drill-20251101T030000Z'),
      CreationTime: at(SWEEP_AFTER_MS - MINUTE),
    });
    const old = ecs.addDisk({
      RegionId: DESTINATION,
      Tags: drillTags('drill-20261101T030000Z'),
      CreationTime: at(SWEEP_AFTER_MS + MINUTE),
    });
    const oldCreationTime = at(SWEEP_AFTER_MS + MINUTE);

    const report = await run();

    expect(deletedDiskIds()).toEqual([old.DiskId]);
    expect(report.Leftovers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          DiskId: young.DiskId,
          DrillDiskState: 'young',
          Reason: expect.stringContaining('another run may still be timing it'),
        }),
        expect.objectContaining({
          DiskId: old.DiskId,
          DrillDiskState: 'gone',
          Evidence: {
            DeletableAs: 'leftover-past-sweep-age',
            CreationTime: oldCreationTime,
            AgeMinutes: SWEEP_AFTER_MS / MINUTE + 1,
            SweepAfterMinutes: SWEEP_AFTER_MS / MINUTE,
            DrillMarker: true,
            DrillRunId: 'drill-20261101T030000Z',
            DrillSourceDiskId: undefined,
            StatusBeforeDelete: 'Available',
            Confirmed: 'gone',
          },
        }),
      ]),
    );
    expect(report.Summary).toMatchObject({ LeftoversDeleted: 1, OtherRunsDisks: 1 });
  });

  it.each([
    ['left out', null],
    ['not a time', 'yesterday'],
    ['without its zone', '2020-01-01T00:00:00'],
  ])('is not swept, and is reported, when ECS lists its CreationTime %s', async (_, CreationTime) => {
    const { ecs, run, deletedDiskIds } = setUp();
    const disk = ecs.addDisk({ RegionId: DESTINATION, Tags: drillTags('drill-20201101T030000Z'), ListedAs: { CreationTime } });

    const report = await run();

    expect(deletedDiskIds()).toEqual([]);
    expect(report.Leftovers).toEqual([
      expect.objectContaining({ DiskId: disk.DiskId, DrillDiskState: 'left', Reason: expect.stringContaining('CreationTime') }),
    ]);
    expect(ecs.disks(DESTINATION)).toHaveLength(1);
  });
});

describe('a drill disk deleted', () => {
  it('carries the evidence of its deletion: made by this run, its drill tags, Available before, and listed gone after', async () => {
    const { ecs, run, source } = setUp();
    addOurCopy(ecs, source(DISK), DESTINATION);

    const report = await run({ RunId: 'drill-20261128T030000Z' });

    expect(report.Drills[0]).toMatchObject({
      Outcome: 'restored',
      DrillDiskState: 'gone',
      Evidence: {
        DeletableAs: 'created-by-this-run',
        DrillMarker: true,
        DrillRunId: 'drill-20261128T030000Z',
        DrillSourceDiskId: DISK,
        StatusBeforeDelete: 'Available',
        Confirmed: 'gone',
      },
    });
  });

  it('is a DrillDiskNotDeleted failure, never restored, when DeleteDisk is accepted and the destination still lists it Available', async () => {
    const { ecs, run, source } = setUp();
    addOurCopy(ecs, source(DISK), DESTINATION);
    // As a DeleteDisk sent to another region's endpoint: "the request is ignored" (DeleteDisk page).
    ecs.deleteDisk = async () => ({ RequestId: 'ignored' });

    const report = await run();

    expect(report.Drills).toEqual([
      expect.objectContaining({
        Outcome: 'failed',
        Code: 'DrillDiskNotDeleted',
        Class: 'configuration',
        DrillDiskState: 'left',
        Message: expect.stringContaining('ECS_ENDPOINT'),
        Evidence: expect.objectContaining({ Confirmed: 'not-confirmed', StatusBeforeDelete: 'Available' }),
      }),
    ]);
    expect(report.Drills[0]?.Outcome === 'failed' && report.Drills[0].RestoreSeconds).toBeGreaterThanOrEqual(45);
    expect(ecs.disks(DESTINATION)).toEqual([expect.objectContaining({ Status: 'Available' })]);
    expect(report.Summary).toMatchObject({ Restored: 0, Failed: 1 });
  });
});

describe('a drill disk the destination does not list', () => {
  it('is not reported gone: the drill is skipped with the disk left, and nothing is deleted', async () => {
    const { ecs, run, source, deletedDiskIds } = setUp();
    addOurCopy(ecs, source(DISK), DESTINATION);
    // DescribeDisks that does not see the region's disks (a listing sent where the disk is not).
    const describeDisks = ecs.describeDisks.bind(ecs);
    ecs.describeDisks = async (query, call) => ({ ...(await describeDisks(query, call)), Disks: [] });

    const report = await run();

    expect(report.Drills).toEqual([
      expect.objectContaining({
        Outcome: 'skipped',
        DrillDiskState: 'left',
        Reason: expect.stringContaining('is not listed in us-east-1'),
      }),
    ]);
    expect(deletedDiskIds()).toEqual([]);
    expect(ecs.disks(DESTINATION)).toHaveLength(1);
  });
});

describe('a copy whose tags ECS contradicts', () => {
  it("is not restored as the disk its tags name when ECS lists its source as another disk's snapshot, and is reported", async () => {
    const { clock, ecs, run, source } = setUp();
    const ownCopy = addOurCopy(ecs, source(DISK, clock.now() - 5 * HOUR), DESTINATION);
    const otherSource = source(OTHER_DISK, clock.now() - HOUR);
    // Another disk's newer copy, retagged as DISK's: its tags name the right source, and the wrong disk.
    const forged = addOurCopy(ecs, otherSource, DESTINATION, {
      Tags: provenanceTags({
        SourceSnapshotId: otherSource.SnapshotId,
        SourceRegionId: SOURCE,
        SourceDiskId: DISK,
        SourceCreationTime: clock.now(),
      }),
    });

    const report = await run({ selection: { ...allOf([DISK]) } });

    expect(report.Drills).toEqual([
      expect.objectContaining({ SourceDiskId: DISK, Outcome: 'restored', CopySnapshotId: ownCopy.SnapshotId }),
    ]);
    expect(report.DisbelievedCopies).toEqual([
      expect.objectContaining({ SnapshotId: forged.SnapshotId, TaggedSourceDiskId: DISK, SourceDiskId: OTHER_DISK }),
    ]);
    expect(report.Summary.DisbelievedCopies).toBe(1);
  });

  it("is not restored when its tags name another source than ECS's SourceSnapshotId", async () => {
    const { clock, ecs, run, source } = setUp();
    const ownSource = source(DISK, clock.now() - 5 * HOUR);
    const ownCopy = addOurCopy(ecs, ownSource, DESTINATION);
    const newer = source(DISK, clock.now() - HOUR);
    // A copy of an unrelated snapshot, tagged as a copy of DISK's newer snapshot.
    const forged = addOurCopy(ecs, source('d-bp1unrelated000001', clock.now() - 2 * HOUR), DESTINATION, {
      Tags: provenanceTags({
        SourceSnapshotId: newer.SnapshotId,
        SourceRegionId: SOURCE,
        SourceDiskId: DISK,
        SourceCreationTime: clock.now(),
      }),
    });

    const report = await run({ selection: { ...allOf([DISK]) } });

    expect(report.Drills).toEqual([expect.objectContaining({ Outcome: 'restored', CopySnapshotId: ownCopy.SnapshotId })]);
    expect(report.DisbelievedCopies).toEqual([
      expect.objectContaining({
        SnapshotId: forged.SnapshotId,
        TaggedSourceSnapshotId: newer.SnapshotId,
        Reason: expect.stringContaining("ECS's SourceSnapshotId"),
      }),
    ]);
  });

  it("takes the data's age from ECS: the source snapshot's CreationTime, else the copy's own, never the tag's", async () => {
    const { clock, ecs, run, source } = setUp();
    const listed = source(DISK, clock.now() - 5 * HOUR);
    // Its tag claims data taken just now.
    addOurCopy(ecs, listed, DESTINATION, {
      Tags: provenanceTags({
        SourceSnapshotId: listed.SnapshotId,
        SourceRegionId: SOURCE,
        SourceDiskId: DISK,
        SourceCreationTime: clock.now(),
      }),
    });

    const report = await run();

    expect(report.Drills[0]).toMatchObject({ Outcome: 'restored', DataAgeHours: 5 });
  });

  it("takes the copy's own CreationTime as its data's time when ECS no longer lists its source", async () => {
    const { clock, ecs, run, source } = setUp();
    addOurCopy(ecs, source(DISK, clock.now() - 10 * HOUR), DESTINATION);
    const gone = 's-bp1sourcegone00001';
    const copy = ecs.addSnapshot({
      RegionId: DESTINATION,
      DiskId: DISK,
      SnapshotType: 'user',
      CreationTime: new Date(clock.now() - 3 * HOUR).toISOString(),
      SourceDiskSize: 40,
      SourceSnapshotId: gone,
      SourceRegionId: SOURCE,
      Tags: provenanceTags({ SourceSnapshotId: gone, SourceRegionId: SOURCE, SourceDiskId: DISK, SourceCreationTime: clock.now() }),
    });

    const report = await run();

    expect(report.Drills[0]).toMatchObject({ Outcome: 'restored', CopySnapshotId: copy.SnapshotId, DataAgeHours: 3 });
    // The run looked the source up by its ID before believing the tags' disk.
    expect(ecs.calls.some((call) => call.Action === 'DescribeSnapshots' && call.params.SnapshotIds?.includes(gone))).toBe(true);
  });
});

/** A selection of exactly these disks. */
function allOf(DiskIds: string[]): DrillOrder['selection'] {
  return { SnapshotIds: [], DiskIds, InstanceIds: [], SourceTag: [], SnapshotType: 'all', MaxAgeHours: undefined, Select: 'all' };
}

describe('the leftover sweep (property)', () => {
  const RUN = 'drill-20261128T030000Z';
  const diskArbitrary = fc.record({
    tagged: fc.boolean(),
    runId: fc.constantFrom(RUN, 'drill-20261127T030000Z', 'drill-20250101T000000Z', 'drill-20261128T030000Z-http-0123456789ab'),
    inUse: fc.boolean(),
    ageMs: fc.oneof(
      fc.integer({ min: 0, max: 3 * 24 * HOUR }),
      fc.constantFrom(SWEEP_AFTER_MS - 10 * MINUTE, SWEEP_AFTER_MS + 10 * MINUTE, 0, 25 * HOUR),
    ),
    creationTime: fc.constantFrom('listed', 'missing', 'unreadable'),
    otherTags: fc.boolean(),
  });

  it("never deletes a disk that is not a drill disk, is in use, is this run's, has no readable CreationTime, or is younger than the timeout plus margin; and deletes every other", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(diskArbitrary, { maxLength: 8 }), async (seeds) => {
        const clock = new VirtualClock();
        const ecs = new FakeEcs({ clock, diskDeleteDurationMs: 1000 });
        const disks = seeds.map((seed) => ({
          seed,
          DiskId: ecs.addDisk({
            RegionId: DESTINATION,
            Tags: [
              ...(seed.tagged ? drillTags(seed.runId) : [{ Key: DRILL_TAG_KEYS.RunId, Value: seed.runId }]),
              ...(seed.otherTags ? [{ Key: 'app', Value: 'db' }] : []),
            ],
            ...(seed.inUse ? { Status: 'In_use' as const, InstanceId: 'i-bp1someone0000001' } : {}),
            CreationTime: new Date(clock.now() - seed.ageMs).toISOString(),
            ...(seed.creationTime === 'missing' ? { ListedAs: { CreationTime: null } } : {}),
            ...(seed.creationTime === 'unreadable' ? { ListedAs: { CreationTime: 'last week' } } : {}),
          }).DiskId,
        }));
        const deadline = invocationDeadline(900, clock.now(), clock.now);
        const dependencies = { ecs, disks: ecs, now: clock.now, sleep: clock.sleep, random: () => 0, retryPolicy: DEFAULT_RETRY_POLICY };
        const context: DrillContext = {
          session: openDiskSession(1000, dependencies, { ...CANARY_CREDENTIALS }, deadline),
          now: clock.now,
          sleep: clock.sleep,
          deadline,
        };

        await cleanUpDrillDisks(
          context,
          DESTINATION,
          { RunId: RUN, own: false, RunStartedAt: clock.now(), drillTimeoutMinutes: DRILL_TIMEOUT_MINUTES },
          () => clock.now() + 60_000,
          false,
        );

        const deleted = new Set(ecs.calls.filter((call) => call.Action === 'DeleteDisk').map((call) => call.params.DiskId));
        for (const { seed, DiskId } of disks) {
          const sweepable =
            seed.tagged && !seed.inUse && seed.runId !== RUN && seed.creationTime === 'listed' && seed.ageMs > SWEEP_AFTER_MS;
          // Each deletion waits a few seconds of virtual time for ECS to list the disk gone, so the disks judged after it
          // are older by then: an age within 5 minutes of the limit may be judged on either side of it.
          if (Math.abs(seed.ageMs - SWEEP_AFTER_MS) <= 5 * MINUTE) continue;
          expect([DiskId, deleted.has(DiskId)]).toEqual([DiskId, sweepable]);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('decides by ECS CreationTime alone: no tag makes a young disk old', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ Key: fc.string(), Value: fc.string() }), { maxLength: 6 }),
        fc.integer({ min: 0, max: SWEEP_AFTER_MS }),
        (tags, ageMs) => {
          const nowMs = Date.parse('2026-11-28T03:00:00Z');
          const decision = sweepDecision(
            { Tags: [...drillTags('drill-20200101T000000Z'), ...tags], Status: 'Available', CreationTime: nowMs - ageMs },
            { RunId: RUN, own: false, RunStartedAt: nowMs },
            nowMs,
            DRILL_TIMEOUT_MINUTES,
          );
          expect(decision.kind).not.toBe('dispose');
        },
      ),
    );
  });
});
