import fc from 'fast-check';
import type { ResolvedSelection } from '../../lib/copy/copy-order';
import { type SourceListing, sourceListings } from '../../lib/copy/source-listings';
import { type SourceSelection, SourceSelector } from '../../lib/copy/source-selection';
import type { SnapshotInfo } from '../../lib/ecs/ecs';
import { diskId, HOUR, NOW, orderFor, snapshot, snapshotId } from './support/orders';

/** What a selection picks when each of its listings finds `found[i]`, in pages of `pageSize`, the pages taken in
 * `pageOrder` (listing index, page index) or listing after listing. */
function select(
  request: Record<string, unknown>,
  found: SnapshotInfo[][],
  options: { pageSize?: number; pageOrder?: Array<[number, number]> } = {},
): SourceSelection {
  const { selection } = orderFor(request);
  const listings = sourceListings(selection);
  const pageSize = options.pageSize ?? 100;
  const pagesOf = (index: number) => {
    const snapshots = found[index] ?? [];
    return Array.from({ length: Math.ceil(snapshots.length / pageSize) }, (_, page) =>
      snapshots.slice(page * pageSize, (page + 1) * pageSize),
    );
  };
  const order = options.pageOrder ?? listings.flatMap((_, index) => pagesOf(index).map((__, page): [number, number] => [index, page]));
  const selector = new SourceSelector(selection, NOW);
  for (const [index, page] of order) {
    const listing = listings[index];
    if (listing) selector.add(index, listing, pagesOf(index)[page] ?? []);
  }
  return selector.result();
}

const verdicts = (selection: SourceSelection) => selection.verdicts.map((verdict) => [verdict.snapshot.SnapshotId, verdict.kind]);
const hoursAgo = (hours: number) => NOW - hours * HOUR;

