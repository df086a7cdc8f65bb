import { classifiedFailure } from '../ecs/classify-ecs-error';
import type { DiskCategory } from '../ecs/disk-categories';
import type { CopyFailure } from '../failures/errors';

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
  return classifiedFailure({ Code: 'Forbidden.CallerPolicy', Message: rule });
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
