import { ourCopyRecord } from '../copy/destination-copies';
import type { SnapshotInfo } from '../ecs/ecs';
import { readProvenance } from '../request/provenance';
import { drilledAt, type RecordedDrill, recordedDrill } from './drill-tags';

/** The copy a drill restores for one disk: its newest accomplished copy in the destination. */
export interface DrillCopy {
  SnapshotId: string;
  /** GiB, when ECS says (the size a disk restored from it needs). */
  SizeGiB: number | undefined;
  /** When the data it holds was taken: the source snapshot's CreationTime as ECS lists it, else the copy's own. */
  DataCreationTime: number;
  /** Made by this function (provenance tags), so the drill may record itself on it. */
  Ours: boolean;
  /** The last drill recorded on it. */
  LastDrill: RecordedDrill | undefined;
}

export interface DiskCopies {
  SourceDiskId: string;
  Copy: DrillCopy | undefined;
  /** When any copy of the disk in the destination was last drilled (the `drilled-at` tag); undefined: never. */
  LastDrilledAt: number | undefined;
}

/** A copy whose provenance tags ECS contradicts: it is not restored as the disk its tags name, and is reported. */
export type DisbelievedCopy = {
  SnapshotId: string;
  DestinationRegionId: string;
  /** What its tags say it is a copy of. */
  TaggedSourceSnapshotId: string;
  TaggedSourceDiskId: string;
  /** What ECS lists: the copy's SourceSnapshotId, and that snapshot's disk when the source region lists it. */
  SourceSnapshotId: string | undefined;
  SourceDiskId: string | undefined;
  Reason: string;
};

/** A destination snapshot read as a disk's recovery point, by ECS's own fields. */
type RecoveryPoint =
  | { kind: 'none' }
  | { kind: 'disbelieved'; copy: DisbelievedCopy }
  | { kind: 'point'; SourceDiskId: string; DataCreationTime: number; source: SnapshotInfo | undefined; Ours: boolean };

/**
 * Which disk's recovery point a destination snapshot is, by ECS's fields: a copy this function made (its provenance
 * tags, through the shared `ourCopyRecord` rule) counts only when ECS's SourceSnapshotId is the one its tags name and,
 * when the source region lists that snapshot, the snapshot's disk is the one its tags name; a copy any other tool
 * made counts by its SourceSnapshotId alone. The data time is the source snapshot's CreationTime as ECS lists it,
 * else the copy's own CreationTime; never the tag's.
 */
function recoveryPointOf(
  snapshot: SnapshotInfo,
  sources: ReadonlyMap<string, SnapshotInfo>,
  sourceRegionId: string,
  DestinationRegionId: string,
): RecoveryPoint {
  const claim = readProvenance(snapshot.Tags);
  const listedSource = snapshot.SourceSnapshotId === undefined ? undefined : sources.get(snapshot.SourceSnapshotId);
  if (claim === undefined || claim.SourceRegionId !== sourceRegionId) {
    const fromSourceRegion = snapshot.SourceRegionId === undefined || snapshot.SourceRegionId === sourceRegionId;
    if (listedSource === undefined || !fromSourceRegion) return { kind: 'none' };
    return {
      kind: 'point',
      SourceDiskId: listedSource.SourceDiskId,
      DataCreationTime: listedSource.CreationTime,
      source: listedSource,
      Ours: false,
    };
  }
  const disbelieve = (Reason: string): RecoveryPoint => ({
    kind: 'disbelieved',
    copy: {
      SnapshotId: snapshot.SnapshotId,
      DestinationRegionId,
      TaggedSourceSnapshotId: claim.SourceSnapshotId,
      TaggedSourceDiskId: claim.SourceDiskId,
      SourceSnapshotId: snapshot.SourceSnapshotId,
      SourceDiskId: listedSource?.SourceDiskId,
      Reason,
    },
  });
  if (snapshot.SourceSnapshotId === undefined) return disbelieve('ECS lists no SourceSnapshotId for it, so its tags cannot be checked');
  const record = ourCopyRecord(snapshot, DestinationRegionId, sourceRegionId);
  if (record === undefined) {
    return disbelieve(`its tags name source ${claim.SourceSnapshotId}, ECS's SourceSnapshotId is ${snapshot.SourceSnapshotId}`);
  }
  if (listedSource !== undefined && listedSource.SourceDiskId !== record.SourceDiskId) {
    return disbelieve(
      `its tags name disk ${record.SourceDiskId}, ECS lists its source ${listedSource.SnapshotId} as a snapshot of ${listedSource.SourceDiskId}`,
    );
  }
  return {
    kind: 'point',
    SourceDiskId: record.SourceDiskId,
    DataCreationTime: listedSource?.CreationTime ?? snapshot.CreationTime,
    source: listedSource,
    Ours: true,
  };
}

