import { type CallerPolicy, checkCallerReadRegion, refuse } from '../config/caller-policy';
import { ValidationError } from '../failures/errors';
import type { DrillOrder, DrillRequest } from './drill-request';

/**
 * `POST /restore-drills`, before anything is listed: a drill creates disks, which cost while they live, so an HTTP
 * caller's request is held to the operator's rules as a copy request is. A field in CALLER_FIXED_FIELDS is refused;
 * DrillDisks and MaxDrillDiskGiB may not pass CALLER_MAX_DRILL_DISKS and CALLER_MAX_DRILL_DISK_GIB; DrillDiskCategory
 * (the cheapest category a zone sells, unless named) only from CALLER_DRILL_DISK_CATEGORIES; and a request must
 * select its disks: the operator's SELECTION is drilled by the operator's own invocations (timer, direct), not on a
 * caller's empty request. Returns the request with the caller's MaxDrillDiskGiB default: the lower of the drills'
 * default and CALLER_MAX_DRILL_DISK_GIB.
 */
export function holdDrillRequestToCallerPolicy(request: DrillRequest, policy: CallerPolicy, defaultMaxDrillDiskGiB: number): DrillRequest {
  const fixed = policy.FixedFields.filter((field) => (request as Record<string, unknown>)[field] !== undefined);
  if (fixed.length > 0) {
    throw refuse(
      `${fixed.join(', ')}: set by the operator for every copy and drill (CALLER_FIXED_FIELDS); leave ${fixed.length > 1 ? 'them' : 'it'} out`,
    );
  }
  if ([request.SnapshotIds, request.DiskIds, request.InstanceIds, request.SourceTag].every((selector) => selector === undefined)) {
    throw new ValidationError([
      {
        field: 'DiskIds',
        rule: "is required from an HTTP caller, or another selection: SnapshotIds, InstanceIds or SourceTag (the operator's SELECTION is drilled by the timer, not on request)",
      },
    ]);
  }
  if (request.DrillDisks !== undefined && request.DrillDisks > policy.MaxDrillDisks) {
    throw refuse(
      `DrillDisks: ${request.DrillDisks} is more than the ${policy.MaxDrillDisks} drill disks HTTP callers may ask for (CALLER_MAX_DRILL_DISKS)`,
    );
  }
  if (request.MaxDrillDiskGiB !== undefined && request.MaxDrillDiskGiB > policy.MaxDrillDiskGiB) {
    throw refuse(
      `MaxDrillDiskGiB: ${request.MaxDrillDiskGiB} is more than the ${policy.MaxDrillDiskGiB} GiB HTTP callers may ask for (CALLER_MAX_DRILL_DISK_GIB)`,
    );
  }
  if (request.DrillDiskCategory !== undefined && !policy.DrillDiskCategories.includes(request.DrillDiskCategory)) {
    throw refuse(
      `DrillDiskCategory: ${request.DrillDiskCategory} is not a category HTTP callers may choose; drills use the cheapest a zone sells (CALLER_DRILL_DISK_CATEGORIES: ${policy.DrillDiskCategories.join(', ') || 'none'})`,
    );
  }
  return { ...request, MaxDrillDiskGiB: request.MaxDrillDiskGiB ?? Math.min(defaultMaxDrillDiskGiB, policy.MaxDrillDiskGiB) };
}

/**
 * The resolved drill of an HTTP caller: it reads the source region and creates disks in its destinations, so it may
 * drill only between the regions a caller may copy from and to (CALLER_SOURCE_REGIONS, CALLER_DESTINATION_REGIONS),
 * and create at most CALLER_MAX_DRILL_DISKS disks: DrillDisks in each destination.
 */
export function checkCallerDrill(
  order: Pick<DrillOrder, 'RegionId' | 'DestinationRegionIds' | 'DrillDisks'>,
  functionRegionId: string | undefined,
  policy: CallerPolicy,
  configured: { SourceRegionId: string | undefined; DestinationRegionIds: readonly string[] | undefined },
): void {
  const sources = policy.SourceRegions ?? [configured.SourceRegionId ?? functionRegionId ?? ''];
  if (sources !== '*' && !sources.includes(order.RegionId)) {
    throw refuse(
      `RegionId: ${order.RegionId} is not a source region HTTP callers may drill from (CALLER_SOURCE_REGIONS: ${sources.join(', ') || 'none'})`,
    );
  }
  for (const region of order.DestinationRegionIds) checkCallerReadRegion(region, policy, configured);
  const disks = order.DrillDisks * order.DestinationRegionIds.length;
  if (disks > policy.MaxDrillDisks) {
    throw refuse(
      `DrillDisks: ${order.DrillDisks} in each of ${order.DestinationRegionIds.length} destinations is ${disks} drill disks; HTTP callers may ask for at most ${policy.MaxDrillDisks} (CALLER_MAX_DRILL_DISKS): name one DestinationRegionId`,
    );
  }
}
