import type { EcsDiskSession } from '../calls/ecs-disk-session';
import { isDeadlineExceeded } from '../calls/retry';
import type { CopyLock } from '../copy/copy-order';
import type { LockResult, LockSubject } from '../copy/lock-result';
import { CopyFailure, failureOf } from '../failures/errors';
import { lockClientToken } from './lock-token';

/** The copy to lock: which it is, with the lock asked for added by `subjectOf`. */
export type CopyToLock = Omit<LockSubject, 'LockDays' | 'LockCoolOffHours'>;

export const subjectOf = (copy: CopyToLock, lock: CopyLock): LockSubject => ({
  SnapshotId: copy.SnapshotId,
  DestinationRegionId: copy.DestinationRegionId,
  SourceSnapshotId: copy.SourceSnapshotId,
  SourceDiskId: copy.SourceDiskId,
  LockDays: lock.LockDays,
  LockCoolOffHours: lock.LockCoolOffHours,
});

const NO_TIME_LEFT = 'not locked: the function timeout is near; the next run locks it';

/**
 * One LockSnapshot in compliance mode (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-locksnapshot),
 * sent to the copy's region, for a copy that has no lock: `LockDuration` LockDays, `CoolOffPeriod` LockCoolOffHours,
 * its derived ClientToken (lock-token.ts), with which every retry is sent. A call the deadline leaves no time for is
 * `left`; a failure is the copy's `failed` lock, never the copy's: the copy stands, and the next run locks it.
 */
export async function lockCopy(session: EcsDiskSession, copy: CopyToLock, lock: CopyLock): Promise<LockResult> {
  const subject = subjectOf(copy, lock);
  const ClientToken = lockClientToken(copy, lock);
  try {
    const { value } = await session.lockSnapshot({
      RegionId: copy.DestinationRegionId,
      SnapshotId: copy.SnapshotId,
      LockDuration: lock.LockDays,
      CoolOffPeriod: lock.LockCoolOffHours,
      ClientToken,
    });
    const { LockStatus, CoolOffPeriodExpiredTime, LockExpiredTime } = value.LockedSnapshotInfo;
    return {
      ...subject,
      Outcome: 'locked',
      LockStatus,
      CoolOffPeriodExpiredTime,
      LockExpiredTime,
      ClientToken,
      RequestId: value.RequestId,
    };
  } catch (error) {
    if (!(error instanceof CopyFailure)) throw error;
    // The pacer's turn would have come after the deadline: no call was made.
    if (isDeadlineExceeded(error) && error.attempts === 0) return { ...subject, Outcome: 'left', Reason: NO_TIME_LEFT };
    return { ...subject, Outcome: 'failed', ClientToken, ...failureOf(error) };
  }
}
