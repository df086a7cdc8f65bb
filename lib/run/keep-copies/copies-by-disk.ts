import type { SnapshotInfo } from '../../ecs/ecs';
import { readProvenance } from '../../request/provenance';
import type { CopyRecord } from '../destination-copies';

/**
 * Every copy this function made from one source region into one destination, by source disk. KeepCopies counts a
 * disk's copies, so it keeps all of them, where the copy run keeps only what its plan and report need.
 */
export class CopiesByDisk {
  private readonly byDisk = new Map<string, CopyRecord[]>();

  constructor(
    readonly DestinationRegionId: string,
    private readonly sourceRegionId: string,
  ) {}

  /** Keeps only what carries this function's provenance tags from the source region; anything else is not ours. */
  addListed(snapshot: SnapshotInfo): void {
    const provenance = readProvenance(snapshot.Tags);
    if (!provenance || provenance.SourceRegionId !== this.sourceRegionId) return;
    const records = this.byDisk.get(provenance.SourceDiskId) ?? [];
    if (records.some((record) => record.SnapshotId === snapshot.SnapshotId)) return;
    records.push({
      SnapshotId: snapshot.SnapshotId,
      DestinationRegionId: this.DestinationRegionId,
      Status: snapshot.Status,
      Progress: snapshot.Progress,
      CreationTime: snapshot.CreationTime,
      SourceSnapshotId: provenance.SourceSnapshotId,
      SourceDiskId: provenance.SourceDiskId,
      SourceCreationTime: provenance.SourceCreationTime,
    });
    this.byDisk.set(provenance.SourceDiskId, records);
  }

  ofDisk(SourceDiskId: string): readonly CopyRecord[] {
    return this.byDisk.get(SourceDiskId) ?? [];
  }
}
