import type { SnapshotInfo } from '../ecs/ecs';
import type { ResolvedSelection } from './copy-order';
import type { SourceListing } from './source-listings';

export type SourceVerdict =
  | { kind: 'copy'; snapshot: SnapshotInfo }
  | { kind: 'not-ready'; snapshot: SnapshotInfo; reason: string }
  | { kind: 'not-copyable'; snapshot: SnapshotInfo; reason: string };

export interface SourceSelection {
  /** Sources to copy, oldest first (a disk's copies must run one after the other). */
  verdicts: SourceVerdict[];
  /** Every disk the selectors matched (for the RPO report), DiskIds included even without a snapshot. */
  protectedDisks: string[];
  /** Exact picks DescribeSnapshots did not find. */
  missingPicks: string[];
  /** The InstanceIds, DiskIds and SourceTag entries that matched no snapshot (docs/empty-selections.md). */
  matchedNothing: SelectionEntry[];
  /**
   * The instance each disk was found on, for the disks an InstanceIds listing found: the copies record it, so that a
   * restore finds an instance's disks when the instance, and its region, are gone (ECS's snapshots do not name it).
   */
  instanceOf: ReadonlyMap<string, string>;
}

/** One entry of a selection: an instance, a disk, or the SourceTag (its tags together), as the request names it. */
export interface SelectionEntry {
  Field: 'InstanceIds' | 'DiskIds' | 'SourceTag';
  /** The instance or disk ID; for SourceTag, `Key=Value` pairs joined by commas. */
  Entry: string;
}

/**
 * A snapshot as found, with its place in the listings: listing after listing, page after page. Pages of different
 * listings come in whatever order ECS answers them; the place keeps the selection the same whatever that order.
 */
interface Found {
  snapshot: SnapshotInfo;
  place: number;
}

/** Room for 2^32 snapshots a listing (a place is a safe integer for 2^21 listings). */
const PLACES_PER_LISTING = 2 ** 32;

/** A snapshot's status only moves on from `progressing`: of two sightings, the one further on is the newer. */
function merged(seen: Found, again: Found): Found {
  const snapshot = seen.snapshot.Status === 'progressing' ? again.snapshot : seen.snapshot;
  return { snapshot, place: Math.min(seen.place, again.place) };
}

/** Newest first; of two taken at the same time, the one found first. */
function isNewer(a: Found, b: Found): boolean {
  return a.snapshot.CreationTime > b.snapshot.CreationTime || (a.snapshot.CreationTime === b.snapshot.CreationTime && a.place < b.place);
}

const newestFirst = (a: Found, b: Found) => (isNewer(a, b) ? -1 : isNewer(b, a) ? 1 : 0);

/**
 * What one disk's snapshots may still contribute to the selection. With `Select: "newest"` that is the newest
 * accomplished snapshot and the newer ones still progressing (named, so that the next run copies them): a disk
 * with a year of daily snapshots costs two or three entries. With `"all"` it is every snapshot selected.
 */
class DiskSources {
  /** Where the disk's first selected snapshot was found: disks are taken in that order. */
  firstPlace = Number.POSITIVE_INFINITY;
  private newestAccomplished: Found | undefined;
  private newerProgressing: Found[] = [];
  /** With `Select: "all"` only. */
  private readonly every: Map<string, Found> | undefined;

  constructor(select: ResolvedSelection['Select']) {
    this.every = select === 'all' ? new Map() : undefined;
  }

  add(found: Found): void {
    this.firstPlace = Math.min(this.firstPlace, found.place);
    const { SnapshotId } = found.snapshot;
    if (this.every) {
      const seen = this.every.get(SnapshotId);
      this.every.set(SnapshotId, seen ? merged(seen, found) : found);
      return;
    }
    let candidate = found;
    if (this.newestAccomplished?.snapshot.SnapshotId === SnapshotId) {
      candidate = merged(this.newestAccomplished, found);
      this.newestAccomplished = undefined;
    }
    const progressing = this.newerProgressing.find((seen) => seen.snapshot.SnapshotId === SnapshotId);
    if (progressing) {
      candidate = merged(progressing, candidate);
      this.newerProgressing = this.newerProgressing.filter((seen) => seen !== progressing);
    }
    this.consider(candidate);
  }

