import type { Deadline } from '../calls/deadline';
import type { EcsDiskSession } from '../calls/ecs-disk-session';
import { diskCallFailure } from '../ecs/disk-call-errors';
import type { DiskInfo } from '../ecs/ecs-disks';
import { CopyFailure } from '../failures/errors';
import { drillRunOf, drillSourceDiskOf, isDrillDisk } from './drill-tags';

/** What a drill needs to create, watch and delete its disks. */
export interface DrillContext {
  session: EcsDiskSession;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  deadline: Deadline;
}

/**
 * What became of a drill disk: `gone` (no longer listed by the destination's DescribeDisks), `deleting` (listed
 * Deleting after DeleteDisk), `in-use` (attached to an instance: never deleted, reported), `young` (another run's
 * disk, too recent by ECS's CreationTime to be a leftover: that run may still be timing it), `left` (still being
 * created, in another state, with no readable CreationTime, a deletion ECS did not confirm, or no time left: a later
 * run deletes it once it is old enough).
 */
export type DrillDiskState = 'gone' | 'deleting' | 'in-use' | 'young' | 'left';

/** Polls start at a second, so that RestoreSeconds is close, and slow down to 10 s so that a slow disk costs few calls. */
function pollDelayMs(poll: number): number {
  return Math.min(10_000, 1000 * 1.5 ** poll);
}

/** The disk as DescribeDisks lists it now, or undefined once it is gone. */
async function describeDisk(context: DrillContext, RegionId: string, DiskId: string): Promise<DiskInfo | undefined> {
  const [disk] = await context.session.listDisks({ RegionId, DiskIds: [DiskId] });
  return disk?.DiskId === DiskId ? disk : undefined;
}

/**
 * Polls a disk until `done` says so, or `untilMs` would pass before the next poll. Resolves with the last state seen
 * (undefined: gone), when it was seen, and whether time ran out.
 */
export async function waitForDisk(
  context: DrillContext,
  RegionId: string,
  DiskId: string,
  done: (disk: DiskInfo | undefined) => boolean,
  untilMs: number,
): Promise<{ disk: DiskInfo | undefined; seenAt: number; timedOut: boolean }> {
  for (let poll = 0; ; poll++) {
    const disk = await describeDisk(context, RegionId, DiskId);
    const seenAt = context.now();
    if (done(disk)) return { disk, seenAt, timedOut: false };
    const delay = pollDelayMs(poll);
    if (seenAt + delay > untilMs) return { disk, seenAt, timedOut: true };
    await context.sleep(delay);
  }
}

/** Why a drill disk is this function's to delete, as its evidence line says. */
export type DeletableAs =
  /** CreateDisk, sent with this run's ClientToken, answered this DiskId. */
  | { DeletableAs: 'created-by-this-run' }
  /**
   * Found by the drill tags naming this run (a disk an earlier delivery of the run made, or whose answer was lost),
   * and created, by ECS's CreationTime, after the run began.
   */
  | { DeletableAs: 'tagged-with-this-run'; CreationTime: string }
  /** Another run's disk, older by ECS's CreationTime than DRILL_TIMEOUT_MINUTES plus FC's longest invocation. */
  | { DeletableAs: 'leftover-past-sweep-age'; CreationTime: string; AgeMinutes: number; SweepAfterMinutes: number };

/**
 * What made a drill disk deletable when DeleteDisk was sent, and what ECS showed after: the evidence line of every
 * drill DeleteDisk (docs/restore-drills.md).
 */
export type DeletionEvidence = DeletableAs & {
  /** The drill tags the disk carried when it was deleted: the marker, the run that made it, the disk it restored. */
  DrillMarker: true;
  DrillRunId: string | undefined;
  DrillSourceDiskId: string | undefined;
  /** Its Status when DeleteDisk was sent: Available (never In_use, never with an InstanceId). */
  StatusBeforeDelete: string;
  /** What the destination's own DescribeDisks listed after it: gone, Deleting, or still there (a failure). */
  Confirmed: 'gone' | 'Deleting' | 'not-confirmed';
};

/** What became of a drill disk handed to disposeDrillDisk. */
export interface Disposal {
  State: DrillDiskState;
  /** Set once a DeleteDisk was sent. */
  Evidence?: DeletionEvidence;
  failure?: CopyFailure;
}

