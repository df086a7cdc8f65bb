import { type ActionContext, type ActionResult, ecsAction, fail, succeed } from './action';
import { dryRunOperation, type EcsError, ecsError } from './errors';
import { clientToken, trueOrFalse } from './param-rules';
import { nonEmpty } from './params';
import { lockUnsupportedError } from './snapshot-lock';
import type { StoredSnapshot } from './store';

/**
 * UnlockSnapshot (Version 2014-05-26; SDK `UnlockSnapshotRequest`): removes a lock during its cool-off only ("during
 * the cool-off period, users with the required RAM permissions can unlock the snapshot"; after it "the snapshot
 * cannot be unlocked"). It answers only `RequestId`. The codes of both refusals are UNVERIFIED.
 */
function run(context: ActionContext): ActionResult {
  const { params, variants } = context;
  const RegionId = params.get('RegionId') ?? '';
  const SnapshotId = params.get('SnapshotId') ?? '';
  const unsupported = lockUnsupportedError(variants, RegionId);
  if (unsupported !== undefined) return fail(unsupported);
  if (nonEmpty(params, 'DryRun')?.toLowerCase() === 'true') {
    const found = unlockable(context, RegionId, SnapshotId);
    return fail(found.ok ? dryRunOperation() : found.error);
  }
  const ClientToken = nonEmpty(params, 'ClientToken');
  return context.clientTokens.once('UnlockSnapshot', ClientToken, JSON.stringify([RegionId, SnapshotId]), () => {
    const found = unlockable(context, RegionId, SnapshotId);
    if (!found.ok) return fail(found.error);
    context.store.setLock(found.snapshot, undefined);
    return succeed({});
  });
}

function unlockable(
  context: ActionContext,
  RegionId: string,
  SnapshotId: string,
): { ok: true; snapshot: StoredSnapshot } | { ok: false; error: EcsError } {
  const { store, nowMs } = context;
  const snapshot = store.find(RegionId, SnapshotId);
  if (snapshot === undefined) {
    return { ok: false, error: ecsError(404, 'InvalidSnapshotId.NotFound', 'The specified snapshot does not exist.') };
  }
  const status = store.lockStatusOf(snapshot, nowMs);
  if (status === undefined || status === 'expired') {
    return { ok: false, error: ecsError(403, 'OperationDenied.SnapshotNotLocked', 'The specified snapshot is not locked.') };
  }
  if (status === 'compliance') {
    return {
      ok: false,
      error: ecsError(
        403,
        'OperationDenied.CoolOffPeriodExpired',
        'The cool-off period of the snapshot lock has ended: the snapshot cannot be unlocked until the lock expires.',
      ),
    };
  }
  return { ok: true, snapshot };
}

export const unlockSnapshot = ecsAction('UnlockSnapshot', run, {
  required: ['RegionId', 'SnapshotId'],
  knownRegion: { status: 400 },
  params: { ClientToken: clientToken, DryRun: trueOrFalse },
});
