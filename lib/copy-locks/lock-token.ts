import { deriveClientToken } from '../copy/client-token';
import type { CopyLock } from '../copy/copy-order';

/**
 * The ClientToken of a copy's LockSnapshot: derived, as a copy's own is (lib/copy/client-token.ts: the `sc-` prefix no
 * caller may send, at most 64 ASCII characters), from the copy (its region and SnapshotId) and the lock asked for, so
 * that every call that could lock this copy so, in this invocation or another racing it, carries the same token and
 * ECS sets the lock once: a repeat "answers the first call's answer and changes nothing", where a second token would
 * re-configure the lock in its cool-off, or extend it after. It is never a copy's token: those are derived from a
 * source snapshot, with other salt. The lock's days and cool-off are in it so that a copy whose lock someone removed in
 * its cool-off (UnlockSnapshot) is locked anew after LOCK_DAYS changes, instead of being answered
 * IdempotentParameterMismatch.
 */
export function lockClientToken(copy: { SnapshotId: string; DestinationRegionId: string }, lock: CopyLock): string {
  const { DestinationRegionId: RegionId, SnapshotId } = copy;
  return deriveClientToken(['LockSnapshot', String(lock.LockDays), String(lock.LockCoolOffHours)], {
    RegionId,
    SnapshotId,
    DestinationRegionId: RegionId,
  });
}
