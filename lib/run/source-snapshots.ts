import type { SnapshotInfo } from '../ecs/ecs';
import type { ResolvedSelection } from '../request/copy-order';

/** DescribeSnapshots answers at most 100 a page, and takes at most 100 IDs in `SnapshotIds` (ecs-api.md). */
export const PAGE_SIZE = 100;

/** Beyond this many disks, listing a whole region (100 a call) is taken to cost fewer calls than one search a disk. */
export const PER_DISK_LISTING_LIMIT = 20;

/** One DescribeSnapshots listing to make: all its pages are read. */
export type SourceListing =
  | { kind: 'ids'; SnapshotIds: string[] }
  | { kind: 'disk'; DiskId: string }
  | { kind: 'instance'; InstanceId: string }
  | { kind: 'region' };

/** The listings that find every snapshot a selection may pick, in as few calls as the selection allows. */
export function sourceListings(selection: ResolvedSelection): SourceListing[] {
  const listings: SourceListing[] = [];
  for (let index = 0; index < selection.SnapshotIds.length; index += PAGE_SIZE) {
    listings.push({ kind: 'ids', SnapshotIds: selection.SnapshotIds.slice(index, index + PAGE_SIZE) });
  }
  // DescribeSnapshots' answer does not say which instance a snapshot's disk belongs to: instances are listed by
  // the InstanceId filter. Disks and tags are matched on the answer.
  for (const InstanceId of selection.InstanceIds) listings.push({ kind: 'instance', InstanceId });
  const needsRegion =
    selection.DiskIds.length > PER_DISK_LISTING_LIMIT ||
    (selection.SourceTag.length > 0 && selection.DiskIds.length === 0 && selection.InstanceIds.length === 0);
  if (needsRegion) listings.push({ kind: 'region' });
  else for (const DiskId of selection.DiskIds) listings.push({ kind: 'disk', DiskId });
  return listings;
}

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
}

function matchesTags(snapshot: SnapshotInfo, tags: ResolvedSelection['SourceTag']): boolean {
  return tags.every((wanted) => snapshot.Tags.some((tag) => tag.Key === wanted.Key && tag.Value === wanted.Value));
}

/**
 * Picks the sources from what the listings found. `DiskIds` and `InstanceIds` add up and `SourceTag` narrows them
 * (or selects on its own); SnapshotType and MaxAgeHours filter; `Select: "newest"` keeps each disk's newest
 * accomplished snapshot, `"all"` every one. Exact picks are kept as named. Snapshots that cannot be copied are
 * reported, not attempted.
 */
export function selectSources(
  found: { listing: SourceListing; snapshots: SnapshotInfo[] }[],
  selection: ResolvedSelection,
  nowMs: number,
): SourceSelection {
  const picks = new Map<string, SnapshotInfo>();
  const selected = new Map<string, SnapshotInfo>();
  const disks = new Set<string>(selection.DiskIds);
  const wantedDisks = new Set(selection.DiskIds);
  const oldestCreation = selection.MaxAgeHours === undefined ? -Infinity : nowMs - selection.MaxAgeHours * 3_600_000;

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
      if (!bySelector || !matchesTags(snapshot, selection.SourceTag)) continue;
      disks.add(snapshot.SourceDiskId);
      if (selection.SnapshotType !== 'all' && snapshot.SnapshotType !== selection.SnapshotType) continue;
      if (snapshot.CreationTime < oldestCreation) continue;
      selected.set(snapshot.SnapshotId, snapshot);
    }
  }

  const verdicts: SourceVerdict[] = [...picks.values()].map(verdictOf);
  const byDisk = new Map<string, SnapshotInfo[]>();
  for (const snapshot of selected.values()) {
    if (picks.has(snapshot.SnapshotId)) continue;
    byDisk.set(snapshot.SourceDiskId, [...(byDisk.get(snapshot.SourceDiskId) ?? []), snapshot]);
  }
  for (const snapshots of byDisk.values()) {
    const newestFirst = [...snapshots].sort((a, b) => b.CreationTime - a.CreationTime);
    if (selection.Select === 'all') {
      verdicts.push(...newestFirst.map(verdictOf));
      continue;
    }
    const newestAccomplished = newestFirst.find((snapshot) => snapshot.Status === 'accomplished');
    // A newer snapshot still being made is named: the next run copies it.
    for (const snapshot of newestFirst) {
      if (snapshot === newestAccomplished) break;
      if (snapshot.Status === 'progressing') verdicts.push(verdictOf(snapshot));
    }
    if (newestAccomplished) verdicts.push(verdictOf(newestAccomplished));
  }
  verdicts.sort((a, b) => a.snapshot.CreationTime - b.snapshot.CreationTime);
  return {
    verdicts,
    protectedDisks: [...disks].sort(),
    missingPicks: selection.SnapshotIds.filter((id) => !picks.has(id)),
  };
}

function verdictOf(snapshot: SnapshotInfo): SourceVerdict {
  if (snapshot.Status === 'progressing') return { kind: 'not-ready', snapshot, reason: 'the source snapshot is still being created' };
  if (snapshot.Status === 'failed') return { kind: 'not-copyable', snapshot, reason: 'the source snapshot failed' };
  // "Local snapshots cannot be copied", nor archive snapshots (ecs-api.md).
  if (snapshot.Category === 'archive') return { kind: 'not-copyable', snapshot, reason: 'archive snapshots cannot be copied' };
  return { kind: 'copy', snapshot };
}
