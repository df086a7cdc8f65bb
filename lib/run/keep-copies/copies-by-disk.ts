import type { SnapshotInfo } from '../../ecs/ecs';
import { type CopyRecord, ourCopyRecord } from '../destination-copies';

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

  /** Keeps only this function's copies from the source region (ourCopyRecord); anything else is not ours. */
  addListed(snapshot: SnapshotInfo): void {
    const record = ourCopyRecord(snapshot, this.DestinationRegionId, this.sourceRegionId);
    if (!record) return;
    const records = this.byDisk.get(record.SourceDiskId) ?? [];
    if (records.some((existing) => existing.SnapshotId === record.SnapshotId)) return;
    records.push(record);
    this.byDisk.set(record.SourceDiskId, records);
  }

  ofDisk(SourceDiskId: string): readonly CopyRecord[] {
    return this.byDisk.get(SourceDiskId) ?? [];
  }
}
