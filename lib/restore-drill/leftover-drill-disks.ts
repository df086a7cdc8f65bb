import type { Tag } from '../ecs/copy-snapshot-parameters';
import type { DiskInfo } from '../ecs/ecs-disks';
import { type DeletableAs, type DrillContext, disposeDrillDisk } from './drill-disk';
import type { LeftoverDrillDisk } from './drill-report';
import { DRILL_MARKER, DRILL_TAG_KEYS, drillRunOf, drillSourceDiskOf, isDrillDisk } from './drill-tags';

/**
 * FC 3.0's longest function timeout, 86400 s (s.yaml's `timeout`: 1-86400): no invocation of this function, whatever
 * its configuration, runs longer. A drill disk is created by a running invocation, so one whose ECS CreationTime is
 * older than this (plus DRILL_TIMEOUT_MINUTES, the time a run may time it) belongs to a run that is over, even if
 * the function's timeout was raised since that run began. The cost: a disk a killed run left is billed up to a day
 * longer before a later run deletes it.
 */
export const FC_MAX_INVOCATION_MS = 86_400_000;

/** How old (by ECS's CreationTime) another run's drill disk must be before a run deletes it as a leftover. */
export function sweepAfterMs(drillTimeoutMinutes: number): number {
  return drillTimeoutMinutes * 60_000 + FC_MAX_INVOCATION_MS;
}

/**
 * How far ECS's clock (a disk's CreationTime) may be behind the time that names the run (a timer's triggerTime, or
 * the invocation's start) for a disk of the run: both are to the second, and the run only creates disks after it
 * began, so a minute is a margin for two clocks, not for any disk made before the run.
 */
const RUN_CLOCK_MARGIN_MS = 60_000;

/**
 * What a run's leftover sweep may do with a disk a DescribeDisks listing returned: `ignore` (not a drill disk, or not
 * of the runs this sweep is for), `report` (a drill disk that is not deleted now, and why), or `dispose` (delete it,
 * with what makes it deletable). Tags identify a drill disk and its run; only ECS's CreationTime makes another run's
 * disk old enough, so that a run never deletes a disk another run may still be timing.
 */
export type SweepDecision =
  | { kind: 'ignore' }
  | { kind: 'report'; DrillDiskState: 'in-use' | 'young' | 'left'; Reason: string }
  | { kind: 'dispose'; deletable: DeletableAs };

export function sweepDecision(
  disk: Pick<DiskInfo, 'Tags' | 'Status' | 'CreationTime'>,
  which: { RunId: string; own: boolean; RunStartedAt: number },
  nowMs: number,
  drillTimeoutMinutes: number,
): SweepDecision {
  if (!isDrillDisk(disk.Tags) || (drillRunOf(disk.Tags) === which.RunId) !== which.own) return { kind: 'ignore' };
  if (disk.Status === 'In_use') return { kind: 'report', DrillDiskState: 'in-use', Reason: 'attached to an instance: never deleted' };
  if (which.own) {
    // The run's tags are easy to write (its RunId is the trigger time): only ECS's CreationTime, not before the run
    // began, makes a disk tagged with this run one the run may have made.
    if (disk.CreationTime === undefined || disk.CreationTime < which.RunStartedAt - RUN_CLOCK_MARGIN_MS) {
      return {
        kind: 'report',
        DrillDiskState: 'left',
        Reason:
          disk.CreationTime === undefined
            ? 'tagged with this run, but ECS did not list a readable CreationTime to show the run made it: not deleted'
            : "tagged with this run, but ECS's CreationTime is before the run began, so the run did not make it: not deleted",
      };
    }
    return { kind: 'dispose', deletable: { DeletableAs: 'tagged-with-this-run', CreationTime: new Date(disk.CreationTime).toISOString() } };
  }
  if (disk.CreationTime === undefined) {
    return {
      kind: 'report',
      DrillDiskState: 'left',
      Reason: 'ECS did not list a readable CreationTime, so its age cannot be proved: not deleted',
    };
  }
  const ageMs = nowMs - disk.CreationTime;
  const limitMs = sweepAfterMs(drillTimeoutMinutes);
  const SweepAfterMinutes = Math.round(limitMs / 60_000);
  if (!(ageMs > limitMs)) {
    return {
      kind: 'report',
      DrillDiskState: 'young',
      Reason: `created ${Math.max(0, Math.round(ageMs / 60_000))} min ago by ECS's CreationTime: another run may still be timing it; deleted once older than ${SweepAfterMinutes} min`,
    };
  }
  return {
    kind: 'dispose',
    deletable: {
      DeletableAs: 'leftover-past-sweep-age',
      CreationTime: new Date(disk.CreationTime).toISOString(),
      AgeMinutes: Math.round(ageMs / 60_000),
      SweepAfterMinutes,
    },
  };
}

/**
 * Finds the drill disks in a region by their marker tag and deletes those `sweepDecision` allows: at the start of a
 * run, those of other runs that are provably over (a run killed mid-drill leaves its disk; the current run's own are
 * left to CreateDisk's ClientToken, which gives them back); at its end, those of the run itself (a CreateDisk answer
 * lost on the way). A disk the listing returns without the marker is not touched; an attached one, another run's
 * recent one, and one without a readable CreationTime are reported, never deleted.
 */
export async function cleanUpDrillDisks(
  context: DrillContext,
  DestinationRegionId: string,
  which: { RunId: string; own: boolean; RunStartedAt: number; drillTimeoutMinutes: number },
  untilMs: () => number,
  DryRun: boolean,
): Promise<LeftoverDrillDisk[]> {
  const Tag: Tag[] = which.own ? [DRILL_MARKER, { Key: DRILL_TAG_KEYS.RunId, Value: which.RunId }] : [DRILL_MARKER];
  const found = await context.session.listDisks({ RegionId: DestinationRegionId, Tag });
  const leftovers: LeftoverDrillDisk[] = [];
  for (const disk of found) {
    const decision = sweepDecision(disk, which, context.now(), which.drillTimeoutMinutes);
    if (decision.kind === 'ignore') continue;
    const base = {
      DiskId: disk.DiskId,
      DestinationRegionId,
      DrillRunId: drillRunOf(disk.Tags),
      SourceDiskId: drillSourceDiskOf(disk.Tags),
      Status: disk.Status,
      ...(disk.CreationTime !== undefined ? { CreationTime: new Date(disk.CreationTime).toISOString() } : {}),
    };
    if (decision.kind === 'report') {
      leftovers.push({ ...base, DrillDiskState: decision.DrillDiskState, Reason: decision.Reason });
      continue;
    }
    if (DryRun) {
      leftovers.push({ ...base, DrillDiskState: 'planned' });
      continue;
    }
    const disposed = await disposeDrillDisk(context, DestinationRegionId, disk.DiskId, untilMs(), decision.deletable);
    leftovers.push({
      ...base,
      DrillDiskState: disposed.State,
      ...(disposed.Evidence ? { Evidence: disposed.Evidence } : {}),
      ...(disposed.failure ? { Code: disposed.failure.Code, Class: disposed.failure.errorClass, Message: disposed.failure.Message } : {}),
    });
  }
  return leftovers;
}
