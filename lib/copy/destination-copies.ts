import type { SnapshotInfo, SnapshotPage, UnrecognizedSnapshot } from '../ecs/ecs';
import { readProvenance } from '../request/provenance';

/** Said of a copy found without this function's provenance tags: the console, an automatic snapshot policy, ... */
export const ANOTHER_TOOL = 'another tool';

/**
 * A copy found in a destination region: one this function made (by its provenance tags), or one another tool made
 * of a source the run selected (by ECS's own SourceSnapshotId and SourceRegionId; `MadeBy` says so).
 */
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
  /** Absent for this function's copies; ANOTHER_TOOL for a copy without its provenance tags. */
  MadeBy?: string;
}

/** What the run knows of a source it selected: a copy another tool made of it counts for this disk and time. */
type KnownSource = Pick<SnapshotInfo, 'SourceDiskId' | 'CreationTime'>;

/** A listed snapshot that could not be read and names a source the run may copy: possibly an earlier copy of it. */
interface UnreadableCopy {
  SnapshotId: string | undefined;
  SourceSnapshotId: string;
  reason: string;
}

/** What the RPO report needs of one disk's copies. */
interface DiskCopies {
  newestAccomplished: CopyRecord | undefined;
  progressing: CopyRecord[];
  failed: CopyRecord[];
}

/**
 * A copy this function made from the source region, known by its provenance tags, unless ECS's own SourceSnapshotId
 * names another source (tags set by hand, or by someone who replayed a ClientToken, are not believed).
 */
export function ourCopyRecord(snapshot: SnapshotInfo, DestinationRegionId: string, sourceRegionId: string): CopyRecord | undefined {
  const provenance = readProvenance(snapshot.Tags);
  if (!provenance || provenance.SourceRegionId !== sourceRegionId) return undefined;
  if ((snapshot.SourceSnapshotId ?? provenance.SourceSnapshotId) !== provenance.SourceSnapshotId) return undefined;
  return {
    SnapshotId: snapshot.SnapshotId,
    DestinationRegionId,
    Status: snapshot.Status,
    Progress: snapshot.Progress,
    CreationTime: snapshot.CreationTime,
    SourceSnapshotId: provenance.SourceSnapshotId,
    SourceDiskId: provenance.SourceDiskId,
    SourceCreationTime: provenance.SourceCreationTime,
  };
}

const hasCopy = (records: readonly CopyRecord[], SnapshotId: string) => records.some((record) => record.SnapshotId === SnapshotId);

/**
 * The copies of one source region found in one destination region, kept as the plan and the RPO report ask for
 * them, and no more, so that a destination holding weeks of copies costs per disk, not per copy:
 * - every copy of the sources the run may copy (the plan looks for an earlier copy, and counts the failed ones);
 * - per disk, the newest accomplished copy, the copies still running and the copies that failed (the RPO report);
 * - the IDs of the sources with a copy that did not fail (a failed copy of one of them was made again): the one
 *   thing kept per copy, its source's ID.
 * Copies made during the run are added as they are made. A copy counts whoever made it: this function (its
 * provenance tags), or another tool (ECS's SourceSnapshotId naming a source the run selected, whose disk and time are
 * therefore known; a copy of a source the run did not select is left out, as its disk and data time are not known).
 */
export class DestinationCopies {
  private readonly bySource = new Map<string, CopyRecord[]>();
  private readonly unreadable = new Map<string, UnreadableCopy[]>();
  private readonly byDisk = new Map<string, DiskCopies>();
  private readonly sourcesCopied = new Set<string>();
  private runningCopies = 0;

  constructor(
    readonly DestinationRegionId: string,
    private readonly sourceRegionId: string,
    /** The sources the run may copy: the plan asks for their copies. */
    private readonly plannedSources: ReadonlySet<string>,
    /** The sources the run selected, by SnapshotId: a copy another tool made of one of them is known by it. */
    private readonly knownSources: ReadonlyMap<string, KnownSource> = new Map(),
  ) {}

  /** Every snapshot of a listed page, the readable ones and those that could not be read. */
  addPage(page: SnapshotPage): void {
    for (const snapshot of page.Snapshots) this.addListed(snapshot);
    for (const snapshot of page.Unrecognized ?? []) this.addUnreadable(snapshot);
  }

  /**
   * Keeps the copies of the source region's snapshots: this function's (provenance tags), and those another tool
   * made of a selected source. ECS's own SourceSnapshotId, when listed, is what the copy holds: tags that name another
   * source (set by hand, or by someone who replayed a ClientToken) are not believed.
   */
  addListed(snapshot: SnapshotInfo): void {
    const ours = ourCopyRecord(snapshot, this.DestinationRegionId, this.sourceRegionId);
    if (ours) {
      this.add(ours);
      return;
    }
    const listedSource = snapshot.SourceSnapshotId;
    const base = {
      SnapshotId: snapshot.SnapshotId,
      DestinationRegionId: this.DestinationRegionId,
      Status: snapshot.Status,
      Progress: snapshot.Progress,
      CreationTime: snapshot.CreationTime,
    };
    if (listedSource === undefined || !this.isOfSourceRegion(snapshot.SourceRegionId)) return;
    const source = this.knownSources.get(listedSource);
    if (!source) return;
    this.add({
      ...base,
      SourceSnapshotId: listedSource,
      SourceDiskId: source.SourceDiskId,
      SourceCreationTime: source.CreationTime,
      MadeBy: ANOTHER_TOOL,
    });
  }

  /**
   * A listed snapshot that could not be read (a Status this function does not know, say) and whose SourceSnapshotId
   * names a source the run may copy: it may be an earlier copy, so the plan does not copy that source again.
   */
  addUnreadable(snapshot: UnrecognizedSnapshot): void {
    const source = snapshot.SourceSnapshotId;
    if (source === undefined || !this.plannedSources.has(source) || !this.isOfSourceRegion(snapshot.SourceRegionId)) return;
    const seen = this.unreadable.get(source) ?? [];
    if (seen.some((copy) => copy.SnapshotId === snapshot.SnapshotId)) return;
    this.unreadable.set(source, [...seen, { SnapshotId: snapshot.SnapshotId, SourceSnapshotId: source, reason: snapshot.reason }]);
  }

  /** A SourceRegionId left out is taken as the source region: snapshot IDs name one snapshot, whatever its region. */
  private isOfSourceRegion(SourceRegionId: string | undefined): boolean {
    return SourceRegionId === undefined || SourceRegionId === this.sourceRegionId;
  }

  /** Snapshots listed with the source's SourceSnapshotId that could not be read: possibly earlier copies of it. */
  unreadableOf(sourceSnapshotId: string): UnreadableCopy[] {
    return this.unreadable.get(sourceSnapshotId) ?? [];
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
