import { type ActionContext, type ActionResult, ecsAction, fail, succeed } from './action';
import { ecsError, missingParameter } from './errors';
import { nonEmpty } from './params';

/**
 * DeleteDisk (Version 2014-05-26) releases a pay-as-you-go data disk: "The disk must be in the Unattached
 * (Available) state. If the specified DiskId parameter does not exist, the request is ignored."
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-deletedisk). It has no RegionId:
 * the disk is looked up in the region of the endpoint called. Any other state is IncorrectDiskStatus (403), a
 * disk already Deleting included (what ECS answers a second DeleteDisk then is UNVERIFIED).
 */
function run(context: ActionContext): ActionResult {
  const { disks, nowMs, endpointRegionId } = context;
  const DiskId = nonEmpty(context.params, 'DiskId');
  if (DiskId === undefined) return fail(missingParameter('DiskId'));
  const disk = disks.find(endpointRegionId, DiskId, nowMs);
  if (disk === undefined) return succeed({});
  if (disks.statusAt(disk, nowMs) !== 'Available') {
    return fail(ecsError(403, 'IncorrectDiskStatus', 'The current disk status does not support this operation.'));
  }
  disks.startDeleting(disk, nowMs);
  return succeed({});
}

export const deleteDisk = ecsAction('DeleteDisk', run);