describe('source selection', () => {
  describe('Select "newest"', () => {
    it("keeps each disk's newest accomplished snapshot and names a newer one still being made", async () => {
      const found = [
        snapshot('a3', 'a', { CreationTime: hoursAgo(1), Status: 'progressing' }),
        snapshot('a2', 'a', { CreationTime: hoursAgo(2), Status: 'failed' }),
        snapshot('a1', 'a', { CreationTime: hoursAgo(24) }),
        snapshot('a0', 'a', { CreationTime: hoursAgo(48) }),
        snapshot('b1', 'b', { CreationTime: hoursAgo(3) }),
        snapshot('b0', 'b', { CreationTime: hoursAgo(27) }),
      ];

      const selection = select({ DiskIds: [diskId('a'), diskId('b')] }, [
        found.filter((s) => s.SourceDiskId === diskId('a')),
        found.filter((s) => s.SourceDiskId === diskId('b')),
      ]);

      // Oldest first: a disk's copies must be made one after the other.
      expect(verdicts(selection)).toEqual([
        [snapshotId('a1'), 'copy'],
        [snapshotId('b1'), 'copy'],
        [snapshotId('a3'), 'not-ready'],
      ]);
      expect(selection.protectedDisks).toEqual([diskId('a'), diskId('b')]);
    });

    it('names the snapshots still being made of a disk that has no accomplished one', () => {
      const selection = select({ DiskIds: [diskId('a')] }, [
        [
          snapshot('a1', 'a', { Status: 'progressing', CreationTime: hoursAgo(1) }),
          snapshot('a0', 'a', { Status: 'progressing', CreationTime: hoursAgo(2) }),
        ],
      ]);

      expect(verdicts(selection)).toEqual([
        [snapshotId('a0'), 'not-ready'],
        [snapshotId('a1'), 'not-ready'],
      ]);
    });

    it('finds the newest across pages whatever order the pages come in', () => {
      const many = Array.from({ length: 250 }, (_, n) => snapshot(`a${n}`, 'a', { CreationTime: hoursAgo(n + 1) }));
      const newestLast = [...many].reverse();

      const inOrder = select({ DiskIds: [diskId('a')] }, [newestLast], { pageSize: 100 });
      const backwards = select({ DiskIds: [diskId('a')] }, [newestLast], {
        pageSize: 100,
        pageOrder: [
          [0, 2],
          [0, 0],
          [0, 1],
        ],
      });

      expect(verdicts(inOrder)).toEqual([[snapshotId('a0'), 'copy']]);
      expect(verdicts(backwards)).toEqual(verdicts(inOrder));
    });
  });

  describe('Select "all"', () => {
    it('keeps every snapshot of a disk, oldest first, and reports those that cannot be copied', () => {
      const selection = select({ DiskIds: [diskId('a')], Select: 'all' }, [
        [
          snapshot('a3', 'a', { CreationTime: hoursAgo(1), Status: 'progressing' }),
          snapshot('a2', 'a', { CreationTime: hoursAgo(2), Status: 'failed' }),
          snapshot('a1', 'a', { CreationTime: hoursAgo(3), Category: 'archive' }),
          snapshot('a0', 'a', { CreationTime: hoursAgo(4) }),
        ],
      ]);

      expect(verdicts(selection)).toEqual([
        [snapshotId('a0'), 'copy'],
        [snapshotId('a1'), 'not-copyable'],
        [snapshotId('a2'), 'not-copyable'],
        [snapshotId('a3'), 'not-ready'],
      ]);
    });
  });

  describe('exact picks', () => {
    it('keeps named snapshots as named, however old, and lists those DescribeSnapshots did not find', () => {
      const old = snapshot('old', 'a', { CreationTime: hoursAgo(24 * 400) });

      const selection = select({ SnapshotIds: [old.SnapshotId, snapshotId('gone')] }, [[old]]);

      expect(verdicts(selection)).toEqual([[old.SnapshotId, 'copy']]);
      expect(selection.missingPicks).toEqual([snapshotId('gone')]);
      expect(selection.protectedDisks).toEqual([]);
    });

    it('copies a snapshot once when it is named and also found on a selected disk', () => {
      const named = snapshot('a1', 'a', { CreationTime: hoursAgo(1) });
      const older = snapshot('a0', 'a', { CreationTime: hoursAgo(25) });

      const selection = select({ SnapshotIds: [named.SnapshotId], DiskIds: [diskId('a')] }, [[named], [named, older]]);

      expect(selection.verdicts.filter((verdict) => verdict.snapshot.SnapshotId === named.SnapshotId)).toHaveLength(1);
    });
  });

  describe('selectors and filters', () => {
    it('adds DiskIds to InstanceIds, narrows them by SourceTag, and protects a named disk that has no snapshot', () => {
      const prod = [{ Key: 'env', Value: 'prod' }];
      const onInstance = [snapshot('i1', 'i1', { Tags: prod }), snapshot('i2', 'i2')];
      const onDisk = [snapshot('d1', 'd1', { Tags: prod })];

      const added = select({ InstanceIds: ['i-bp1instance00000001'], DiskIds: [diskId('d1'), diskId('empty')] }, [onInstance, onDisk, []]);
      const narrowed = select({ InstanceIds: ['i-bp1instance00000001'], DiskIds: [diskId('d1')], SourceTag: prod }, [onInstance, onDisk]);

      expect(verdicts(added).map(([id]) => id)).toEqual([snapshotId('i1'), snapshotId('i2'), snapshotId('d1')]);
      expect(added.protectedDisks).toEqual([diskId('d1'), diskId('empty'), diskId('i1'), diskId('i2')]);
      expect(verdicts(narrowed).map(([id]) => id)).toEqual([snapshotId('i1'), snapshotId('d1')]);
    });

    it('selects by SourceTag alone from a listing of the whole region', () => {
      const prod = [{ Key: 'env', Value: 'prod' }];

      const selection = select({ SourceTag: prod }, [
        [snapshot('p1', 'p1', { Tags: prod }), snapshot('x1', 'x1', { Tags: [{ Key: 'env', Value: 'dev' }] })],
      ]);

      expect(verdicts(selection)).toEqual([[snapshotId('p1'), 'copy']]);
      expect(selection.protectedDisks).toEqual([diskId('p1')]);
    });

    it('leaves out snapshots older than MaxAgeHours, and still reports their disk for the RPO', () => {
      const selection = select({ DiskIds: [diskId('a'), diskId('b')], MaxAgeHours: 30 }, [
        [snapshot('a1', 'a', { CreationTime: hoursAgo(26) }), snapshot('a0', 'a', { CreationTime: hoursAgo(50) })],
        [snapshot('b0', 'b', { CreationTime: hoursAgo(31) })],
      ]);

      expect(verdicts(selection)).toEqual([[snapshotId('a1'), 'copy']]);
      expect(selection.protectedDisks).toEqual([diskId('a'), diskId('b')]);
    });

    it('keeps only the SnapshotType asked for', () => {
      const found = [
        snapshot('u1', 'a', { SnapshotType: 'user', CreationTime: hoursAgo(1) }),
        snapshot('a0', 'a', { CreationTime: hoursAgo(2) }),
      ];

      expect(verdicts(select({ DiskIds: [diskId('a')], SnapshotType: 'auto' }, [found]))).toEqual([[snapshotId('a0'), 'copy']]);
      expect(verdicts(select({ DiskIds: [diskId('a')], SnapshotType: 'all' }, [found]))).toEqual([[snapshotId('u1'), 'copy']]);
    });
  });

  it('selects a snapshot found by two listings once, as the later of its two states', () => {
    const progressing = snapshot('a1', 'a', { Status: 'progressing', CreationTime: hoursAgo(1) });
    const accomplished = { ...progressing, Status: 'accomplished' as const };
    const older = snapshot('a0', 'a', { CreationTime: hoursAgo(25) });

    const selection = select(
      { InstanceIds: ['i-bp1instance00000001'], DiskIds: [diskId('a')] },
      [
        [progressing, older],
        [accomplished, older],
      ],
      {
        pageOrder: [
          [1, 0],
          [0, 0],
        ],
      },
    );

    expect(verdicts(selection)).toEqual([[snapshotId('a1'), 'copy']]);
  });

  it('takes disks in the order their listings list them, whichever listing answers first', () => {
    const first = snapshot('first', 'first', { CreationTime: hoursAgo(1) });
    const second = snapshot('second', 'second', { CreationTime: hoursAgo(1) });
    const request = { DiskIds: [diskId('first'), diskId('second')] };

    const inOrder = select(request, [[first], [second]]);
    const reversed = select(request, [[first], [second]], {
      pageOrder: [
        [1, 0],
        [0, 0],
      ],
    });

    expect(verdicts(inOrder).map(([id]) => id)).toEqual([first.SnapshotId, second.SnapshotId]);
    expect(verdicts(reversed)).toEqual(verdicts(inOrder));
  });
});

