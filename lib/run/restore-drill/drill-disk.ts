import type { Deadline } from '../../calls/deadline';
import type { EcsCaller } from '../../calls/ecs-caller';
import type { DiskInfo, EcsDisks } from '../../ecs/ecs-disks';
import { CopyFailure } from '../../ecs/errors';
import { listDisks } from '../ecs-listings';
import { isDrillDisk } from './drill-tags';

/** What a drill needs to create, watch and delete its disks. */
export interface DrillContext {
  caller: EcsCaller;
  disks: EcsDisks;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  deadline: Deadline;
}

/**
 * What became of a drill disk: `gone` (deleted and no longer listed), `deleting` (DeleteDisk accepted, not yet
 * gone), `in-use` (attached to an instance: never deleted, reported), `left` (still being created, in another
 * state, or no time left: the next run deletes it by its tag).
 */
export type DrillDiskState = 'gone' | 'deleting' | 'in-use' | 'left';

/** Polls start at a second, so that RestoreSeconds is close, and slow down to 10 s so that a slow disk costs few calls. */
function pollDelayMs(poll: number): number {
  return Math.min(10_000, 1000 * 1.5 ** poll);
}

/** The disk as DescribeDisks lists it now, or undefined once it is gone. */
async function describeDisk(context: DrillContext, RegionId: string, DiskId: string): Promise<DiskInfo | undefined> {
  const [disk] = await listDisks(context.caller, context.disks, { RegionId, DiskIds: [DiskId] });
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

/**
 * Deletes a drill disk and waits until it is gone, as far as `untilMs` allows: an Available disk is deleted, a disk
 * still being created is waited for, a Deleting one watched until it is gone. A disk without the drill tag, or one
 * attached to an instance, is never deleted.
 */
export async function disposeDrillDisk(
  context: DrillContext,
  RegionId: string,
  DiskId: string,
  untilMs: number,
): Promise<{ State: DrillDiskState; failure?: CopyFailure }> {
  let deleteSent = false;
  for (let poll = 0; ; poll++) {
    let disk: DiskInfo | undefined;
    try {
      disk = await describeDisk(context, RegionId, DiskId);
      if (disk === undefined) return { State: 'gone' };
      if (!isDrillDisk(disk.Tags)) return { State: 'left' };
      if (disk.Status === 'In_use') return { State: 'in-use' };
      if (disk.Status === 'Available') {
        await context.caller.call('DeleteDisk', (call) => context.disks.deleteDisk({ RegionId, DiskId }, call));
        deleteSent = true;
      } else if (disk.Status !== 'Creating' && disk.Status !== 'Deleting') {
        return { State: 'left' };
      }
    } catch (error) {
      if (!(error instanceof CopyFailure)) throw error;
      // IncorrectDiskStatus: the disk changed state since it was listed (a retried DeleteDisk finds it Deleting).
      if (error.Code !== 'IncorrectDiskStatus') return { State: deleteSent ? 'deleting' : 'left', failure: error };
    }
    const delay = pollDelayMs(poll);
    if (context.now() + delay > untilMs) return { State: deleteSent || disk?.Status === 'Deleting' ? 'deleting' : 'left' };
    await context.sleep(delay);
  }
}
