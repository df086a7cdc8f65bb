import type { SnapshotInfo } from '../ecs/ecs';
import { readProvenance } from '../request/provenance';

/** A copy this function made, as found in a destination region (by its provenance tags). */
export interface CopyRecord {
  SnapshotId: string;
  DestinationRegionId: string;
  Status: SnapshotInfo['Status'];
  Progress: string;
  CreationTime: number;
  SourceSnapshotId: string;
  SourceDiskId: string;
  /** When the data it holds was taken. */
  SourceCreationTime: number;
}

/** What the RPO report needs of one disk's copies. */
interface DiskCopies {
  newestAccomplished: CopyRecord | undefined;
  progressing: CopyRecord[];
  failed: CopyRecord[];
}

const hasCopy = (records: readonly CopyRecord[], SnapshotId: string) => records.some((record) => record.SnapshotId === SnapshotId);

/**
 * The copies of one source region found in one destination region, kept as the plan and the RPO report ask for
 * them, and no more, so that a destination holding weeks of copies costs per disk, not per copy:
 * - every copy of the sources the run may copy (the plan looks for an earlier copy, and counts the failed ones);
 * - per disk, the newest accomplished copy, the copies still running and the copies that failed (the RPO report);
 * - the IDs of the sources with a copy that did not fail (a failed copy of one of them was made again): the one
 *   thing kept per copy, its source's ID.
 * Copies made during the run are added as they are made.
 */
export class DestinationCopies {
  private readonly bySource = new Map<string, CopyRecord[]>();
  private readonly byDisk = new Map<string, DiskCopies>();
  private readonly sourcesCopied = new Set<string>();
  private runningCopies = 0;

  constructor(
    readonly DestinationRegionId: string,
    private readonly sourceRegionId: string,
    /** The sources the run may copy: the plan asks for their copies. */
    private readonly plannedSources: ReadonlySet<string>,
  ) {}

  /** Keeps only what this function copied from the source region; anything else in the region is not ours. */
  addListed(snapshot: SnapshotInfo): void {
    const provenance = readProvenance(snapshot.Tags);
    if (!provenance || provenance.SourceRegionId !== this.sourceRegionId) return;
    this.add({
      SnapshotId: snapshot.SnapshotId,
      DestinationRegionId: this.DestinationRegionId,
      Status: snapshot.Status,
      Progress: snapshot.Progress,
      CreationTime: snapshot.CreationTime,
      SourceSnapshotId: provenance.SourceSnapshotId,
      SourceDiskId: provenance.SourceDiskId,
      SourceCreationTime: provenance.SourceCreationTime,
    });
  }

  add(record: CopyRecord): void {
    if (this.plannedSources.has(record.SourceSnapshotId)) {
      const records = this.bySource.get(record.SourceSnapshotId) ?? [];
      if (!hasCopy(records, record.SnapshotId)) this.bySource.set(record.SourceSnapshotId, [...records, record]);
    }
    if (record.Status !== 'failed') this.sourcesCopied.add(record.SourceSnapshotId);
    const disk = this.diskCopies(record.SourceDiskId);
    if (record.Status === 'accomplished') {
      // Of two copies holding data of the same age, the first found.
      const newest = disk.newestAccomplished;
      if (!newest || record.SourceCreationTime > newest.SourceCreationTime) disk.newestAccomplished = record;
    } else if (record.Status === 'progressing') {
      if (!hasCopy(disk.progressing, record.SnapshotId)) {
        disk.progressing.push(record);
        this.runningCopies++;
      }
    } else if (!hasCopy(disk.failed, record.SnapshotId)) {
      disk.failed.push(record);
    }
  }

  private diskCopies(DiskId: string): DiskCopies {
    let disk = this.byDisk.get(DiskId);
    if (!disk) {
      disk = { newestAccomplished: undefined, progressing: [], failed: [] };
      this.byDisk.set(DiskId, disk);
    }
    return disk;
  }

  /** Every copy of a source the run may copy (see `plannedSources`). */
  ofSource(sourceSnapshotId: string): CopyRecord[] {
    return this.bySource.get(sourceSnapshotId) ?? [];
  }

  /** The accomplished copy of the disk holding the newest data. */
  newestAccomplished(diskId: string): CopyRecord | undefined {
    return this.byDisk.get(diskId)?.newestAccomplished;
  }

  /** Copies of the disk still running, in the order they were found or made. */
  progressing(diskId: string): CopyRecord[] {
    return this.byDisk.get(diskId)?.progressing ?? [];
  }

  /** Copies of the disk that failed, and whose source has no copy that did not fail. */
  failedNotMadeAgain(diskId: string): CopyRecord[] {
    return (this.byDisk.get(diskId)?.failed ?? []).filter((record) => !this.sourcesCopied.has(record.SourceSnapshotId));
  }

  /** Copies still running in this region, which count against MAX_COPIES_IN_FLIGHT. */
  progressingCount(): number {
    return this.runningCopies;
  }
}
