import type { DiskCategory } from '../ecs/disk-categories';
import { CopyFailure } from '../ecs/errors';
import type { CopyOrder } from '../request/copy-order';
import type { CopyRequest } from '../request/copy-request';

/**
 * What an HTTP caller may ask for. Timer and direct invocations are the operator's own (InvokeFunction needs the
 * operator's permission); an HTTP trigger may be called by anyone holding an AccessKey allowed to invoke the
 * function, so its requests are held to the operator's rules before anything is listed or copied.
 */
export interface CallerPolicy {
  /** CALLER_SOURCE_REGIONS; undefined: the configured source region only; `'*'`: every region. */
  SourceRegions: readonly string[] | '*' | undefined;
  /** CALLER_DESTINATION_REGIONS; undefined: the configured destinations only; `'*'`: every region. */
  DestinationRegions: readonly string[] | '*' | undefined;
  /** CALLER_FIXED_FIELDS: request fields a caller must leave to the configuration. */
  FixedFields: readonly string[];
  /** CALLER_MAX_COPIES: sources × destinations one request may ask for. */
  MaxCopies: number;
  /** CALLER_MAX_DRILL_DISKS: drill disks one `POST /restore-drills` may create (DrillDisks × destinations). */
  MaxDrillDisks: number;
  /** CALLER_MAX_DRILL_DISK_GIB: the largest MaxDrillDiskGiB a caller may send, and its default for callers. */
  MaxDrillDiskGiB: number;
  /** CALLER_DRILL_DISK_CATEGORIES: the DrillDiskCategory values a caller may send; none by default. */
  DrillDiskCategories: readonly DiskCategory[];
}

export function refuse(rule: string): CopyFailure {
  return new CopyFailure({ Code: 'Forbidden.CallerPolicy', Message: rule });
}

/**
 * Checks what can be checked before any call: KeepCopies (never an HTTP caller's, whatever CALLER_FIXED_FIELDS says),
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

/** `GET /copies/<SnapshotId>` reads copies in the regions callers may copy to, and no other. */
export function checkCallerReadRegion(
  region: string,
  policy: CallerPolicy,
  configured: { DestinationRegionIds: readonly string[] | undefined },
): void {
  const readable = policy.DestinationRegions ?? configured.DestinationRegionIds ?? [];
  if (readable !== '*' && !readable.includes(region)) {
    throw refuse(
      `RegionId: ${region} is not a region HTTP callers may copy to or read from (CALLER_DESTINATION_REGIONS: ${readable.join(', ') || 'none'})`,
    );
  }
}