/** The source region's snapshots the run listed (those of the protected disks), by SnapshotId. */
export function sourcesById(snapshotsByDisk: ReadonlyMap<string, readonly SnapshotInfo[]>): Map<string, SnapshotInfo> {
  const sources = new Map<string, SnapshotInfo>();
  for (const snapshots of snapshotsByDisk.values()) for (const snapshot of snapshots) sources.set(snapshot.SnapshotId, snapshot);
  return sources;
}

/**
 * The sources, by ECS's SourceSnapshotId, of the copies whose tags claim a protected disk but whose source the run
 * did not list: a snapshot of another disk (a copy retagged as the disk's), or one deleted since. The run looks them
 * up by ID, so that a copy of another disk's snapshot is known as such whatever the selection.
 */
export function unlistedClaimedSources(
  disks: readonly string[],
  sources: ReadonlyMap<string, SnapshotInfo>,
  destination: readonly SnapshotInfo[],
  sourceRegionId: string,
): string[] {
  const protectedDisks = new Set(disks);
  const unlisted = new Set<string>();
  for (const snapshot of destination) {
    const claim = readProvenance(snapshot.Tags);
    const listed = snapshot.SourceSnapshotId;
    if (claim?.SourceRegionId !== sourceRegionId || !protectedDisks.has(claim.SourceDiskId) || listed === undefined) continue;
    if (!sources.has(listed)) unlisted.add(listed);
  }
  return [...unlisted];
}

/**
 * Finds, for each protected disk, its newest accomplished copy in a destination region's listing: a copy this
 * function made from the source region, or any copy whose SourceSnapshotId is one of the disk's snapshots, whoever
 * made it (console, automatic snapshot policy, another tool); which disk a copy is of, and the age of its data, are
 * read from ECS (recoveryPointOf). Copies whose tags ECS contradicts are returned apart, to be reported.
 */
export function findDrillCopies(
  disks: readonly string[],
  sources: ReadonlyMap<string, SnapshotInfo>,
  destination: readonly SnapshotInfo[],
  regions: { RegionId: string; DestinationRegionId: string },
): { copies: DiskCopies[]; disbelieved: DisbelievedCopy[] } {
  const byDisk = new Map<string, DiskCopies>(
    disks.map((disk) => [disk, { SourceDiskId: disk, Copy: undefined, LastDrilledAt: undefined }]),
  );
  const disbelieved: DisbelievedCopy[] = [];

  for (const snapshot of destination) {
    const point = recoveryPointOf(snapshot, sources, regions.RegionId, regions.DestinationRegionId);
    if (point.kind === 'disbelieved') disbelieved.push(point.copy);
    if (point.kind !== 'point') continue;
    const entry = byDisk.get(point.SourceDiskId);
    if (entry === undefined) continue;
    const drilled = drilledAt(snapshot.Tags);
    if (drilled !== undefined && drilled > (entry.LastDrilledAt ?? Number.NEGATIVE_INFINITY)) entry.LastDrilledAt = drilled;
    if (snapshot.Status !== 'accomplished') continue;
    if (entry.Copy !== undefined && entry.Copy.DataCreationTime >= point.DataCreationTime) continue;
    entry.Copy = {
      SnapshotId: snapshot.SnapshotId,
      SizeGiB: snapshot.SourceDiskSize ?? point.source?.SourceDiskSize,
      DataCreationTime: point.DataCreationTime,
      Ours: point.Ours,
      LastDrill: recordedDrill(snapshot.Tags),
    };
  }
  return { copies: [...byDisk.values()], disbelieved };
}

/**
 * The disks to drill this run: the least recently drilled first (never drilled before all others); among equals,
 * an order that changes from run to run, so that disks whose drills cannot be recorded still take turns.
 */
export function chooseDisksToDrill(candidates: readonly DiskCopies[], count: number, RunId: string): DiskCopies[] {
  const shuffle = (disk: string) => fnv1a(`${RunId}|${disk}`);
  return [...candidates]
    .sort(
      (a, b) =>
        (a.LastDrilledAt ?? Number.NEGATIVE_INFINITY) - (b.LastDrilledAt ?? Number.NEGATIVE_INFINITY) ||
        shuffle(a.SourceDiskId) - shuffle(b.SourceDiskId) ||
        (a.SourceDiskId < b.SourceDiskId ? -1 : 1),
    )
    .slice(0, count);
}

/** 32-bit FNV-1a: a spread of the ties, not anything secret. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  return hash >>> 0;
}
