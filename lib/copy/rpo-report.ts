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
  /**
   * With a Lock (LOCK_DAYS): the newest copy that is accomplished and locked (compliance-cooloff or compliance), the
   * time and age of its data, null when there is none, and WithinRpo false while that data is older than RPO_HOURS
   * (lib/copy-locks/protected-rpo.ts). Absent without a Lock.
   */
  ProtectedCopySnapshotId?: string | null;
  ProtectedDataCreationTime?: string | null;
  ProtectedDataAgeHours?: number | null;
}

/**
 * How old the data of a disk's newest accomplished copy is (`SourceCreationTime`, when its source was taken), in
 * hours to two decimals, against RPO_HOURS; no copy is never within RPO.
 */
export function dataAge(
  SourceCreationTime: number | undefined,
  rpoHours: number,
  nowMs: number,
): Pick<RpoStatus, 'DataCreationTime' | 'DataAgeHours' | 'WithinRpo'> {
  const DataAgeHours = SourceCreationTime === undefined ? null : dataAgeHours(SourceCreationTime, nowMs);
  return {
    DataCreationTime: SourceCreationTime === undefined ? null : new Date(SourceCreationTime).toISOString(),
    DataAgeHours,
    WithinRpo: DataAgeHours !== null && DataAgeHours <= rpoHours,
  };
}

/** Hours from when a copy's data was taken to now, to two decimals: the one formula of every DataAgeHours. */
export function dataAgeHours(DataCreationTime: number, nowMs: number): number {
  return Math.round(((nowMs - DataCreationTime) / 3_600_000) * 100) / 100;
}

export function rpoStatus(diskId: string, copies: DestinationCopies, rpoHours: number, nowMs: number): RpoStatus {
  const newest = copies.newestAccomplished(diskId);
  return {
    DiskId: diskId,
    DestinationRegionId: copies.DestinationRegionId,
    NewestCopySnapshotId: newest?.SnapshotId ?? null,
    ...dataAge(newest?.SourceCreationTime, rpoHours, nowMs),
    Progressing: copies.progressing(diskId).map((record) => record.SnapshotId),
    Failed: copies.failedNotMadeAgain(diskId).map((record) => record.SnapshotId),
  };
}
