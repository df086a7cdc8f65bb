import type { Deadline } from '../calls/deadline';
import { type DiskSessionDependencies, type EcsDiskSession, openDiskSession } from '../calls/ecs-disk-session';
import type { RetryEvent } from '../calls/retry';
import { type SharedEndpointNote, sharedEndpointNote } from '../config/shared-endpoint';
import type { CopyOrder } from '../copy/copy-order';
import type { CheckedRun } from '../copy/copy-run';
import { findProtectedDisks } from '../copy/protected-disks';
import type { Credentials } from '../ecs/credentials';
import { diskCallClass } from '../ecs/disk-call-errors';
import type { SnapshotInfo } from '../ecs/ecs';
import type { LockedSnapshotInfo } from '../ecs/ecs-disks';
import { CopyFailure, type Failure, failureOf } from '../failures/errors';
import { deleteConfirmed } from './delete-confirmed';
import { listDestination, locksOfCandidates, lookUpSources } from './listings';
import { DestinationListing, type PruneRank, type PruneSubject } from './prune-plan';
import { runChecks } from './run-checks';

type PruneBase = PruneSubject & { DestinationRegionId: string; KeepCopies: number };

/**
 * What became of one copy of a protected disk that KeepCopies judged:
 * - `pruned`: DeleteSnapshot sent and ECS confirmed it gone in the destination's own listing; with the evidence that
 *   made it deletable (its rank by ECS time past KeepCopies, the newest copy kept, no disk created from it);
 * - `planned`: a dry run's, with the same evidence;
 * - `kept`: a rule keeps it now (`Reason`: a copy of the disk progressing, disks created from it, tags that disagree
 *   with ECS, ...), or it is locked (with its lock's LockStatus and LockExpiredTime), or ECS refused the deletion
 *   (SnapshotCreatedDisk, SnapshotCreatedImage: it is never forced; OperationDenied.SnapshotLocked), with ECS's
 *   refusal as its Failure;
 * - `failed`: a call failed, or the deletion was answered but not confirmed (DeletionNotConfirmed).
 */
export type PruneResult =
  | (PruneBase & PruneRank & { Outcome: 'pruned'; DisksCreatedFromIt: 0; ConfirmedGone: true; RequestId: string | undefined })
  | (PruneBase & PruneRank & { Outcome: 'planned'; DisksCreatedFromIt: 0 })
  | (PruneBase & { Outcome: 'kept'; Reason: string })
  | (PruneBase & { Outcome: 'kept'; Reason: string } & Pick<LockedSnapshotInfo, 'LockStatus' | 'LockExpiredTime'>)
  | (PruneBase & { Outcome: 'kept'; Reason: string } & Failure)
  | (PruneBase & { Outcome: 'failed' } & Failure);

interface PruneSummary {
  Pruned: number;
  PrunePlanned: number;
  PruneKept: number;
  PruneFailed: number;
}

export interface PruneReport {
  Summary: PruneSummary;
  Copies: PruneResult[];
  ApiCalls: number;
  /** Why KeepCopies stopped before judging every copy (a check of the run, or a listing, failed). */
  Stopped?: PruneStop;
}

/** A failure that stopped KeepCopies, as safe to show as any CopyFailure. */
export type PruneStop = Failure;

export type KeepCopiesOrder = Pick<CopyOrder, 'RegionId' | 'DestinationRegionIds' | 'selection' | 'DryRun' | 'AllowEmpty'> & {
  KeepCopies: number;
};

/**
 * KeepCopies (docs/keep-copies.md): keeps the `KeepCopies` newest accomplished copies of each protected disk in each
 * destination, newest by ECS's own times, and deletes older ones of this function's copies with DeleteSnapshot, each
 * confirmed gone in the destination's listing. Runs at the copy run's `checkedAndPlanned` point, and only when
 * every check of the run passed (`checked`); for the operator's invocations only (an HTTP caller never gets here).
 */
