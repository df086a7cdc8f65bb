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

/**
 * The copies of one source region found in one destination region, indexed the ways the plan and the RPO report
 * ask: by source snapshot, and by source disk. Copies made during the run are added as they are made.
 */
export class DestinationCopies {
  private readonly bySource = new Map<string, CopyRecord[]>();
  private readonly byDisk = new Map<string, CopyRecord[]>();

  constructor(
    readonly DestinationRegionId: string,
    private readonly sourceRegionId: string,
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
    for (const [index, key] of [
      [this.bySource, record.SourceSnapshotId],
      [this.byDisk, record.SourceDiskId],
    ] as const) {
      const records = index.get(key) ?? [];
      if (!records.some((existing) => existing.SnapshotId === record.SnapshotId)) index.set(key, [...records, record]);
    }
  }

  ofSource(sourceSnapshotId: string): CopyRecord[] {
    return this.bySource.get(sourceSnapshotId) ?? [];
  }

  ofDisk(diskId: string): CopyRecord[] {
    return this.byDisk.get(diskId) ?? [];
  }

  /** Copies still running in this region, which count against MAX_COPIES_IN_FLIGHT. */
  progressingCount(): number {
    let count = 0;
    for (const records of this.bySource.values()) count += records.filter((record) => record.Status === 'progressing').length;
    return count;
  }
}
