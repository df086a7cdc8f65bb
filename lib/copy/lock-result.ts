import type { Failure } from '../failures/errors';

/** The copy a lock is for, and the lock asked for. */
export interface LockSubject {
  /** The copy, in DestinationRegionId. */
  SnapshotId: string;
  DestinationRegionId: string;
  SourceSnapshotId: string;
  SourceDiskId: string;
  /** LockSnapshot's LockDuration (days) and CoolOffPeriod (hours). */
  LockDays: number;
  LockCoolOffHours: number;
}

/**
 * What became of one copy's lock:
 * - `locked`: LockSnapshot answered, with the lock ECS set (its status, and when its cool-off and the lock end);
 * - `planned`: a dry run's lock to set;
 * - `skipped`: the copy is released (RetentionDays) before the lock would end, which ECS refuses, or is no longer
 *   listed: not locked, and not a failure;
 * - `left`: not locked this run (no time left, or the run's share of locks of copies found without one is used up):
 *   the next run locks it;
 * - `failed`: LockSnapshot failed, or its lock is not in the destination's list of locks after it answered; the copy
 *   stands, and the next run locks it.
 */
export type LockResult =
  | (LockSubject & {
      Outcome: 'locked';
      LockStatus: string;
      CoolOffPeriodExpiredTime: string;
      LockExpiredTime: string;
      ClientToken: string;
      RequestId: string;
    })
  | (LockSubject & { Outcome: 'planned' })
  | (LockSubject & { Outcome: 'skipped'; Reason: string })
  | (LockSubject & { Outcome: 'left'; Reason: string })
  | (LockSubject & { Outcome: 'failed'; ClientToken: string } & Failure);

/** The locks of a destination could not be read or listed: none of its copies is locked this run. */
export type LocksStop = Failure & { DestinationRegionId: string };
