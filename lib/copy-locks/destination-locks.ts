import type { EcsDiskSession } from '../calls/ecs-disk-session';
import { inPool } from '../calls/in-pool';
import type { CopyLock, CopyOrder } from '../copy/copy-order';
import type { CheckedRun } from '../copy/copy-run';
import { ourCopyRecord } from '../copy/destination-copies';
import type { LockResult } from '../copy/lock-result';
import { diskCallClass } from '../ecs/disk-call-errors';
import { HOLDING_LOCK_STATUSES, type LockedSnapshotInfo, type SnapshotRetention } from '../ecs/ecs-disks';
import { CopyFailure, type Failure, failureOf } from '../failures/errors';
import { type CopyToLock, lockCopy, subjectOf } from './lock-copy';

const DAY_MS = 86_400_000;

/** A copy of ours the locks watch, by its provenance tags: its Status and data time when the destination was listed. */
export interface WatchedCopy extends CopyToLock {
  Status?: 'progressing' | 'accomplished';
  /** When the data it holds was taken (its provenance tag), in ms. */
  SourceCreationTime?: number;
}

/** One destination as the locks found it, and the locks this run set there and found in its list of locks. */
export interface DestinationLocks {
  copies: WatchedCopy[];
  /** Each copy's lock as DescribeLockedSnapshots listed it before the run locked any (an expired one too); none: no lock. */
  locks: ReadonlyMap<string, LockedSnapshotInfo>;
  /** The copies this run locked whose lock the destination's list of locks then showed. */
  confirmed: Set<string>;
}

/** Whether a lock holds its snapshot (compliance-cooloff or compliance): it cannot be deleted while it does. */
export const holds = (lock: LockedSnapshotInfo | undefined): boolean =>
  lock !== undefined && HOLDING_LOCK_STATUSES.includes(lock.LockStatus);

/** The disks whose copies the locks watch: every disk the selection protects, and the disks of its sources. */
export function watchedDisks(checked: CheckedRun): Set<string> {
  const disks = new Set(checked.sources.protectedDisks);
  for (const verdict of checked.sources.verdicts) disks.add(verdict.snapshot.SourceDiskId);
  disks.delete('');
  return disks;
}

/**
 * The copies of ours to watch in one destination (copies that did not fail):
 * - for a selection of disks, the destination listed whole, page by page, keeping this function's copies from the
 *   source region of the watched disks (ourCopyRecord: by their provenance tags, unless ECS's SourceSnapshotId names
 *   another source). Whole, since a copy whose tags ECS has not indexed yet is still listed with them;
 * - for exact picks (a request naming snapshots, not disks to protect), only the copies of ours the plan found already
 *   there: a copy made now is locked as it is made, and nothing else is listed.
 */
export async function findWatchedCopies(
  session: EcsDiskSession,
  order: Pick<CopyOrder, 'RegionId' | 'exactPicksOnly'>,
  checked: CheckedRun,
  DestinationRegionId: string,
): Promise<WatchedCopy[]> {
  if (order.exactPicksOnly) {
    return checked.plan.results.flatMap((result) =>
      result.Outcome === 'already-present' && result.MadeBy === undefined && result.DestinationRegionId === DestinationRegionId
        ? [
            {
              SnapshotId: result.SnapshotId,
              DestinationRegionId,
              SourceSnapshotId: result.SourceSnapshotId,
              SourceDiskId: result.SourceDiskId ?? '',
            },
          ]
        : [],
    );
  }
  const disks = watchedDisks(checked);
  if (disks.size === 0) return [];
  const copies: WatchedCopy[] = [];
  for await (const page of session.snapshotPages({ RegionId: DestinationRegionId })) {
    for (const snapshot of page.Snapshots) {
      const copy = ourCopyRecord(snapshot, DestinationRegionId, order.RegionId);
      if (copy === undefined || copy.Status === 'failed' || !disks.has(copy.SourceDiskId)) continue;
      const { SnapshotId, SourceSnapshotId, SourceDiskId, Status, SourceCreationTime } = copy;
      copies.push({ SnapshotId, DestinationRegionId, SourceSnapshotId, SourceDiskId, Status, SourceCreationTime });
    }
  }
  return copies;
}

/**
 * Why ECS would refuse to lock the copy now: "The lock must expire on or before the snapshot retention period"
 * (https://www.alibabacloud.com/help/en/ecs/user-guide/lock-snapshot), and a lock set now ends LockDays from now at
 * the earliest (from when the copy is accomplished, for one still progressing). By ECS's own CreationTime and
 * RetentionDays; none for a copy kept for good.
 */
