import * as z from 'zod';
import { type EcsError, ecsError } from './errors';
import { formatEcsTime } from './snapshot';
import type { EcsVariants } from './variants';

/**
 * A snapshot lock in compliance mode, the only mode ECS offers
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-locksnapshot ,
 * https://www.alibabacloud.com/help/en/ecs/user-guide/lock-snapshot): during the cool-off it can be removed or
 * re-configured and the snapshot cannot be deleted; after it, nobody can delete the snapshot or unlock it, and the
 * lock can only be extended, until it expires.
 */

export type LockMode = 'compliance';
/** The SDK's three values (`@alicloud/ecs20140526` 7.11.6, DescribeLockedSnapshotsRequest `LockStatus`). */
export type LockStatus = 'compliance-cooloff' | 'compliance' | 'expired';
export const LOCK_STATUSES: readonly LockStatus[] = ['compliance-cooloff', 'compliance', 'expired'];

/** "Valid values: 1 to 36500" days, "0 to 72" hours (LockSnapshotRequest). */
export const LOCK_DURATION_DAYS = { min: 1, max: 36500 } as const;
export const COOL_OFF_PERIOD_HOURS = { min: 0, max: 72 } as const;

const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** A lock as the store keeps it; its status and times are computed from the clock when read. */
export interface SnapshotLock {
  readonly LockMode: LockMode;
  /** Days, counted from the lock duration's start. */
  readonly LockDuration: number;
  /** Hours from `lockCreationMs`. */
  readonly CoolOffPeriod: number;
  /** When the lock was set (or last re-configured during a cool-off), on a whole second as ECS writes times. */
  readonly lockCreationMs: number;
  /**
   * The earliest the lock duration may start: the lock's creation, or when it was last extended after its cool-off.
   * It starts at the later of this and the snapshot's accomplishment ("If you lock a snapshot that is in the
   * progressing state, the lock duration starts only after the snapshot enters the accomplished state"). That an
   * extension restarts the duration at the time of the call (as EBS snapshot lock does) is UNVERIFIED.
   */
  readonly durationFromMs: number;
}

/**
 * One item of DescribeLockedSnapshots' `LockedSnapshotsInfo[]`, and LockSnapshot's `LockedSnapshotInfo`: the nine
 * fields of the SDK model, times `yyyy-MM-ddTHH:mm:ssZ`. `LockDurationStartTime` and `LockExpiredTime` are `""` while
 * the snapshot is progressing, as neither is known before it is accomplished (what ECS answers then, `""`, a time
 * or no field, is UNVERIFIED: a client must read all three the same).
 */
export interface LockedSnapshotInfo {
  SnapshotId: string;
  LockMode: LockMode;
  LockStatus: LockStatus;
  LockDuration: number;
  CoolOffPeriod: number;
  CoolOffPeriodExpiredTime: string;
  LockCreationTime: string;
  LockDurationStartTime: string;
  LockExpiredTime: string;
}

/** ECS's times have whole seconds: a lock's times are kept on them, so that what is shown is what is compared. */
export const wholeSecond = (ms: number): number => Math.floor(ms / 1000) * 1000;

/** A new lock from now: every parameter of the request, new times. */
export function newLock(LockDuration: number, CoolOffPeriod: number, nowMs: number): SnapshotLock {
  const at = wholeSecond(nowMs);
  return { LockMode: 'compliance', LockDuration, CoolOffPeriod, lockCreationMs: at, durationFromMs: at };
}

export function coolOffExpiredMs(lock: SnapshotLock): number {
  return lock.lockCreationMs + lock.CoolOffPeriod * HOUR_MS;
}

/** When the lock duration starts, given when the snapshot becomes accomplished (undefined: not known to). */
export function durationStartMs(lock: SnapshotLock, accomplishedAtMs: number | undefined): number | undefined {
  return accomplishedAtMs === undefined ? undefined : Math.max(lock.durationFromMs, wholeSecond(accomplishedAtMs));
}

