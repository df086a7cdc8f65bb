import { planCopies } from '../../lib/copy/copy-plan';
import { DestinationCopies } from '../../lib/copy/destination-copies';
import type { SourceSelection, SourceVerdict } from '../../lib/copy/source-selection';
import type { SnapshotInfo } from '../../lib/ecs/ecs';
import { copyOf, DESTINATION, HOUR, NOW, orderFor, SOURCE, snapshot, snapshotId } from './support/orders';

const EU = 'eu-central-1';

function selection(verdicts: SourceVerdict[], missingPicks: string[] = []): SourceSelection {
  return {
    verdicts,
    protectedDisks: [...new Set(verdicts.map((verdict) => verdict.snapshot.SourceDiskId))].sort(),
    missingPicks,
    matchedNothing: [],
    instanceOf: new Map(),
  };
}

const copy = (...sources: SnapshotInfo[]): SourceVerdict[] => sources.map((source) => ({ kind: 'copy', snapshot: source }));

function destination(listed: SnapshotInfo[], planned: SnapshotInfo[], region = DESTINATION): Map<string, DestinationCopies> {
  const copies = new DestinationCopies(region, SOURCE, new Set(planned.map((source) => source.SnapshotId)));
  for (const snapshot of listed) copies.addListed(snapshot);
  return new Map([[region, copies]]);
}

const outcomes = (plan: ReturnType<typeof planCopies>) => [
  ...plan.jobs.map((job) => [job.parameters.SnapshotId, 'start']),
  ...plan.results.map((result) => [result.SourceSnapshotId, result.Outcome, 'Code' in result ? result.Code : undefined]),
];

