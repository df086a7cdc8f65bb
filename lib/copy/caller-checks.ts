import { type CallerPolicy, refuse } from '../config/caller-policy';
import type { CopyRequest } from '../request/copy-request';
import type { CopyOrder } from './copy-order';

/**
 * Checks what can be checked before any call: KeepCopies and the lock (never an HTTP caller's, whatever CALLER_FIXED_FIELDS says),
 * the fields set, the regions, and the number of exact picks.
 */
export function checkCallerRequest(
  request: CopyRequest,
  order: CopyOrder,
  policy: CallerPolicy,
  configured: { SourceRegionId: string | undefined; DestinationRegionIds: readonly string[] | undefined },
): void {
  if (request.KeepCopies !== undefined) {
    throw refuse('KeepCopies: HTTP callers never cause deletions');
  }
  const lockFields = (['LockDays', 'LockCoolOffHours'] as const).filter((field) => request[field] !== undefined);
  if (lockFields.length > 0) {
    throw refuse(
      `${lockFields.join(', ')}: the operator's lock (LOCK_DAYS, LOCK_COOL_OFF_HOURS) is every copy's; HTTP callers never set it`,
    );
  }
  const fixed = policy.FixedFields.filter((field) => (request as Record<string, unknown>)[field] !== undefined);
  if (fixed.length > 0) {
    throw refuse(
      `${fixed.join(', ')}: set by the operator for every copy (CALLER_FIXED_FIELDS); leave ${fixed.length > 1 ? 'them' : 'it'} out`,
    );
  }
  const sources = policy.SourceRegions ?? [configured.SourceRegionId ?? order.facts.functionRegionId ?? ''];
  if (sources !== '*' && !sources.includes(order.RegionId)) {
    throw refuse(
      `RegionId: ${order.RegionId} is not a source region HTTP callers may copy from (CALLER_SOURCE_REGIONS: ${sources.join(', ') || 'none'})`,
    );
  }
  const destinations = policy.DestinationRegions ?? configured.DestinationRegionIds ?? [];
  const refused = destinations === '*' ? [] : order.DestinationRegionIds.filter((region) => !destinations.includes(region));
  if (refused.length > 0 && destinations !== '*') {
    throw refuse(
      `DestinationRegionId: ${refused.join(', ')} ${refused.length > 1 ? 'are not regions' : 'is not a region'} HTTP callers may copy to (CALLER_DESTINATION_REGIONS: ${destinations.join(', ') || 'none'})`,
    );
  }
  checkCopyCount(order.selection.SnapshotIds.length * order.DestinationRegionIds.length, policy);
}

/** Checks the number of copies a request selects, once the selection is known. */
export function checkCopyCount(copies: number, policy: CallerPolicy): void {
  if (copies > policy.MaxCopies) {
    throw refuse(`the request selects ${copies} copies; HTTP callers may ask for at most ${policy.MaxCopies} at once (CALLER_MAX_COPIES)`);
  }
}