  private consider(candidate: Found): void {
    const newest = this.newestAccomplished;
    if (newest && !isNewer(candidate, newest)) return;
    if (candidate.snapshot.Status === 'progressing') this.newerProgressing.push(candidate);
    if (candidate.snapshot.Status !== 'accomplished') return;
    this.newestAccomplished = candidate;
    this.newerProgressing = this.newerProgressing.filter((seen) => isNewer(seen, candidate));
  }

  /** Newest first: the newer progressing ones, then the newest accomplished; or every one. */
  selected(): Found[] {
    if (this.every) return [...this.every.values()].sort(newestFirst);
    const newest = this.newestAccomplished;
    return [...this.newerProgressing.sort(newestFirst), ...(newest ? [newest] : [])];
  }
}

function matchesTags(snapshot: SnapshotInfo, tags: ResolvedSelection['SourceTag']): boolean {
  return tags.every((wanted) => snapshot.Tags.some((tag) => tag.Key === wanted.Key && tag.Value === wanted.Value));
}

/**
 * Picks the sources from the listings' pages as they come, keeping per disk only what the selection can still pick
 * (see DiskSources), so that a run's memory grows with its disks, not with their snapshots. `DiskIds` and
 * `InstanceIds` add up and `SourceTag` narrows them (or selects on its own); SnapshotType and MaxAgeHours filter;
 * `Select: "newest"` keeps each disk's newest accomplished snapshot, `"all"` every one. Exact picks are kept as
 * named, and apart from their disk's selection. Snapshots that cannot be copied are reported, not attempted.
 */
export class SourceSelector {
  private readonly picks = new Map<string, Found>();
  /** Snapshots found by a disk or instance listing that are also named as picks: their disk's only if no ID
   * listing finds them. */
  private readonly pickedElsewhere = new Map<string, Found>();
  private readonly disks = new Map<string, DiskSources>();
  private readonly protectedDisks: Set<string>;
  private readonly instanceOf = new Map<string, string>();
  private readonly wantedDisks: ReadonlySet<string>;
  private readonly wantedPicks: ReadonlySet<string>;
  private readonly oldestCreation: number;
  private readonly placesTaken = new Map<number, number>();
  /** Entries that matched a snapshot of the selected type (and tags): the others matched nothing. */
  private readonly matchedInstances = new Set<string>();
  private readonly matchedDisks = new Set<string>();
  private sourceTagMatched = false;

  constructor(
    private readonly selection: ResolvedSelection,
    nowMs: number,
  ) {
    this.protectedDisks = new Set(selection.DiskIds);
    this.wantedDisks = new Set(selection.DiskIds);
    this.wantedPicks = new Set(selection.SnapshotIds);
    this.oldestCreation = selection.MaxAgeHours === undefined ? Number.NEGATIVE_INFINITY : nowMs - selection.MaxAgeHours * 3_600_000;
  }

  /** One page of the listing at `index` in sourceListings(); each listing's pages in their order. */
  add(index: number, listing: SourceListing, snapshots: readonly SnapshotInfo[]): void {
    const firstPlace = this.placesTaken.get(index) ?? 0;
    this.placesTaken.set(index, firstPlace + snapshots.length);
    snapshots.forEach((snapshot, offset) => {
      this.addOne(listing, { snapshot, place: index * PLACES_PER_LISTING + firstPlace + offset });
    });
  }

