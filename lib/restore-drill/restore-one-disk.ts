import { dataAgeHours } from '../copy/rpo-report';
import { diskCallClass } from '../ecs/disk-call-errors';
import { ERROR_CLASSES, type ErrorClass } from '../failures/error-classes';
import { CopyFailure, type Failure, failureOf } from '../failures/errors';
import type { DrillCopy } from './drill-copies';
import { type DrillContext, disposeDrillDisk, waitForDisk } from './drill-disk';
import type { Placement } from './drill-placement';
import type { DrillRestore, DrillResult, DrillSubject } from './drill-report';
import { drillClientToken, drillDiskTags } from './drill-tags';

/** One disk to drill: the copy to restore, and where. */
interface DrillTarget {
  RunId: string;
  RegionId: string;
  DestinationRegionId: string;
  SourceDiskId: string;
  Copy: DrillCopy;
  placement: Placement;
  /** A disk of this very run was found at the start (made by an earlier delivery of the event): CreateDisk's
   * ClientToken gives it back, and its time to restore cannot be measured from this delivery's call. */
  adopted: boolean;
}

export interface DrillLimits {
  /** DRILL_TIMEOUT_MINUTES. */
  timeoutMs: number;
  /** Time kept back before the invocation's deadline to delete the disk and see it gone. */
  reserveMs: number;
}

const UNLISTED_POLLS = 3;

const isErrorClass = (value: string | undefined): value is ErrorClass => value !== undefined && value in ERROR_CLASSES;

function failureFrom(error: unknown): Failure {
  if (!(error instanceof CopyFailure)) throw error;
  return failureOf(error);
}

/** The drill's subject and the copy it restores where: what every result of a restore carries. */
type RestoreBase = DrillSubject & DrillRestore;

/** How the wait for Available ended, before the disk is deleted. */
type Restored = { Outcome: 'restored'; timing: { RestoreSeconds: number } | { Reason: string } } | { Outcome: 'failed'; failure: Failure };

/** CreateDisk, tagged as a drill disk, with the ClientToken of the run and the disk: resolves with its DiskId. */
async function createDrillDisk(target: DrillTarget, context: DrillContext): Promise<string> {
  const created = await context.session.createDisk({
    RegionId: target.DestinationRegionId,
    ZoneId: target.placement.ZoneId,
    SnapshotId: target.Copy.SnapshotId,
    DiskCategory: target.placement.DiskCategory,
    Size: target.placement.Size,
    DiskName: `drill-${target.SourceDiskId}`,
    Description: `Restore drill ${target.RunId} of ${target.SourceDiskId} from ${target.Copy.SnapshotId} by snapshot-copy; deleted by the drill`,
    Tag: drillDiskTags({ RunId: target.RunId, SourceDiskId: target.SourceDiskId, CopySnapshotId: target.Copy.SnapshotId }),
    ClientToken: drillClientToken(target),
  });
  return created.value.DiskId;
}

/** The disk CreateDisk answered is not listed: what the copy's drill record says of it, never "deleted" without it. */
function unlistedAfterCreate(target: DrillTarget, base: RestoreBase, DiskId: string): Exclude<DrillResult, { Outcome: 'planned' }> {
  // The run's ClientToken gave back a disk that no longer exists: an earlier delivery drilled it and deleted it.
  // Its failure, when the copy records one, is reported again, so that FC's retries end in the failure destination.
  const earlier = target.Copy.LastDrill;
  if (earlier?.RunId !== target.RunId) {
    // No drill of this run is recorded on the copy (a copy another tool made cannot record one): the disk may be
    // gone, or DescribeDisks may not see it. Not listed is not deleted: it is not reported gone.
    return {
      Outcome: 'skipped',
      ...base,
      DrillDiskId: DiskId,
      DrillDiskState: 'left',
      Reason: `the disk CreateDisk answered (${DiskId}) is not listed in ${target.DestinationRegionId}: an earlier delivery of this run may have drilled and deleted it, or DescribeDisks does not see it (check ECS_ENDPOINT); if it exists, a later run deletes it`,
    };
  }
  const gone = {
    ...base,
    DrillDiskId: DiskId,
    DrillDiskState: 'gone' as const,
    Reason: 'an earlier delivery of this run drilled this disk',
  };
  if (earlier.Outcome !== 'failed') return { Outcome: 'skipped', ...gone };
  return {
    Outcome: 'failed',
    ...gone,
    // A record without a code (one a person edited, say) still names a failure.
    Code: earlier.Code ?? 'DrillFailed',
    Class: isErrorClass(earlier.Class) ? earlier.Class : 'unknown',
    Message: `the drill failed in an earlier delivery of ${target.RunId} (${earlier.Code})`,
  };
}

/**
 * Restores one copy to a pay-as-you-go disk and measures the time to Available: CreateDisk (tagged as a drill disk,
 * with a ClientToken of the run and the disk), DescribeDisks until the disk leaves Creating, then DeleteDisk and
 * DescribeDisks until it is gone. A disk not Available within the drill's timeout (or before the invocation's
 * deadline, less what deleting it needs) fails the drill, and is deleted all the same once it can be.
 */