/** The lock's times now: its duration's start and its expiry are unknown until the snapshot is accomplished. */
export function lockTimesAt(
  lock: SnapshotLock,
  accomplishedAtMs: number | undefined,
  nowMs: number,
): { status: LockStatus; startMs: number | undefined; expiredMs: number | undefined } {
  const known = accomplishedAtMs !== undefined && accomplishedAtMs <= nowMs ? accomplishedAtMs : undefined;
  const startMs = durationStartMs(lock, known);
  const expiredMs = startMs === undefined ? undefined : startMs + lock.LockDuration * DAY_MS;
  // A lock whose duration ends within its cool-off (1 day, 72 hours) has expired: it no longer protects anything.
  const status: LockStatus =
    expiredMs !== undefined && nowMs >= expiredMs ? 'expired' : nowMs < coolOffExpiredMs(lock) ? 'compliance-cooloff' : 'compliance';
  return { status, startMs, expiredMs };
}

/** The lock as DescribeLockedSnapshots and LockSnapshot answer it. */
export function lockedSnapshotInfo(
  SnapshotId: string,
  lock: SnapshotLock,
  accomplishedAtMs: number | undefined,
  nowMs: number,
): LockedSnapshotInfo {
  const { status, startMs, expiredMs } = lockTimesAt(lock, accomplishedAtMs, nowMs);
  return {
    SnapshotId,
    LockMode: lock.LockMode,
    LockStatus: status,
    LockDuration: lock.LockDuration,
    CoolOffPeriod: lock.CoolOffPeriod,
    CoolOffPeriodExpiredTime: formatEcsTime(coolOffExpiredMs(lock)),
    LockCreationTime: formatEcsTime(lock.lockCreationMs),
    LockDurationStartTime: startMs === undefined ? '' : formatEcsTime(startMs),
    LockExpiredTime: expiredMs === undefined ? '' : formatEcsTime(expiredMs),
  };
}

/** A lock that still holds: the snapshot cannot be deleted. */
export const holds = (status: LockStatus | undefined): boolean => status === 'compliance-cooloff' || status === 'compliance';

/**
 * The `lockUnsupportedRegions` variant: a region that does not offer snapshot lock answers each of its three actions
 * 403 `OperationDenied.NotSupportedInRegion`. Which regions offer it, and what the others answer (this code, another,
 * or DescribeLockedSnapshots an empty list), is UNVERIFIED.
 */
export function lockUnsupportedError(variants: Readonly<EcsVariants>, RegionId: string): EcsError | undefined {
  if (!variants.lockUnsupportedRegions.includes(RegionId)) return undefined;
  return ecsError(403, 'OperationDenied.NotSupportedInRegion', 'The snapshot lock feature is not supported in the specified region.');
}

/** A lock to put on a snapshot before a test or a demo; it bypasses LockSnapshot's state rules (retention, re-lock). */
export interface SeedLock {
  RegionId: string;
  SnapshotId: string;
  LockDuration: number;
  /** 0 (locked at once) when absent. */
  CoolOffPeriod?: number;
  /** When the lock was set; now when absent. A time in the past seeds a lock already past its cool-off, or expired. */
  LockCreationTime?: string;
}

export const SeedLockSchema = z.strictObject({
  RegionId: z.string().min(1),
  SnapshotId: z.string().min(1),
  LockDuration: z.number().int().min(LOCK_DURATION_DAYS.min).max(LOCK_DURATION_DAYS.max),
  CoolOffPeriod: z.number().int().min(COOL_OFF_PERIOD_HOURS.min).max(COOL_OFF_PERIOD_HOURS.max).optional(),
  LockCreationTime: z
    .string()
    .refine((value) => !Number.isNaN(Date.parse(value)), 'must be a date such as 2026-05-01T02:00:00Z')
    .optional(),
}) satisfies z.ZodType<SeedLock>;
