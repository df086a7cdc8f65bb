import { DISK_CATEGORIES_CHEAPEST_FIRST } from '../ecs/disk-categories';
import type { ZoneOffers } from '../ecs/ecs-disks';

/** Where and as what a drill disk is created. */
export interface Placement {
  ZoneId: string;
  DiskCategory: string;
  /** GiB asked for: the copy's size, raised to the category's minimum (a larger snapshot wins anyway). */
  Size: number;
}

/**
 * The cheapest category (DISK_CATEGORIES_CHEAPEST_FIRST) that a zone of the destination sells for the copy's size,
 * in the first such zone by name; or the category and zone asked for, when the zone sells it for that size.
 * Undefined when no zone does.
 */
export function choosePlacement(
  zones: ZoneOffers['Zones'],
  sizeGiB: number,
  wanted: { ZoneId: string | undefined; DiskCategory: string | undefined },
): Placement | undefined {
  const categories = wanted.DiskCategory !== undefined ? [wanted.DiskCategory] : DISK_CATEGORIES_CHEAPEST_FIRST;
  const candidates = zones
    .filter((zone) => wanted.ZoneId === undefined || zone.ZoneId === wanted.ZoneId)
    .sort((a, b) => (a.ZoneId < b.ZoneId ? -1 : 1));
  for (const DiskCategory of categories) {
    for (const zone of candidates) {
      const offer = zone.Categories.find((candidate) => candidate.Category === DiskCategory);
      if (offer !== undefined && sizeGiB <= offer.MaxGiB)
        return { ZoneId: zone.ZoneId, DiskCategory, Size: Math.max(sizeGiB, offer.MinGiB) };
    }
  }
  return undefined;
}
