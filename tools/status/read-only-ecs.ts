import type { EcsCall } from '../../lib/ecs/ecs';
import { PopCoreEcs } from '../../lib/ecs/pop-core-ecs';
import { CopyFailure } from '../../lib/failures/errors';

/** The actions `npm run status` may send, both read-only: what its RAM policy grants (docs/status.md). DescribeLockedSnapshots
 * reads the copies' locks, for the protected RPO, when LOCK_DAYS is set. */
const READ_ACTIONS: ReadonlySet<string> = new Set(['DescribeSnapshots', 'DescribeLockedSnapshots']);

/** The refusal of an action the status never sends: before it leaves the process, so no key is ever asked. */
function statusIsReadOnly(action: string): CopyFailure {
  return new CopyFailure({
    Code: 'StatusIsReadOnly',
    Message: `npm run status only reads: the dry run asked for ${action}, which it never sends`,
    errorClass: 'unknown',
  });
}

/**
 * The function's pop-core adapter with every action but DescribeSnapshots and DescribeLockedSnapshots refused at
 * `request`, the one door every call of the adapter goes through: CopySnapshot, and the disk, deletion, tagging and
 * lock calls of the disk adapter built over it (pop-core-ecs-disks.ts sends through its PopCoreEcs: LockSnapshot
 * too), and any call added later. The status runs the
 * function as a dry run, which only reads; this makes "only reads" hold whatever the function's code does, and so
 * whatever is configured (KEEP_COPIES, drills), with credentials that may only read (docs/status.md).
 */
export class ReadOnlyPopCoreEcs extends PopCoreEcs {
  override request(
    action: string,
    regionId: string,
    params: Record<string, unknown>,
    call: EcsCall,
  ): Promise<{ status: number; body: unknown }> {
    if (!READ_ACTIONS.has(action)) return Promise.reject(statusIsReadOnly(action));
    return super.request(action, regionId, params, call);
  }
}