export async function restoreOneDisk(
  target: DrillTarget,
  context: DrillContext,
  limits: DrillLimits,
): Promise<Exclude<DrillResult, { Outcome: 'planned' }>> {
  const { now, deadline } = context;
  const base: RestoreBase = {
    RunId: target.RunId,
    SourceDiskId: target.SourceDiskId,
    RegionId: target.RegionId,
    DestinationRegionId: target.DestinationRegionId,
    CopySnapshotId: target.Copy.SnapshotId,
    DataCreationTime: new Date(target.Copy.DataCreationTime).toISOString(),
    DataAgeHours: dataAgeHours(target.Copy.DataCreationTime, now()),
    ...(target.Copy.SizeGiB !== undefined ? { SizeGiB: target.Copy.SizeGiB } : {}),
    DiskCategory: target.placement.DiskCategory,
    ZoneId: target.placement.ZoneId,
  };
  const startedAt = now();
  let DiskId: string;
  try {
    DiskId = await createDrillDisk(target, context);
  } catch (error) {
    return { Outcome: 'failed', ...base, ...failureFrom(error) };
  }

  const waited = await waitUntilRestored(target, context, limits, DiskId, startedAt);
  if (waited.Outcome === 'unlisted') return unlistedAfterCreate(target, base, DiskId);
  if (waited.Outcome === 'in-use') {
    return {
      Outcome: 'failed',
      ...base,
      DrillDiskId: DiskId,
      DrillDiskState: 'in-use',
      Code: 'DrillDiskInUse',
      Class: diskCallClass('DrillDiskInUse'),
      Message: `${DiskId} was attached to an instance during the drill; it is not deleted`,
    };
  }
  const result = waited;

  const disposed = await disposeDrillDisk(context, target.DestinationRegionId, DiskId, now() + deadline.remainingMs() - 1000, {
    DeletableAs: 'created-by-this-run',
  });
  const disk = { DrillDiskId: DiskId, DrillDiskState: disposed.State, ...(disposed.Evidence ? { Evidence: disposed.Evidence } : {}) };
  if (result.Outcome === 'failed') return { Outcome: 'failed', ...base, ...result.failure, ...disk };
  // A restored disk that was not deleted fails the drill: it is still billed.
  if (disposed.failure !== undefined) return { Outcome: 'failed', ...base, ...result.timing, ...disk, ...failureFrom(disposed.failure) };
  return { Outcome: 'restored', ...base, ...result.timing, ...disk };
}

/**
 * How the created disk ended up: DescribeDisks until it leaves Creating, within the drill's timeout and before the
 * invocation's deadline less what deleting it needs. Restored (timed from the call, unless an earlier delivery made
 * it), not listed, attached by someone, or failed (still Creating, another status, a failed call).
 */
async function waitUntilRestored(
  target: DrillTarget,
  context: DrillContext,
  limits: DrillLimits,
  DiskId: string,
  startedAt: number,
): Promise<Restored | { Outcome: 'unlisted' } | { Outcome: 'in-use' }> {
  const { now, deadline } = context;
  const timeoutAt = startedAt + limits.timeoutMs;
  const cutOffAt = now() + deadline.remainingMs() - limits.reserveMs;
  let unlisted = 0;
  try {
    const waited = await waitForDisk(
      context,
      target.DestinationRegionId,
      DiskId,
      // A disk not listed three polls in a row is gone; once could be a listing that lags behind CreateDisk (UNVERIFIED).
      (disk) => (disk === undefined ? ++unlisted >= UNLISTED_POLLS : disk.Status !== 'Creating'),
      Math.min(timeoutAt, cutOffAt),
    );
    const status = waited.disk?.Status;
    if (status === undefined) return { Outcome: 'unlisted' };
    if (status === 'In_use') return { Outcome: 'in-use' };
    if (status === 'Available') {
      return target.adopted
        ? {
            Outcome: 'restored',
            timing: { Reason: 'the disk was made by an earlier delivery of this run: its time to restore is not measured' },
          }
        : { Outcome: 'restored', timing: { RestoreSeconds: Math.round((waited.seenAt - startedAt) / 100) / 10 } };
    }
    if (status === 'Creating') {
      const Message =
        timeoutAt <= cutOffAt
          ? `${DiskId} was not Available within DRILL_TIMEOUT_MINUTES (${Math.round(limits.timeoutMs / 60_000)} min)`
          : `${DiskId} was not Available before the function timeout (${Math.round((now() - startedAt) / 1000)} s after CreateDisk)`;
      return { Outcome: 'failed', failure: { Code: 'DrillTimeout', Class: diskCallClass('DrillTimeout'), Message } };
    }
    const Message = `${DiskId} went ${status} instead of Available`;
    return { Outcome: 'failed', failure: { Code: 'IncorrectDiskStatus', Class: diskCallClass('IncorrectDiskStatus'), Message } };
  } catch (error) {
    return { Outcome: 'failed', failure: failureFrom(error) };
  }
}
