import { planCopies } from '../../lib/copy/copy-plan';
import { DestinationCopies } from '../../lib/copy/destination-copies';
import { findEarlierCopies } from '../../lib/copy/find-earlier-copies';
import { rpoStatus } from '../../lib/copy/rpo-report';
import type { SourceSelection } from '../../lib/copy/source-selection';
import type { Ecs, SnapshotInfo } from '../../lib/ecs/ecs';
import { creationFilterValue } from '../../lib/ecs/pop-core-ecs';
import { fakePort, seedOf } from './support/fake-port';
import { copyOf, DESTINATION, diskId, HOUR, NOW, orderFor, SOURCE, snapshot } from './support/orders';
import { resilient } from './support/session';

const toCopy = (...sources: SnapshotInfo[]): SourceSelection => ({
  verdicts: sources.map((source) => ({ kind: 'copy', snapshot: source })),
  protectedDisks: [...new Set(sources.map((source) => source.SourceDiskId))].sort(),
  missingPicks: [],
  matchedNothing: [],
  instanceOf: new Map(),
});

/** The SnapshotIds of the copies of `source` a run that copies its disk finds in DESTINATION. */
async function copiesFoundOf(source: SnapshotInfo, port: Ecs): Promise<string[] | undefined> {
  const destinations = await findEarlierCopies(orderFor({ DiskIds: [source.SourceDiskId] }), toCopy(source), resilient(port));
  return destinations
    .get(DESTINATION)
    ?.ofSource(source.SnapshotId)
    .map((copy) => copy.SnapshotId);
}

