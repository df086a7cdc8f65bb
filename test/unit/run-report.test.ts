import type { CopyResult } from '../../lib/copy/copy-plan';
import { DestinationCopies } from '../../lib/copy/destination-copies';
import { reportRun } from '../../lib/copy/run-report';
import type { ErrorClass } from '../../lib/failures/error-classes';
import { copyOf, DESTINATION, diskId, HOUR, NOW, orderFor, SOURCE, snapshot } from './support/orders';

/** A selection whose every entry matched, and no disk with copies left out of it. */
const NOTHING_ELSE = { matchedNothing: [], noLongerSelected: { disks: [] } };

const EU = 'eu-central-1';
const a1 = snapshot('a1', 'a', { CreationTime: NOW - 10 * HOUR });
const b1 = snapshot('b1', 'b', { CreationTime: NOW - 40 * HOUR });

function destinations(listed: Record<string, ReturnType<typeof copyOf>[]>): Map<string, DestinationCopies> {
  return new Map(
    Object.entries(listed).map(([region, copies]) => {
      const destination = new DestinationCopies(region, SOURCE, new Set());
      for (const copy of copies) destination.addListed({ ...copy, RegionId: region });
      return [region, destination];
    }),
  );
}

const subject = { SourceSnapshotId: a1.SnapshotId, SourceDiskId: a1.SourceDiskId, RegionId: SOURCE, DestinationRegionId: DESTINATION };
const call = { DestinationSnapshotName: 'copy', ClientToken: 'token' };

/** One result of each outcome: a not-made one with the class given. */
function result(Outcome: CopyResult['Outcome'], Class: ErrorClass = 'transient'): CopyResult {
  switch (Outcome) {
    case 'copied':
      return { ...subject, ...call, Outcome, SnapshotId: 's-copy', RequestId: 'request', Attempts: 1 };
    case 'already-present':
      return { ...subject, Outcome, SnapshotId: 's-copy' };
    case 'planned':
      return { ...subject, ...call, Outcome };
    default:
      return { ...subject, Outcome, Code: 'Code', Class, Message: 'why' };
  }
}

describe('the run report', () => {
  const order = orderFor({ DiskIds: [diskId('a'), diskId('b')], DestinationRegionId: [DESTINATION, EU] });

  it('reports every protected disk in every destination against the RPO', () => {
    const report = reportRun({
      order,
      protectedDisks: [diskId('a'), diskId('b')],
      ...NOTHING_ELSE,
      destinations: destinations({ [DESTINATION]: [copyOf(a1, 'ca'), copyOf(b1, 'cb')], [EU]: [copyOf(a1, 'ea')] }),
      copies: [],
      apiCalls: 7,
      rpoHours: 36,
      nowMs: NOW,
    });

    expect(report.Rpo.map((status) => [status.DestinationRegionId, status.DiskId, status.DataAgeHours, status.WithinRpo])).toEqual([
      [DESTINATION, diskId('a'), 10, true],
      [DESTINATION, diskId('b'), 40, false],
      [EU, diskId('a'), 10, true],
      [EU, diskId('b'), null, false],
    ]);
    expect(report.Summary).toMatchObject({ ProtectedDisks: 2, WithinRpo: 2, OutsideRpo: 2, ApiCalls: 7 });
  });

  it('counts each outcome, and the failures by class', () => {
    const copies = [
      result('copied'),
      result('copied'),
      result('already-present'),
      result('not-ready'),
      result('left'),
      result('failed', 'forbidden'),
      result('failed', 'throttled'),
      result('failed', 'throttled'),
    ];

    const report = reportRun({
      order,
      protectedDisks: [],
      ...NOTHING_ELSE,
      destinations: new Map(),
      copies,
      apiCalls: 9,
      rpoHours: 36,
      nowMs: NOW,
    });

    expect(report.Copies).toBe(copies);
    expect(report.Summary).toEqual({
      Copied: 2,
      AlreadyPresent: 1,
      Planned: 0,
      NotReady: 1,
      Left: 1,
      MatchedNothing: 0,
      NoLongerSelected: 0,
      Failed: 3,
      FailedByClass: { forbidden: 1, throttled: 2 },
      ProtectedDisks: 0,
      WithinRpo: 0,
      OutsideRpo: 0,
      ApiCalls: 9,
      DryRun: false,
    });
  });

  it('reports no RPO for exact picks: they name snapshots, not disks to protect', () => {
    const picks = orderFor({ SnapshotIds: [a1.SnapshotId], DryRun: true });

    const report = reportRun({
      order: picks,
      protectedDisks: [diskId('a')],
      ...NOTHING_ELSE,
      destinations: destinations({ [DESTINATION]: [] }),
      copies: [result('planned')],
      apiCalls: 2,
      rpoHours: 36,
      nowMs: NOW,
    });

    expect(report.Rpo).toEqual([]);
    expect(report.Summary).toMatchObject({ Planned: 1, DryRun: true });
  });
});