/**
 * The selection as it was made before pages were streamed: every listed snapshot held at once, then chosen. The
 * streaming selector must choose exactly the same sources, in the same order.
 */
function selectHoldingEverything(
  found: { listing: SourceListing; snapshots: SnapshotInfo[] }[],
  selection: ResolvedSelection,
  nowMs: number,
) {
  const picks = new Map<string, SnapshotInfo>();
  const selected = new Map<string, SnapshotInfo>();
  const disks = new Set<string>(selection.DiskIds);
  const wantedDisks = new Set(selection.DiskIds);
  const oldestCreation = selection.MaxAgeHours === undefined ? -Infinity : nowMs - selection.MaxAgeHours * HOUR;
  for (const { listing, snapshots } of found) {
    for (const snapshot of snapshots) {
      if (listing.kind === 'ids') {
        if (selection.SnapshotIds.includes(snapshot.SnapshotId)) picks.set(snapshot.SnapshotId, snapshot);
        continue;
      }
      const bySelector =
        listing.kind === 'instance' ||
        wantedDisks.has(snapshot.SourceDiskId) ||
        (wantedDisks.size === 0 && selection.InstanceIds.length === 0);
      const tagged = selection.SourceTag.every((wanted) =>
        snapshot.Tags.some((tag) => tag.Key === wanted.Key && tag.Value === wanted.Value),
      );
      if (!bySelector || !tagged) continue;
      disks.add(snapshot.SourceDiskId);
      if (selection.SnapshotType !== 'all' && snapshot.SnapshotType !== selection.SnapshotType) continue;
      if (snapshot.CreationTime < oldestCreation) continue;
      selected.set(snapshot.SnapshotId, snapshot);
    }
  }
  const chosen: SnapshotInfo[] = [...picks.values()];
  const byDisk = new Map<string, SnapshotInfo[]>();
  for (const snapshot of selected.values()) {
    if (picks.has(snapshot.SnapshotId)) continue;
    byDisk.set(snapshot.SourceDiskId, [...(byDisk.get(snapshot.SourceDiskId) ?? []), snapshot]);
  }
  for (const snapshots of byDisk.values()) {
    const newestFirst = [...snapshots].sort((a, b) => b.CreationTime - a.CreationTime);
    if (selection.Select === 'all') {
      chosen.push(...newestFirst);
      continue;
    }
    const newestAccomplished = newestFirst.find((snapshot) => snapshot.Status === 'accomplished');
    for (const snapshot of newestFirst) {
      if (snapshot === newestAccomplished) break;
      if (snapshot.Status === 'progressing') chosen.push(snapshot);
    }
    if (newestAccomplished) chosen.push(newestAccomplished);
  }
  chosen.sort((a, b) => a.CreationTime - b.CreationTime);
  return {
    sources: chosen.map((snapshot) => snapshot.SnapshotId),
    protectedDisks: [...disks].sort(),
    missingPicks: selection.SnapshotIds.filter((id) => !picks.has(id)),
  };
}

