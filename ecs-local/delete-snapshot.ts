import { type ActionContext, type ActionResult, ecsAction, fail, succeed } from './action';
import { ecsError } from './errors';
import { trueOrFalse } from './param-rules';
import { nonEmpty } from './params';
import { holds } from './snapshot-lock';

/**
 * DeleteSnapshot (Version 2014-05-26), after its page
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-deletesnapshot): it has no
 * RegionId, the snapshot is looked up in the region of the endpoint called; a snapshot disks were created from is
 * refused with SnapshotCreatedDisk (403) unless `Force=true`, one an image was made from with SnapshotCreatedImage (403). The page says both "if the snapshot does not exist,
 * the request is ignored" and lists InvalidSnapshotId.NotFound (404): this server answers the error table's code
 * (which of the two ECS does is UNVERIFIED: `deleteMissingSnapshot` plays either; the function confirms every deletion
 * in the region's own listing). A locked snapshot, in its cool-off or after it, is refused even with `Force`: "the
 * snapshot cannot be deleted" (https://www.alibabacloud.com/help/en/ecs/user-guide/lock-snapshot), with a code of this
 * server, 403 `OperationDenied.SnapshotLocked` (UNVERIFIED); once its lock has expired it is deleted as any other.
 */
function run(context: ActionContext): ActionResult {
  const { store, disks, images, nowMs, endpointRegionId, params, variants } = context;
  const SnapshotId = nonEmpty(params, 'SnapshotId');
  if (SnapshotId === undefined) {
    return fail(
      ecsError(400, 'MissingParameter', 'The input parameter SnapshotId that is mandatory for processing this request is not supplied.'),
    );
  }
  const forceText = nonEmpty(params, 'Force');
  const snapshot = endpointRegionId === undefined ? store.findAnywhere(SnapshotId) : store.find(endpointRegionId, SnapshotId);
  if (snapshot === undefined) {
    // "If the specified snapshot does not exist, the request is ignored" (variants.ts, `deleteMissingSnapshot`).
    if (variants.deleteMissingSnapshot === 'ignore') return succeed({});
    return fail(ecsError(404, 'InvalidSnapshotId.NotFound', 'The specified snapshot is not found.'));
  }
  if (holds(store.lockStatusOf(snapshot, nowMs))) {
    return fail(
      ecsError(403, 'OperationDenied.SnapshotLocked', 'The specified snapshot is locked and cannot be deleted until its lock expires.'),
    );
  }
  if (forceText?.toLowerCase() !== 'true' && disks.createdFrom(SnapshotId, nowMs).length > 0) {
    return fail(ecsError(403, 'SnapshotCreatedDisk', 'The snapshot has been used to create disk(s).'));
  }
  // "SnapshotCreatedImage: The snapshot has been used to create user defined image(s)" (the page's table), Force or not.
  if (images.list(snapshot.RegionId).some((image) => image.SnapshotId === SnapshotId)) {
    return fail(ecsError(403, 'SnapshotCreatedImage', 'The snapshot has been used to create user defined image(s).'));
  }
  store.remove(snapshot);
  return succeed({});
}

export const deleteSnapshot = ecsAction('DeleteSnapshot', run, { params: { Force: trueOrFalse } });