describe('finding the copies made earlier', () => {
  it('knows a copy by its provenance tags, and nothing else in the destination', async () => {
    const source = snapshot('a1', 'a');
    const { ecs: port } = fakePort();
    port.addSnapshot(seedOf(copyOf(source, 'c1')));
    port.addSnapshot(seedOf(snapshot('mine', 'a', { RegionId: DESTINATION })));
    port.addSnapshot(
      seedOf({
        ...copyOf(source, 'c2'),
        Tags: copyOf(source, 'c2').Tags.map((tag) => (tag.Value === SOURCE ? { ...tag, Value: 'cn-beijing' } : tag)),
      }),
    );

    const found = await copiesFoundOf(source, port);

    expect(found).toEqual([copyOf(source, 'c1').SnapshotId]);
  });

  it('searches a destination by disk tag for up to 20 disks, plus once since the oldest source, and lists it whole for more', async () => {
    const few = Array.from({ length: 20 }, (_, n) => snapshot(`few${n}`, `few${n}`));
    const many = Array.from({ length: 21 }, (_, n) => snapshot(`many${n}`, `many${n}`));
    const { ecs: port } = fakePort();
    const request = { DestinationRegionId: [DESTINATION, 'eu-central-1'] };

    await findEarlierCopies(orderFor({ ...request, DiskIds: few.map((s) => s.SourceDiskId) }), toCopy(...few), resilient(port));
    const searches = port.calls.map((call) => [call.params.RegionId, call.params['Tag.1.Value'] ?? call.params['Filter.1.Value']]);
    port.calls.length = 0;
    await findEarlierCopies(orderFor({ ...request, DiskIds: many.map((s) => s.SourceDiskId) }), toCopy(...many), resilient(port));

    expect(searches).toHaveLength(42);
    expect(searches).toContainEqual(['eu-central-1', few[19]?.SourceDiskId]);
    expect(searches).toContainEqual(['eu-central-1', creationFilterValue(NOW - HOUR)]);
    expect(port.calls.map((call) => [call.params.RegionId, call.params['Tag.1.Key']])).toEqual([
      [DESTINATION, undefined],
      ['eu-central-1', undefined],
    ]);
  });

  it("finds a copy another tool made of a source to copy (no provenance tags), by ECS's SourceSnapshotId", async () => {
    const source = snapshot('a1', 'a', { CreationTime: NOW - 3 * HOUR });
    const { ecs: port } = fakePort();
    const byConsole = port.addSnapshot(
      seedOf({
        ...copyOf(source, 'console'),
        Tags: [],
        SourceSnapshotId: source.SnapshotId,
        SourceRegionId: SOURCE,
      }),
    );
    const order = orderFor({ DiskIds: [source.SourceDiskId] });

    const destinations = await findEarlierCopies(order, toCopy(source), resilient(port));
    const copies = destinations.get(DESTINATION);
    const plan = planCopies(order, toCopy(source), destinations, 10);

    expect(copies?.ofSource(source.SnapshotId)).toEqual([
      expect.objectContaining({ SnapshotId: byConsole.SnapshotId, MadeBy: 'another tool', SourceDiskId: source.SourceDiskId }),
    ]);
    expect(plan.jobs).toEqual([]);
    expect(plan.results).toEqual([
      expect.objectContaining({ Outcome: 'already-present', SnapshotId: byConsole.SnapshotId, MadeBy: 'another tool' }),
    ]);
    // Its data is the source's: it counts for the disk's RPO, 3 hours old.
    expect(copies && rpoStatus(diskId('a'), copies, 24, NOW)).toMatchObject({
      NewestCopySnapshotId: byConsole.SnapshotId,
      DataAgeHours: 3,
    });
  });

  it('leaves out a copy another tool made of a source the run did not select: its disk and data time are not known', () => {
    const selected = snapshot('a2', 'a');
    const other = snapshot('a1', 'a', { CreationTime: NOW - 30 * HOUR });
    const destination = new DestinationCopies(
      DESTINATION,
      SOURCE,
      new Set([selected.SnapshotId]),
      new Map([[selected.SnapshotId, selected]]),
    );

    destination.addListed({ ...copyOf(other, 'console'), Tags: [], SourceSnapshotId: other.SnapshotId, SourceRegionId: SOURCE });

    expect(rpoStatus(diskId('a'), destination, 24, NOW)).toMatchObject({ NewestCopySnapshotId: null });
  });

  it("believes ECS's SourceSnapshotId over provenance tags that name another source", () => {
    const a = snapshot('a1', 'a');
    const b = snapshot('b1', 'b');
    const destination = new DestinationCopies(
      DESTINATION,
      SOURCE,
      new Set([a.SnapshotId, b.SnapshotId]),
      new Map([a, b].map((s) => [s.SnapshotId, s])),
    );

    // A copy of b, tagged (by hand, or by whoever replayed a ClientToken) as a copy of a.
    destination.addListed({ ...copyOf(a, 'liar'), SourceSnapshotId: b.SnapshotId, SourceRegionId: SOURCE });

    expect(destination.ofSource(a.SnapshotId)).toEqual([]);
    expect(destination.ofSource(b.SnapshotId)).toEqual([expect.objectContaining({ MadeBy: 'another tool' })]);
  });

  it('does not take a tag search cut at 1000 matches as complete: it lists that destination whole', async () => {
    const old = snapshot('a0', 'a', { CreationTime: NOW - 40 * HOUR });
    // ECS answers at most 1000 matches to a tag filter (the engine's default `tagFilterCap`).
    const { ecs: port } = fakePort({ variants: { tagFilterCap: { matches: 1000, beyond: 'truncate' } } });
    const accomplished = port.addSnapshot(seedOf(copyOf(old, 'good')));
    // A thousand newer copies of the disk that failed: the tag search answers those, and stops there.
    for (let n = 0; n < 1000; n++) {
      const source = snapshot(`f${n}`, 'a', { CreationTime: NOW - 30 * HOUR + n });
      port.addSnapshot(seedOf(copyOf(source, `failed${n}`, { Status: 'failed' })));
    }
    const order = orderFor({ DiskIds: [diskId('a')] });
    const selection = { verdicts: [], protectedDisks: [diskId('a')], missingPicks: [], matchedNothing: [], instanceOf: new Map() };

    const destinations = await findEarlierCopies(order, selection, resilient(port));
    const copies = destinations.get(DESTINATION);

    expect(port.calls.map((call) => call.params['Tag.1.Key'] === undefined && call.params['Filter.1.Key'] === undefined)).toContain(true);
    expect(copies && rpoStatus(diskId('a'), copies, 48, NOW)).toMatchObject({
      NewestCopySnapshotId: accomplished.SnapshotId,
      WithinRpo: true,
    });
  });

  it('lists the destination whole when ECS refuses a tag search past its cap, instead of failing the run', async () => {
    const source = snapshot('a1', 'a');
    const { ecs: port } = fakePort();
    const copy = port.addSnapshot(seedOf(copyOf(source, 'c1')));
    port.injectFault({
      Action: 'DescribeSnapshots',
      fault: { kind: 'error', status: 400, Code: 'InvalidParameter.TagResourceCount', Message: 'too many' },
    });

    const found = await copiesFoundOf(source, port);

    expect(found).toEqual([copy.SnapshotId]);
    expect(port.calls.at(-1)?.params).toEqual({
      Action: 'DescribeSnapshots',
      Version: '2014-05-26',
      RegionId: DESTINATION,
      MaxResults: '100',
    });
  });

  it('ends a destination listing whose NextToken repeats as a classified bad answer', async () => {
    const source = snapshot('a1', 'a');
    const looping = {
      describeSnapshots: async () => ({ RequestId: 'R-loop', NextToken: 'same', Snapshots: [] }),
      copySnapshot: async () => ({ SnapshotId: 's-never', RequestId: 'R' }),
    };

    await expect(findEarlierCopies(orderFor({ DiskIds: [source.SourceDiskId] }), toCopy(source), resilient(looping))).rejects.toMatchObject(
      {
        Code: 'EcsBadResponse',
        errorClass: 'transient',
      },
    );
  });

  it('does not copy again a source whose copy is listed but cannot be read, and says why', () => {
    const source = snapshot('a1', 'a');
    const order = orderFor({ DiskIds: [source.SourceDiskId] });
    const destination = new DestinationCopies(DESTINATION, SOURCE, new Set([source.SnapshotId]), new Map([[source.SnapshotId, source]]));
    destination.addPage({
      RequestId: 'R-1',
      NextToken: undefined,
      Snapshots: [],
      Unrecognized: [
        {
          SnapshotId: 's-unreadable0000001',
          reason: 'Status is "archiving", which this function does not know how to read',
          SourceSnapshotId: source.SnapshotId,
          SourceRegionId: SOURCE,
        },
      ],
    });

    const plan = planCopies(order, toCopy(source), new Map([[DESTINATION, destination]]), 10);

    expect(plan.jobs).toEqual([]);
    expect(plan.results).toEqual([
      expect.objectContaining({
        Outcome: 'not-ready',
        Code: 'EarlierCopyUnreadable',
        SnapshotId: 's-unreadable0000001',
        Message: expect.stringContaining('archiving'),
      }),
    ]);
  });

  it('searches nothing when there is nothing to look for', async () => {
    const { ecs: port } = fakePort();

    const destinations = await findEarlierCopies(orderFor({ SnapshotIds: [snapshot('gone', 'a').SnapshotId] }), toCopy(), resilient(port));

    expect(port.calls).toEqual([]);
    expect(destinations.size).toBe(0);
  });
});