describe('source selection, streamed', () => {
  const DISKS = ['a', 'b', 'c', 'd'].map(diskId);
  const INSTANCE = 'i-bp1instance00000001';
  /** Disks a and b are on the instance. */
  const onInstance = new Set(DISKS.slice(0, 2));
  const PROD = { Key: 'env', Value: 'prod' };

  const arbitrarySnapshots = fc
    .array(
      fc.record({
        disk: fc.constantFrom(...DISKS),
        hoursAgo: fc.constantFrom(1, 2, 25, 49, 400),
        Status: fc.constantFrom('accomplished', 'accomplished', 'progressing', 'failed'),
        SnapshotType: fc.constantFrom('auto', 'user'),
        Category: fc.constantFrom('standard', 'standard', 'archive'),
        tagged: fc.boolean(),
      }),
      { maxLength: 24 },
    )
    .map((seeds) =>
      seeds.map(
        (seed, n): SnapshotInfo =>
          snapshot(`r${n}`, seed.disk.slice(2), {
            CreationTime: NOW - seed.hoursAgo * HOUR,
            Status: seed.Status as SnapshotInfo['Status'],
            SnapshotType: seed.SnapshotType,
            Category: seed.Category,
            Tags: seed.tagged ? [PROD] : [],
          }),
      ),
    );

  const arbitrarySelection = fc.record({
    picks: fc.array(fc.nat(30), { maxLength: 3 }),
    DiskIds: fc.subarray(DISKS),
    byInstance: fc.boolean(),
    byTag: fc.boolean(),
    SnapshotType: fc.constantFrom('auto', 'user', 'all'),
    MaxAgeHours: fc.option(fc.constantFrom(3, 30, 100), { nil: undefined }),
    Select: fc.constantFrom('newest', 'all'),
  });

  /** What DescribeSnapshots answers to a listing: newest first, as ECS lists. */
  function listed(listing: SourceListing, all: SnapshotInfo[], selection: ResolvedSelection): SnapshotInfo[] {
    const type = (snapshot: SnapshotInfo) => selection.SnapshotType === 'all' || snapshot.SnapshotType === selection.SnapshotType;
    const matches = (snapshot: SnapshotInfo) => {
      switch (listing.kind) {
        case 'ids':
          return listing.SnapshotIds.includes(snapshot.SnapshotId);
        case 'disk':
          return snapshot.SourceDiskId === listing.DiskId && type(snapshot);
        case 'instance':
          return onInstance.has(snapshot.SourceDiskId) && type(snapshot);
        case 'region':
          return type(snapshot);
      }
    };
    return all.filter(matches).sort((a, b) => b.CreationTime - a.CreationTime);
  }

  it('selects exactly what a selection over every snapshot at once selects, whatever the pages and their order', () => {
    fc.assert(
      fc.property(
        arbitrarySnapshots,
        arbitrarySelection,
        fc.integer({ min: 1, max: 4 }),
        fc.infiniteStream(fc.nat()),
        (all, drawn, pageSize, draws) => {
          const selection: ResolvedSelection = {
            SnapshotIds: drawn.picks.map((n) => all[n]?.SnapshotId ?? snapshotId(`missing${n}`)),
            DiskIds: drawn.DiskIds,
            InstanceIds: drawn.byInstance ? [INSTANCE] : [],
            SourceTag: drawn.byTag ? [PROD] : [],
            SnapshotType: drawn.SnapshotType as ResolvedSelection['SnapshotType'],
            MaxAgeHours: drawn.MaxAgeHours,
            Select: drawn.Select as ResolvedSelection['Select'],
          };
          if (selection.SnapshotIds.length + selection.DiskIds.length + selection.InstanceIds.length + selection.SourceTag.length === 0)
            return;
          const listings = sourceListings(selection);
          const found = listings.map((listing) => ({ listing, snapshots: listed(listing, all, selection) }));

          // Pages of all listings interleaved at random, each listing's pages in their order.
          const selector = new SourceSelector(selection, NOW);
          const next = found.map(() => 0);
          const random = draws[Symbol.iterator]();
          for (;;) {
            const open = found.map((_, index) => index).filter((index) => (next[index] ?? 0) < (found[index]?.snapshots.length ?? 0));
            if (open.length === 0) break;
            const index = open[(random.next().value ?? 0) % open.length] ?? 0;
            const start = next[index] ?? 0;
            selector.add(index, listings[index] ?? { kind: 'region' }, found[index]?.snapshots.slice(start, start + pageSize) ?? []);
            next[index] = start + pageSize;
          }
          const streamed = selector.result();

          expect({
            sources: streamed.verdicts.map((verdict) => verdict.snapshot.SnapshotId),
            protectedDisks: streamed.protectedDisks,
            missingPicks: streamed.missingPicks,
          }).toEqual(selectHoldingEverything(found, selection, NOW));
        },
      ),
      { numRuns: 400 },
    );
  });
});