export async function keepCopies(
  order: KeepCopiesOrder,
  checked: CheckedRun,
  settings: { apiCallsPerMinute: number; ecsEndpointTemplate: string },
  dependencies: DiskSessionDependencies,
  credentials: Credentials,
  deadline: Deadline,
  hooks: {
    onRetry?: (event: RetryEvent & { Action: string }) => void;
    onPrune?: (result: PruneResult) => void;
    onStopped?: (stop: PruneStop) => void;
    onSharedEndpoint?: (note: SharedEndpointNote) => void;
  } = {},
): Promise<PruneReport> {
  const session = openDiskSession(settings.apiCallsPerMinute, dependencies, credentials, deadline, hooks.onRetry);
  const results: PruneResult[] = [];
  const report = (Stopped?: PruneStop): PruneReport => {
    const count = (outcome: PruneResult['Outcome']) => results.filter((result) => result.Outcome === outcome).length;
    return {
      Summary: { Pruned: count('pruned'), PrunePlanned: count('planned'), PruneKept: count('kept'), PruneFailed: count('failed') },
      Copies: results,
      ApiCalls: session.apiCalls,
      ...(Stopped !== undefined ? { Stopped } : {}),
    };
  };
  const checks = runChecks(order, checked);
  if (!checks.passed) {
    const stop = { Code: checks.Code, Class: diskCallClass(checks.Code), Message: checks.Message };
    hooks.onStopped?.(stop);
    return report(stop);
  }
  const note = sharedEndpointNote(settings.ecsEndpointTemplate, 'KeepCopies');
  if (note) hooks.onSharedEndpoint?.(note);
  const tell = (result: PruneResult) => {
    results.push(result);
    hooks.onPrune?.(result);
  };
  try {
    await pruneEachDestination(order, checks.answered, session, dependencies, tell);
  } catch (error) {
    // A listing failed (after its retries): nothing more is deleted, and the copies are not held back by it; the
    // invocation fails at its end (keep-copies-verdict.ts), so FC's failure destination tells the operator.
    if (!(error instanceof CopyFailure)) throw error;
    const stop = failureOf(error);
    hooks.onStopped?.(stop);
    return report(stop);
  }
  return report();
}

/**
 * Lists the source region for the protected disks (and their snapshots), then each destination whole, looks up the
 * sources ECS names for its copies, judges each protected disk's copies there (DestinationListing.planPrune), and
 * reads the locks of those it would delete: a locked copy (any lock that has not expired) is kept.
 */
async function pruneEachDestination(
  order: KeepCopiesOrder,
  answered: ReadonlySet<string>,
  session: EcsDiskSession,
  { now, sleep }: Pick<DiskSessionDependencies, 'now' | 'sleep'>,
  tell: (result: PruneResult) => void,
): Promise<void> {
  const { disks, snapshotsByDisk } = await findProtectedDisks(order.RegionId, order.selection, session, now());
  if (disks.length === 0) return;
  const sources = new Map<string, SnapshotInfo>();
  for (const snapshots of snapshotsByDisk.values()) for (const snapshot of snapshots) sources.set(snapshot.SnapshotId, snapshot);
  for (const DestinationRegionId of order.DestinationRegionIds) {
    const listed = await listDestination(session, DestinationRegionId);
    const unknown = DestinationListing.sourcesToLookUp(listed.snapshots, order.RegionId).filter((id) => !sources.has(id));
    for (const source of await lookUpSources(session, order.RegionId, unknown)) sources.set(source.SnapshotId, source);
    const destination = new DestinationListing(DestinationRegionId, order.RegionId, sources);
    for (const snapshot of listed.snapshots) destination.add(snapshot);
    for (const snapshot of listed.unreadable) destination.addUnreadable(snapshot);

    const decisions = disks.flatMap((SourceDiskId) => destination.planPrune(SourceDiskId, order.KeepCopies, answered));
    const candidates = decisions.flatMap((decision) => (decision.kind === 'delete' ? [decision.copy.SnapshotId] : []));
    const locks = await locksOfCandidates(session, DestinationRegionId, candidates);
    for (const decision of decisions) {
      const base = { ...decision.subject, DestinationRegionId, KeepCopies: order.KeepCopies };
      if (decision.kind === 'keep') {
        tell({ ...base, Outcome: 'kept', Reason: decision.Reason });
        continue;
      }
      const lock = locks.get(decision.copy.SnapshotId);
      if (lock !== undefined && lock.LockStatus !== 'expired') {
        const { LockStatus, LockExpiredTime } = lock;
        const until = LockExpiredTime === '' ? 'from when it is accomplished' : `until ${LockExpiredTime}`;
        tell({
          ...base,
          Outcome: 'kept',
          Reason: `it is locked (${LockStatus}, ${until}): a locked copy is never deleted`,
          LockStatus,
          LockExpiredTime,
        });
        continue;
      }
      const outcome = await deleteConfirmed(decision.copy.SnapshotId, DestinationRegionId, order.DryRun, session, sleep);
      switch (outcome.kind) {
        case 'deleted':
          tell({
            ...base,
            ...decision.rank,
            Outcome: 'pruned',
            DisksCreatedFromIt: 0,
            ConfirmedGone: true,
            RequestId: outcome.RequestId,
          });
          break;
        case 'would-delete':
          tell({ ...base, ...decision.rank, Outcome: 'planned', DisksCreatedFromIt: 0 });
          break;
        case 'kept':
          tell({ ...base, Outcome: 'kept', Reason: outcome.Reason });
          break;
        case 'refused':
          tell({ ...base, Outcome: 'kept', Reason: outcome.failure.Message, ...outcome.failure });
          break;
        case 'failed':
          tell({ ...base, Outcome: 'failed', ...outcome.failure });
          break;
      }
    }
  }
}
