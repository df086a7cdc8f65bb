import { dataAge, type RpoStatus } from '../copy/rpo-report';
import { type DestinationLocks, holds, type WatchedCopy } from './destination-locks';

/**
 * The newest copy of each disk in one destination that is accomplished and locked: its lock, as read, holds it
 * (compliance-cooloff or compliance), or this run locked it and found the lock in the destination's list of locks.
 * A copy still progressing, or whose lock has expired, protects nothing yet.
 */
export function newestProtected(destination: DestinationLocks): Map<string, WatchedCopy> {
  const newest = new Map<string, WatchedCopy>();
  for (const copy of destination.copies) {
    if (copy.Status !== 'accomplished' || copy.SourceCreationTime === undefined) continue;
    if (!holds(destination.locks.get(copy.SnapshotId)) && !destination.confirmed.has(copy.SnapshotId)) continue;
    const held = newest.get(copy.SourceDiskId);
    if (held === undefined || copy.SourceCreationTime > (held.SourceCreationTime ?? 0)) newest.set(copy.SourceDiskId, copy);
  }
  return newest;
}

/**
 * Each protected disk's RPO in each destination with its protected RPO beside it: the newest locked copy
 * (newestProtected), when its data was taken and how old it is now, by the formula of the copied data's age. With a
 * Lock, a pair is within RPO only when its protected data is too: a copy that exists but can still be deleted is not
 * the protection asked for. A destination whose locks could not be read (absent from `byDestination`) has none.
 */
export function withProtectedRpo(
  statuses: readonly RpoStatus[],
  byDestination: ReadonlyMap<string, ReadonlyMap<string, WatchedCopy>>,
  rpoHours: number,
  nowMs: number,
): RpoStatus[] {
  return statuses.map((status) => {
    const newest = byDestination.get(status.DestinationRegionId)?.get(status.DiskId);
    const age = dataAge(newest?.SourceCreationTime, rpoHours, nowMs);
    return {
      ...status,
      ProtectedCopySnapshotId: newest?.SnapshotId ?? null,
      ProtectedDataCreationTime: age.DataCreationTime,
      ProtectedDataAgeHours: age.DataAgeHours,
      WithinRpo: status.WithinRpo && age.WithinRpo,
    };
  });
}