describe("a destination's copies, as the plan and the RPO report ask for them", () => {
  const old = snapshot('a0', 'a', { CreationTime: NOW - 50 * HOUR });
  const recent = snapshot('a1', 'a', { CreationTime: NOW - 26 * HOUR });
  const newest = snapshot('a2', 'a', { CreationTime: NOW - 2 * HOUR });

  function copies(listed: SnapshotInfo[], planned: SnapshotInfo[] = []): DestinationCopies {
    const destination = new DestinationCopies(DESTINATION, SOURCE, new Set(planned.map((source) => source.SnapshotId)));
    for (const copy of listed) destination.addListed(copy);
    return destination;
  }

  it('reports the accomplished copy holding the newest data, whatever order they are listed in', () => {
    const listed = [copyOf(recent, 'c1'), copyOf(newest, 'c2', { Status: 'progressing' }), copyOf(old, 'c0')];

    const status = rpoStatus(diskId('a'), copies(listed), 36, NOW);

    expect(status).toMatchObject({
      NewestCopySnapshotId: copyOf(recent, 'c1').SnapshotId,
      DataAgeHours: 26,
      WithinRpo: true,
      Progressing: [copyOf(newest, 'c2').SnapshotId],
      Failed: [],
    });
    expect(rpoStatus(diskId('a'), copies([...listed].reverse()), 36, NOW)).toEqual(status);
  });

  it('names a failed copy until its source is copied again', () => {
    const failed = copyOf(recent, 'cf', { Status: 'failed' });

    const notAgain = rpoStatus(diskId('a'), copies([failed, copyOf(old, 'c0')]), 24, NOW);
    const madeAgainFirst = rpoStatus(diskId('a'), copies([copyOf(recent, 'c1'), failed]), 24, NOW);
    const madeAgainAfter = rpoStatus(diskId('a'), copies([failed, copyOf(recent, 'c1')]), 24, NOW);

    expect(notAgain).toMatchObject({ Failed: [failed.SnapshotId], WithinRpo: false, DataAgeHours: 50 });
    expect(madeAgainFirst.Failed).toEqual([]);
    expect(madeAgainAfter.Failed).toEqual([]);
  });

  it('reports a disk with no accomplished copy outside RPO', () => {
    expect(rpoStatus(diskId('a'), copies([]), 36, NOW)).toMatchObject({ NewestCopySnapshotId: null, DataAgeHours: null, WithinRpo: false });
  });

  it('keeps every copy of a source the run may copy, failed ones included, and counts the copies running', () => {
    const destination = copies(
      [
        copyOf(newest, 'cf', { Status: 'failed' }),
        copyOf(newest, 'c2', { Status: 'progressing' }),
        copyOf(recent, 'c1', { Status: 'progressing' }),
      ],
      [newest],
    );

    expect(destination.ofSource(newest.SnapshotId).map((copy) => copy.Status)).toEqual(['failed', 'progressing']);
    expect(destination.progressingCount()).toBe(2);
    expect(destination.progressing(diskId('a'))).toHaveLength(2);
  });
});
