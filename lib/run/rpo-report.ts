import type { DestinationCopies } from './destination-copies';

/** How far behind one protected disk's data is in one destination region. */
export interface RpoStatus {
  DiskId: string;
  DestinationRegionId: string;
  /** The newest accomplished copy, if any. */
  NewestCopySnapshotId: string | null;
  /** When the data in that copy was taken (the source snapshot's CreationTime). */
  DataCreationTime: string | null;
  /** Hours since then; null when the destination holds no accomplished copy of the disk. */
  DataAgeHours: number | null;
  WithinRpo: boolean;
  /** Copies of the disk still running. */
  Progressing: string[];
  /** Copies of the disk that failed and were not made again since. */
  Failed: string[];
}

export function rpoStatus(diskId: string, copies: DestinationCopies, rpoHours: number, nowMs: number): RpoStatus {
  const newest = copies.newestAccomplished(diskId);
  const ageHours = newest ? Math.round(((nowMs - newest.SourceCreationTime) / 3_600_000) * 100) / 100 : null;
  return {
    DiskId: diskId,
    DestinationRegionId: copies.DestinationRegionId,
    NewestCopySnapshotId: newest?.SnapshotId ?? null,
    DataCreationTime: newest ? new Date(newest.SourceCreationTime).toISOString() : null,
    DataAgeHours: ageHours,
    WithinRpo: ageHours !== null && ageHours <= rpoHours,
    Progressing: copies.progressing(diskId).map((record) => record.SnapshotId),
    Failed: copies.failedNotMadeAgain(diskId).map((record) => record.SnapshotId),
  };
}