/**
 * Polls after an accepted DeleteDisk that may still list the disk Available before the drill calls the deletion
 * unconfirmed (about 13 s at the poll delays): how soon ECS lists a deleted disk Deleting is UNVERIFIED, and a
 * DeleteDisk sent to another region's endpoint (an ECS_ENDPOINT without {RegionId}) is "ignored" for good.
 */
const AVAILABLE_POLLS_AFTER_DELETE = 5;

function notDeleted(RegionId: string, DiskId: string, why: string): CopyFailure {
  return diskCallFailure({
    Code: 'DrillDiskNotDeleted',
    Message: `ECS accepted DeleteDisk for ${DiskId}, but DescribeDisks in ${RegionId} ${why}: the disk is not deleted and is still billed. DeleteDisk acts in the region of the endpoint it is sent to: check that ECS_ENDPOINT has {RegionId}, and delete the disk in the console`,
  });
}

/**
 * Deletes a drill disk and waits until it is gone, as far as `untilMs` allows: an Available disk is deleted, a disk
 * still being created is waited for, a Deleting one watched until it is gone. A disk without the drill tag, or one
 * attached to an instance, is never deleted. A deletion counts only once the destination's own DescribeDisks lists
 * the disk gone or Deleting: a disk still listed Available after DeleteDisk was accepted (sent to an endpoint that
 * does not serve its region, say) is a DrillDiskNotDeleted failure, never a deleted disk.
 */
export async function disposeDrillDisk(
  context: DrillContext,
  RegionId: string,
  DiskId: string,
  untilMs: number,
  deletable: DeletableAs,
): Promise<Disposal> {
  let evidence: DeletionEvidence | undefined;
  let availableAfterDelete = 0;
  const confirmed = (Confirmed: DeletionEvidence['Confirmed']) => (evidence ? { Evidence: { ...evidence, Confirmed } } : {});
  for (let poll = 0; ; poll++) {
    let disk: DiskInfo | undefined;
    try {
      disk = await describeDisk(context, RegionId, DiskId);
      if (disk === undefined) return { State: 'gone', ...confirmed('gone') };
      if (!isDrillDisk(disk.Tags)) return { State: 'left', ...confirmed('not-confirmed') };
      // An InstanceId with any Status (Attaching, say) is an instance's disk too.
      if (disk.Status === 'In_use' || disk.InstanceId !== '') return { State: 'in-use', ...confirmed('not-confirmed') };
      if (disk.Status === 'Available' && evidence !== undefined && ++availableAfterDelete >= AVAILABLE_POLLS_AFTER_DELETE) {
        return {
          State: 'left',
          ...confirmed('not-confirmed'),
          failure: notDeleted(RegionId, DiskId, `still lists it Available ${availableAfterDelete} polls later`),
        };
      }
      if (disk.Status === 'Available') {
        evidence ??= {
          ...deletable,
          DrillMarker: true,
          DrillRunId: drillRunOf(disk.Tags),
          DrillSourceDiskId: drillSourceDiskOf(disk.Tags),
          StatusBeforeDelete: disk.Status,
          Confirmed: 'not-confirmed',
        };
        // Sent again while the disk stays Available: an answer lost on the way is no deletion.
        await context.session.deleteDisk({ RegionId, DiskId });
      } else if (disk.Status !== 'Creating' && disk.Status !== 'Deleting') {
        return { State: 'left', ...confirmed('not-confirmed') };
      }
    } catch (error) {
      if (!(error instanceof CopyFailure)) throw error;
      // IncorrectDiskStatus: the disk changed state since it was listed (a retried DeleteDisk finds it Deleting).
      if (error.Code !== 'IncorrectDiskStatus') return { State: 'left', ...confirmed('not-confirmed'), failure: error };
    }
    const delay = pollDelayMs(poll);
    if (context.now() + delay > untilMs) {
      if (disk?.Status === 'Deleting') return { State: 'deleting', ...confirmed('Deleting') };
      return evidence
        ? {
            State: 'left',
            ...confirmed('not-confirmed'),
            failure: notDeleted(RegionId, DiskId, 'did not list it gone or Deleting in time'),
          }
        : { State: 'left' };
    }
    await context.sleep(delay);
  }
}
