import type { EcsDiskSession } from '../calls/ecs-disk-session';
import { diskCallClass } from '../ecs/disk-call-errors';
import { CopyFailure, type Failure, failureOf } from '../failures/errors';
import { stillListed } from './listings';

/** What became of one deletion KeepCopies decided on. */
export type DeletionOutcome =
  | { kind: 'deleted'; RequestId: string | undefined }
  | { kind: 'would-delete' }
  | { kind: 'kept'; Reason: string }
  /**
   * ECS refused the deletion because disks or images were made from the copy (kept, since a deletion is never
   * forced), or because it is locked (locked after its lock was read).
   */
  | { kind: 'refused'; failure: Failure }
  | { kind: 'failed'; failure: Failure };

/** ECS's refusals that keep the copy; the lock's code is UNVERIFIED (docs/ecs-local.md#snapshot-lock). */
const REFUSALS_THAT_KEEP = new Set(['SnapshotCreatedDisk', 'SnapshotCreatedImage', 'OperationDenied.SnapshotLocked']);

/**
 * The waits before each look at the destination's listing after a DeleteSnapshot: at once, then twice more. Whether
 * ECS drops a deleted snapshot from DescribeSnapshots at once is UNVERIFIED; a few seconds cover a short lag, and
 * a copy still listed after them is reported, never counted as deleted.
 */
const CONFIRM_WAITS_MS = [0, 1000, 3000];

/**
 * One deletion, with its checks: no disk created from the copy (DescribeDisks' SnapshotId filter; ECS's own
 * SnapshotCreatedDisk too, as the function never sends Force), then DeleteSnapshot sent to the destination region's
 * endpoint, then the destination's own listing (DescribeSnapshots with RegionId and SnapshotIds) must show it gone:
 * DeleteSnapshot "ignores" a snapshot it does not find, so a call sent to another region's endpoint succeeds and
 * deletes nothing (DeletionNotConfirmed). A dry run stops before DeleteSnapshot.
 */
export async function deleteConfirmed(
  SnapshotId: string,
  RegionId: string,
  DryRun: boolean,
  session: EcsDiskSession,
  sleep: (ms: number) => Promise<void>,
): Promise<DeletionOutcome> {
  let RequestId: string | undefined;
  try {
    const created = await session.listDisks({ RegionId, SnapshotId });
    if (created.length > 0) return { kind: 'kept', Reason: `disks were created from it: ${created.map((disk) => disk.DiskId).join(', ')}` };
    if (DryRun) return { kind: 'would-delete' };
    try {
      RequestId = (await session.deleteSnapshot({ RegionId, SnapshotId })).value.RequestId;
    } catch (error) {
      // "If the specified snapshot does not exist, the request is ignored", and its error table lists NotFound:
      // either way, the listing below says whether it is gone.
      if (!(error instanceof CopyFailure) || error.Code !== 'InvalidSnapshotId.NotFound') throw error;
      RequestId = error.RequestId;
    }
    for (const waitMs of CONFIRM_WAITS_MS) {
      if (waitMs > 0) await sleep(waitMs);
      if (!(await stillListed(session, RegionId, SnapshotId))) return { kind: 'deleted', RequestId };
    }
    const Code = 'DeletionNotConfirmed';
    return {
      kind: 'failed',
      failure: {
        Code,
        Class: diskCallClass(Code),
        Message: `DeleteSnapshot ${SnapshotId} was answered, but DescribeSnapshots in ${RegionId} still lists it`,
        ...(RequestId ? { RequestId } : {}),
      },
    };
  } catch (error) {
    if (!(error instanceof CopyFailure)) throw error;
    if (REFUSALS_THAT_KEEP.has(error.Code)) {
      return { kind: 'refused', failure: failureOf(error) };
    }
    return { kind: 'failed', failure: failureOf(error) };
  }
}