describe('the plan', () => {
  const a1 = snapshot('a1', 'a', { CreationTime: NOW - 2 * HOUR });
  const b1 = snapshot('b1', 'b', { CreationTime: NOW - 2 * HOUR });
  const fleet = orderFor({ DiskIds: [a1.SourceDiskId, b1.SourceDiskId] });

  it('starts a copy of each source to each destination, named, tagged with its provenance and its own ClientToken', () => {
    const order = orderFor({ DiskIds: [a1.SourceDiskId], DestinationRegionId: [DESTINATION, EU] }, { RETENTION_DAYS: '30' });

    const plan = planCopies(order, selection(copy(a1)), new Map(), 500);

    expect(plan.results).toEqual([]);
    expect(plan.jobs.map((job) => job.parameters.DestinationRegionId)).toEqual([DESTINATION, EU]);
    const [first, second] = plan.jobs.map((job) => job.parameters);
    expect(first).toMatchObject({
      RegionId: SOURCE,
      SnapshotId: a1.SnapshotId,
      DestinationSnapshotName: `dr-${a1.SnapshotId}-2026-11-27`,
      RetentionDays: 30,
      ClientToken: expect.stringMatching(/^sc-[A-Za-z0-9_-]{43}$/),
    });
    expect(first?.Tag).toEqual(
      expect.arrayContaining([
        { Key: 'snapshot-copy:source-snapshot-id', Value: a1.SnapshotId },
        { Key: 'snapshot-copy:source-region-id', Value: SOURCE },
        { Key: 'snapshot-copy:source-disk-id', Value: a1.SourceDiskId },
      ]),
    );
    expect(second?.ClientToken).not.toBe(first?.ClientToken);
    // The same copy gets the same token on every run: ECS makes it once.
    expect(planCopies(order, selection(copy(a1)), new Map(), 500).jobs[0]?.parameters.ClientToken).toBe(first?.ClientToken);
  });

  it('makes no copy of a source already copied, whether that copy is accomplished or still running', () => {
    const listed = [copyOf(a1, 'ca'), copyOf(b1, 'cb', { Status: 'progressing' })];

    const plan = planCopies(fleet, selection(copy(a1, b1)), destination(listed, [a1, b1]), 500);

    expect(plan.jobs).toEqual([]);
    expect(
      plan.results.map((result) => [result.SourceSnapshotId, result.Outcome, 'SnapshotId' in result ? result.SnapshotId : undefined]),
    ).toEqual([
      [a1.SnapshotId, 'already-present', copyOf(a1, 'ca').SnapshotId],
      [b1.SnapshotId, 'already-present', copyOf(b1, 'cb').SnapshotId],
    ]);
  });

  it('copies again a source whose copy failed, under a new ClientToken each time', () => {
    const firstTime = planCopies(fleet, selection(copy(a1)), new Map(), 500).jobs[0]?.parameters.ClientToken;

    const afterOne = planCopies(fleet, selection(copy(a1)), destination([copyOf(a1, 'cf1', { Status: 'failed' })], [a1]), 500);
    const afterTwo = planCopies(
      fleet,
      selection(copy(a1)),
      destination([copyOf(a1, 'cf1', { Status: 'failed' }), copyOf(a1, 'cf2', { Status: 'failed' })], [a1]),
      500,
    );

    const tokens = [firstTime, afterOne.jobs[0]?.parameters.ClientToken, afterTwo.jobs[0]?.parameters.ClientToken];
    expect(new Set(tokens).size).toBe(3);
    expect(outcomes(afterTwo)).toEqual([[a1.SnapshotId, 'start']]);
  });

  it("uses a caller's ClientToken for its one copy, and a derived one once that copy failed", () => {
    const order = orderFor({ SnapshotId: a1.SnapshotId, ClientToken: 'caller-token-1' });

    const first = planCopies(order, selection(copy(a1)), new Map(), 500);
    const again = planCopies(order, selection(copy(a1)), destination([copyOf(a1, 'cf', { Status: 'failed' })], [a1]), 500);

    expect(first.jobs[0]?.parameters.ClientToken).toBe('caller-token-1');
    expect(again.jobs[0]?.parameters.ClientToken).toMatch(/^sc-/);
  });

  it('waits while an earlier copy of the same disk is still running there, and copies a disk one snapshot at a time', () => {
    const a0 = snapshot('a0', 'a', { CreationTime: NOW - 26 * HOUR });
    const running = copyOf(snapshot('older', 'a', { CreationTime: NOW - 50 * HOUR }), 'cr', { Status: 'progressing' });

    const busy = planCopies(fleet, selection(copy(a1)), destination([running], [a1]), 500);
    const twoOfOneDisk = planCopies(fleet, selection(copy(a0, a1)), new Map(), 500);

    expect(outcomes(busy)).toEqual([[a1.SnapshotId, 'not-ready', 'InvalidOperation.DiskHasUnfinishedSnapshotCopy']]);
    expect(outcomes(twoOfOneDisk)).toEqual([
      [a0.SnapshotId, 'start'],
      [a1.SnapshotId, 'not-ready', 'InvalidOperation.DiskHasUnfinishedSnapshotCopy'],
    ]);
  });

  it('starts no more than MAX_COPIES_IN_FLIGHT copies in a destination, counting those already running', () => {
    const c1 = snapshot('c1', 'c', { CreationTime: NOW - 2 * HOUR });
    const running = copyOf(snapshot('d1', 'd'), 'cd', { Status: 'progressing' });

    const plan = planCopies(fleet, selection(copy(a1, b1, c1)), destination([running], [a1, b1, c1]), 2);

    expect(outcomes(plan)).toEqual([
      [a1.SnapshotId, 'start'],
      [b1.SnapshotId, 'left', 'MaxCopiesInFlight'],
      [c1.SnapshotId, 'left', 'MaxCopiesInFlight'],
    ]);
  });

  it('reports sources that are not ready or cannot be copied, and picks DescribeSnapshots did not find, in every destination', () => {
    const order = orderFor({ SnapshotIds: [a1.SnapshotId, b1.SnapshotId, snapshotId('gone')], DestinationRegionId: [DESTINATION, EU] });
    const verdicts: SourceVerdict[] = [
      { kind: 'not-ready', snapshot: a1, reason: 'the source snapshot is still being created' },
      { kind: 'not-copyable', snapshot: b1, reason: 'archive snapshots cannot be copied' },
    ];

    const plan = planCopies(order, selection(verdicts, [snapshotId('gone')]), new Map(), 500);

    expect(plan.jobs).toEqual([]);
    const perDestination = [
      [snapshotId('gone'), 'failed', 'InvalidSnapshotId.NotFound'],
      [a1.SnapshotId, 'not-ready', 'InvalidSnapshotId.NotReady'],
      [b1.SnapshotId, 'failed', 'SnapshotNotCopyable'],
    ];
    expect(outcomes(plan)).toEqual([...perDestination, ...perDestination]);
    expect(plan.results.map((result) => result.DestinationRegionId)).toEqual([DESTINATION, DESTINATION, DESTINATION, EU, EU, EU]);
  });
});