  private addOne(listing: SourceListing, found: Found): void {
    const { snapshot } = found;
    const { selection } = this;
    if (listing.kind === 'ids') {
      if (!this.wantedPicks.has(snapshot.SnapshotId)) return;
      const seen = this.picks.get(snapshot.SnapshotId);
      this.picks.set(snapshot.SnapshotId, seen ? merged(seen, found) : found);
      return;
    }
    const bySelector =
      listing.kind === 'instance' ||
      this.wantedDisks.has(snapshot.SourceDiskId) ||
      (this.wantedDisks.size === 0 && selection.InstanceIds.length === 0);
    if (!bySelector || !matchesTags(snapshot, selection.SourceTag)) return;
    this.protectedDisks.add(snapshot.SourceDiskId);
    if (listing.kind === 'instance') this.instanceOf.set(snapshot.SourceDiskId, listing.InstanceId);
    if (selection.SnapshotType !== 'all' && snapshot.SnapshotType !== selection.SnapshotType) return;
    this.matched(listing, snapshot);
    if (snapshot.CreationTime < this.oldestCreation) return;
    if (this.wantedPicks.has(snapshot.SnapshotId)) {
      const seen = this.pickedElsewhere.get(snapshot.SnapshotId);
      this.pickedElsewhere.set(snapshot.SnapshotId, seen ? merged(seen, found) : found);
      return;
    }
    this.diskOf(snapshot.SourceDiskId).add(found);
  }

  /** A snapshot of the selected type, with the tags, counts for its entries, however old (MaxAgeHours leaves an old
   * disk protected and reported outside RPO, not unmatched). */
  private matched(listing: SourceListing, snapshot: SnapshotInfo): void {
    if (listing.kind === 'instance') this.matchedInstances.add(listing.InstanceId);
    if (this.wantedDisks.has(snapshot.SourceDiskId)) this.matchedDisks.add(snapshot.SourceDiskId);
    this.sourceTagMatched = true;
  }

  private matchedNothing(): SelectionEntry[] {
    const { selection } = this;
    return [
      ...selection.InstanceIds.filter((id) => !this.matchedInstances.has(id)).map((Entry) => ({ Field: 'InstanceIds' as const, Entry })),
      ...selection.DiskIds.filter((id) => !this.matchedDisks.has(id)).map((Entry) => ({ Field: 'DiskIds' as const, Entry })),
      ...(selection.SourceTag.length > 0 && !this.sourceTagMatched
        ? [{ Field: 'SourceTag' as const, Entry: selection.SourceTag.map((tag) => `${tag.Key}=${tag.Value}`).join(',') }]
        : []),
    ];
  }

  private diskOf(DiskId: string): DiskSources {
    let disk = this.disks.get(DiskId);
    if (!disk) {
      disk = new DiskSources(this.selection.Select);
      this.disks.set(DiskId, disk);
    }
    return disk;
  }

  /** The selection, once every page of every listing was added. */
  result(): SourceSelection {
    for (const [SnapshotId, found] of this.pickedElsewhere) {
      if (!this.picks.has(SnapshotId)) this.diskOf(found.snapshot.SourceDiskId).add(found);
    }
    const picks = [...this.picks.values()].sort((a, b) => a.place - b.place);
    const disks = [...this.disks.values()].sort((a, b) => a.firstPlace - b.firstPlace);
    const verdicts = [...picks, ...disks.flatMap((disk) => disk.selected())].map(({ snapshot }) => verdictOf(snapshot));
    // Stable: of sources taken at the same time, picks first, then disk by disk in the order they were found.
    verdicts.sort((a, b) => a.snapshot.CreationTime - b.snapshot.CreationTime);
    return {
      verdicts,
      protectedDisks: [...this.protectedDisks].sort(),
      missingPicks: this.selection.SnapshotIds.filter((id) => !this.picks.has(id)),
      matchedNothing: this.matchedNothing(),
      instanceOf: this.instanceOf,
    };
  }
}

function verdictOf(snapshot: SnapshotInfo): SourceVerdict {
  if (snapshot.Status === 'progressing') return { kind: 'not-ready', snapshot, reason: 'the source snapshot is still being created' };
  if (snapshot.Status === 'failed') return { kind: 'not-copyable', snapshot, reason: 'the source snapshot failed' };
  // "Local snapshots cannot be copied", nor archived ones
  // (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-copysnapshot).
  if (snapshot.Category === 'archive') return { kind: 'not-copyable', snapshot, reason: 'archive snapshots cannot be copied' };
  return { kind: 'copy', snapshot };
}
