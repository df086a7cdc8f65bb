import type { SnapshotInfo } from '../../ecs/ecs';
import { readProvenance } from '../../request/provenance';
import { drilledAt, type RecordedDrill, recordedDrill } from './drill-tags';

/** The copy a drill restores for one disk: its newest accomplished copy in the destination. */
export interface DrillCopy {
  SnapshotId: string;
  /** GiB, when ECS says (the size a disk restored from it needs). */
  SizeGiB: number | undefined;
  /** When the data it holds was taken: the source snapshot's CreationTime. */
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

/**
 * Finds, for each protected disk, its newest accomplished copy in a destination region's listing: a copy this
 * function made from the source region (its provenance tags name the disk), or any copy whose SourceSnapshotId is one
 * of the disk's snapshots, whoever made it (console, automatic snapshot policy, another tool).
 */
export function findDrillCopies(
  disks: readonly string[],
  snapshotsByDisk: ReadonlyMap<string, readonly SnapshotInfo[]>,
  destination: readonly SnapshotInfo[],
  sourceRegionId: string,
): DiskCopies[] {
  const sources = new Map<string, SnapshotInfo>();
  for (const snapshots of snapshotsByDisk.values()) for (const snapshot of snapshots) sources.set(snapshot.SnapshotId, snapshot);
  const byDisk = new Map<string, DiskCopies>(
    disks.map((disk) => [disk, { SourceDiskId: disk, Copy: undefined, LastDrilledAt: undefined }]),
  );

  for (const snapshot of destination) {
    const provenance = readProvenance(snapshot.Tags);
    const ours = provenance !== undefined && provenance.SourceRegionId === sourceRegionId;
    const source = sources.get(ours ? provenance.SourceSnapshotId : (snapshot.SourceSnapshotId ?? ''));
    const disk = ours ? provenance.SourceDiskId : source?.SourceDiskId;
    const entry = disk === undefined ? undefined : byDisk.get(disk);
    if (entry === undefined) continue;
    const drilled = drilledAt(snapshot.Tags);
    if (drilled !== undefined && drilled > (entry.LastDrilledAt ?? Number.NEGATIVE_INFINITY)) entry.LastDrilledAt = drilled;
    if (snapshot.Status !== 'accomplished') continue;
    const DataCreationTime =
      (ours && provenance.SourceCreationTime > 0 ? provenance.SourceCreationTime : source?.CreationTime) ?? snapshot.CreationTime;
    if (entry.Copy !== undefined && entry.Copy.DataCreationTime >= DataCreationTime) continue;
    entry.Copy = {
      SnapshotId: snapshot.SnapshotId,
      SizeGiB: snapshot.SourceDiskSize ?? source?.SourceDiskSize,
      DataCreationTime,
      Ours: ours,
      LastDrill: recordedDrill(snapshot.Tags),
    };
  }
  return [...byDisk.values()];
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