export function releasedBeforeLockEnds(retention: SnapshotRetention, lock: CopyLock, nowMs: number): string | undefined {
  if (retention.RetentionDays === undefined) return undefined;
  const releasedMs = retention.CreationTime + retention.RetentionDays * DAY_MS;
  if (nowMs + lock.LockDays * DAY_MS <= releasedMs) return undefined;
  return `ECS releases it at ${new Date(releasedMs).toISOString()} (RetentionDays ${retention.RetentionDays}), before a lock of ${lock.LockDays} days set now would end, and refuses such a lock`;
}

/** The newest data first, then the SnapshotId: the copies a run's share of locks goes to first. */
const newestDataFirst = (a: WatchedCopy, b: WatchedCopy) =>
  (b.SourceCreationTime ?? 0) - (a.SourceCreationTime ?? 0) || (a.SnapshotId < b.SnapshotId ? -1 : a.SnapshotId > b.SnapshotId ? 1 : 0);

/**
 * Locks the destination's watched copies that have no lock at all: a copy with any lock record, an expired one
 * included, is never sent LockSnapshot, which would re-configure or extend its lock. Each is first held against its
 * retention (RetentionDays from DescribeSnapshots: `skipped` when it is released before the lock would end). At most
 * `maxLocks` are locked (or planned, in a dry run) a run, the newest first; the others are `left` to the next runs,
 * so that the first run after LOCK_DAYS is set does not hold the fleet's copies back. Every lock ECS answered is then
 * looked for in the destination's list of locks: one that is not there failed (LockNotConfirmed), which a ClientToken
 * ECS answers from its memory of a lock someone has since removed in its cool-off would otherwise hide. `stop`: the
 * failure of that last read, the locks set standing.
 */
export async function lockUnlockedCopies(
  session: EcsDiskSession,
  destination: DestinationLocks,
  DestinationRegionId: string,
  lock: CopyLock,
  settings: { DryRun: boolean; nowMs: number; maxLocks: number },
): Promise<{ results: LockResult[]; stop?: Failure }> {
  const unlocked = destination.copies.filter((copy) => !destination.locks.has(copy.SnapshotId)).sort(newestDataFirst);
  if (unlocked.length === 0) return { results: [] };
  const retention = await session.retentionOf(
    DestinationRegionId,
    unlocked.map((copy) => copy.SnapshotId),
  );
  const results: LockResult[] = [];
  const toLock: WatchedCopy[] = [];
  let share = 0;
  for (const copy of unlocked) {
    const kept = retention.get(copy.SnapshotId);
    const refused = kept === undefined ? 'ECS no longer lists it' : releasedBeforeLockEnds(kept, lock, settings.nowMs);
    if (refused !== undefined) {
      results.push({ ...subjectOf(copy, lock), Outcome: 'skipped', Reason: refused });
    } else if (share >= settings.maxLocks) {
      results.push({
        ...subjectOf(copy, lock),
        Outcome: 'left',
        Reason: `not locked this run: a run locks at most ${settings.maxLocks} copies found without a lock in a destination (API_CALLS_PER_MINUTE), the newest first; the next run locks it`,
      });
    } else {
      share++;
      if (settings.DryRun) results.push({ ...subjectOf(copy, lock), Outcome: 'planned' });
      else toLock.push(copy);
    }
  }
  const locked = await inPool(toLock, session.concurrency, (copy) => lockCopy(session, copy, lock));
  const answered = locked.filter((result) => result.Outcome === 'locked');
  if (answered.length === 0) return { results: [...results, ...locked] };
  try {
    const listed = await session.locksOf(
      DestinationRegionId,
      answered.map((result) => result.SnapshotId),
    );
    const confirmed = locked.map((result): LockResult => {
      if (result.Outcome !== 'locked') return result;
      if (holds(listed.get(result.SnapshotId))) {
        destination.confirmed.add(result.SnapshotId);
        return result;
      }
      return notConfirmed(result, listed.get(result.SnapshotId));
    });
    return { results: [...results, ...confirmed] };
  } catch (error) {
    if (!(error instanceof CopyFailure)) throw error;
    return { results: [...results, ...locked], stop: failureOf(error) };
  }
}

/** LockSnapshot answered, yet the destination's list of locks shows no lock that holds the copy. */
function notConfirmed(result: Extract<LockResult, { Outcome: 'locked' }>, listed: LockedSnapshotInfo | undefined): LockResult {
  const Code = 'LockNotConfirmed';
  const { Outcome, LockStatus, CoolOffPeriodExpiredTime, LockExpiredTime, RequestId, ...subject } = result;
  return {
    ...subject,
    Outcome: 'failed',
    Code,
    Class: diskCallClass(Code),
    Message: `LockSnapshot ${result.SnapshotId} was answered (RequestId ${RequestId}), but DescribeLockedSnapshots in ${result.DestinationRegionId} lists ${listed === undefined ? 'no lock' : `a lock with LockStatus ${listed.LockStatus}`} for it`,
    RequestId,
  };
}
