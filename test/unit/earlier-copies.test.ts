import type { SnapshotInfo } from '../../lib/ecs/ecs';
import { DestinationCopies } from '../../lib/run/destination-copies';
import { findEarlierCopies } from '../../lib/run/find-earlier-copies';
import { rpoStatus } from '../../lib/run/rpo-report';
import type { SourceSelection } from '../../lib/run/source-selection';
import { MemoryEcs } from './support/memory-ecs';
import { copyOf, DESTINATION, diskId, HOUR, NOW, orderFor, SOURCE, snapshot } from './support/orders';
import { resilient } from './support/resilient';

const toCopy = (...sources: SnapshotInfo[]): SourceSelection => ({
  verdicts: sources.map((source) => ({ kind: 'copy', snapshot: source })),
  protectedDisks: [...new Set(sources.map((source) => source.SourceDiskId))].sort(),
  missingPicks: [],
});

describe('finding the copies made earlier', () => {
  it('knows a copy by its provenance tags, and nothing else in the destination', async () => {
    const source = snapshot('a1', 'a');
    const port = new MemoryEcs();
    port.add(DESTINATION, copyOf(source, 'c1'));
    port.add(DESTINATION, snapshot('mine', 'a', { RegionId: DESTINATION }));
    port.add(DESTINATION, {
      ...copyOf(source, 'c2'),
      Tags: copyOf(source, 'c2').Tags.map((tag) => (tag.Value === SOURCE ? { ...tag, Value: 'cn-beijing' } : tag)),
    });

    const destinations = await findEarlierCopies(orderFor({ DiskIds: [source.SourceDiskId] }), toCopy(source), resilient(port));

    expect(
      destinations
        .get(DESTINATION)
        ?.ofSource(source.SnapshotId)
        .map((copy) => copy.SnapshotId),
    ).toEqual([copyOf(source, 'c1').SnapshotId]);
  });

  it('searches a destination by disk tag for up to 20 disks, plus once since the oldest source, and lists it whole for more', async () => {
    const few = Array.from({ length: 20 }, (_, n) => snapshot(`few${n}`, `few${n}`));
    const many = Array.from({ length: 21 }, (_, n) => snapshot(`many${n}`, `many${n}`));
    const port = new MemoryEcs();
    const request = { DestinationRegionId: [DESTINATION, 'eu-central-1'] };

    await findEarlierCopies(orderFor({ ...request, DiskIds: few.map((s) => s.SourceDiskId) }), toCopy(...few), resilient(port));
    const searches = port.calls.map((call) => [call.query?.RegionId, call.query?.Tag?.[0]?.Value ?? call.query?.CreationStartTime]);
    port.calls.length = 0;
    await findEarlierCopies(orderFor({ ...request, DiskIds: many.map((s) => s.SourceDiskId) }), toCopy(...many), resilient(port));

    expect(searches).toHaveLength(42);
    expect(searches).toContainEqual(['eu-central-1', few[19]?.SourceDiskId]);
    expect(searches).toContainEqual(['eu-central-1', NOW - HOUR]);
    expect(port.calls.map((call) => [call.query?.RegionId, call.query?.Tag])).toEqual([
      [DESTINATION, undefined],
      ['eu-central-1', undefined],
    ]);
  });

  it('searches nothing when there is nothing to look for', async () => {
    const port = new MemoryEcs();

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
