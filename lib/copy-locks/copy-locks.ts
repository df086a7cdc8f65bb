import type { EcsDiskSession } from '../calls/ecs-disk-session';
import type { CopyLock, CopyOrder } from '../copy/copy-order';
import type { CopyResult } from '../copy/copy-plan';
import type { CheckedRun, RunReport } from '../copy/copy-run';
import type { LockResult, LocksStop } from '../copy/lock-result';
import type { RpoStatus } from '../copy/rpo-report';
import type { RunVerdict } from '../copy/run-verdict';
import { CopyFailure, type Failure, failureOf } from '../failures/errors';
import { type DestinationLocks, findWatchedCopies, lockUnlockedCopies, type WatchedCopy } from './destination-locks';
import { lockCopy } from './lock-copy';
import type { LockObserver } from './lock-observer';
import { locksVerdict, withLockCounts } from './locks-verdict';
import { newestProtected, withProtectedRpo } from './protected-rpo';

export interface CopyLocksSettings {
  now: () => number;
  /** The copies found without a lock that a run locks at most in each destination (API_CALLS_PER_MINUTE). */
  maxLocks: number;
  rpoHours: number;
}

/**
 * The copies' locks of one copy run (docs/locks.md), over one EcsDiskSession: `reconcile` at the run's
 * checkedAndPlanned point, then `copied` for each copy the run starts; what they did goes into the run's report and
 * verdict. The function never sends LockSnapshot for a copy with a lock, never calls UnlockSnapshot, and a failed
 * lock never undoes or hides a copy.
 */
export class CopyLocks {
  private readonly results: LockResult[] = [];
  private readonly stops: LocksStop[] = [];
  /** Each destination whose copies and locks were read: the protected RPO's source. */
  private readonly destinations = new Map<string, DestinationLocks>();
  /** The pairs the report found within RPO by their copied data and outside it by their locked data. */
  private protectedMisses: RpoStatus[] = [];

  constructor(
    private readonly order: Pick<CopyOrder, 'RegionId' | 'DestinationRegionIds' | 'DryRun' | 'exactPicksOnly'>,
    private readonly lock: CopyLock,
    private readonly session: EcsDiskSession,
    private readonly observer: LockObserver,
    private readonly settings: CopyLocksSettings,
  ) {}

  /**
   * In each destination, the copies of ours that have no lock at all are locked (findWatchedCopies says which copies,
   * lockUnlockedCopies how), and the locks read stay for the protected RPO. A destination whose listing or locks
   * cannot be read is stopped (`copy-locks-stopped`), and nothing is locked there this run; the others go on.
   */
  async reconcile(checked: CheckedRun): Promise<void> {
    for (const DestinationRegionId of this.order.DestinationRegionIds) {
      try {
        const copies = await findWatchedCopies(this.session, this.order, checked, DestinationRegionId);
        const locks = await this.session.locksOf(
          DestinationRegionId,
          copies.map((copy) => copy.SnapshotId),
        );
        const destination: DestinationLocks = { copies, locks, confirmed: new Set() };
        this.destinations.set(DestinationRegionId, destination);
        const { results, stop } = await lockUnlockedCopies(this.session, destination, DestinationRegionId, this.lock, {
          DryRun: this.order.DryRun,
          nowMs: this.settings.now(),
          maxLocks: this.settings.maxLocks,
        });
        for (const result of results) this.tell(result);
        if (stop !== undefined) this.stop(DestinationRegionId, stop);
      } catch (error) {
        if (!(error instanceof CopyFailure)) throw error;
        this.destinations.delete(DestinationRegionId);
        this.stop(DestinationRegionId, failureOf(error));
      }
    }
  }

  /** Locks a copy CopySnapshot has just made (a `copied` result), in the invocation that made it. */
  async copied(result: CopyResult): Promise<void> {
    if (result.Outcome !== 'copied') return;
    const { SnapshotId, DestinationRegionId, SourceSnapshotId } = result;
    this.tell(
      await lockCopy(
        this.session,
        { SnapshotId, DestinationRegionId, SourceSnapshotId, SourceDiskId: result.SourceDiskId ?? '' },
        this.lock,
      ),
    );
  }

  /** Whether every lock asked for was set (or planned, skipped or left) and every destination's locks were read. */
  get ok(): boolean {
    return this.stops.length === 0 && this.results.every((result) => result.Outcome !== 'failed');
  }

  /** The run's report with the locks' counts, each lock, and the protected RPO of each protected disk and destination. */
  report(report: RunReport): RunReport {
    const protectedCopies = new Map<string, ReadonlyMap<string, WatchedCopy>>();
    for (const [DestinationRegionId, destination] of this.destinations)
      protectedCopies.set(DestinationRegionId, newestProtected(destination));
    const Rpo = withProtectedRpo(report.Rpo, protectedCopies, this.settings.rpoHours, this.settings.now());
    this.protectedMisses = Rpo.filter((status, index) => !status.WithinRpo && report.Rpo[index]?.WithinRpo === true);
    const within = Rpo.filter((status) => status.WithinRpo).length;
    const counted = withLockCounts(report, this.results, this.stops, this.session.apiCalls);
    return { ...counted, Summary: { ...counted.Summary, WithinRpo: within, OutsideRpo: Rpo.length - within }, Rpo };
  }

  /** The run's verdict with the locks' (after `report`, which finds the pairs outside RPO by their locked data). */
  verdict(verdict: RunVerdict, fromHttpCaller: boolean): RunVerdict {
    const { results, stops, protectedMisses } = this;
    return locksVerdict(verdict, { results, stops, protectedMisses }, fromHttpCaller);
  }

  private tell(result: LockResult): void {
    this.results.push(result);
    this.observer.onLock(result);
  }

  private stop(DestinationRegionId: string, failure: Failure): void {
    const stop = { ...failure, DestinationRegionId };
    this.stops.push(stop);
    this.observer.onLocksStopped(stop);
  }
}
