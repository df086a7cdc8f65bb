import type { CategoryOffer, ZoneOffers } from '../ecs/ecs-disks';

/**
 * Data disk categories by performance, fastest first: the order "nearest" is measured in when a zone does not sell a
 * disk's own category. ESSD and SSD disks are the fast ones, ESSD AutoPL and ESSD Entry the ESSDs of lesser
 * performance, ultra and basic disks the slow ones (https://www.alibabacloud.com/help/en/ecs/user-guide/disks-2; the
 * order of the middle ones is UNVERIFIED).
 */
export const CATEGORIES_BY_PERFORMANCE = [
  'cloud_essd',
  'cloud_ssd',
  'cloud_auto',
  'cloud_essd_entry',
  'cloud_efficiency',
  'cloud',
] as const;

/** A disk whose copies do not record its category is restored as ESSD, the category ECS gives new instances' disks. */
export const DEFAULT_CATEGORY = 'cloud_essd';

/** A data disk to place: its own category (undefined: unknown) and its size. */
export interface DiskToPlace {
  SourceDiskId: string;
  DiskCategory: string | undefined;
  SizeGiB: number;
}

export interface DiskPlacement {
  DiskCategory: string;
  /** GiB: the copy's size, raised to the category's least. */
  Size: number;
  /** Set when the category is not the source disk's own: why. */
  CategoryNote?: string;
}

export type UnitPlacement = { ok: true; ZoneId: string; disks: ReadonlyMap<string, DiskPlacement> } | { ok: false; Reason: string };

const rank = (category: string) => {
  const index = (CATEGORIES_BY_PERFORMANCE as readonly string[]).indexOf(category);
  return index === -1 ? CATEGORIES_BY_PERFORMANCE.length : index;
};

/** The category of `offers` nearest `wanted` that holds `size`: the same, else the closest by performance, the faster on a tie. */
function nearest(offers: readonly CategoryOffer[], wanted: string, size: number): CategoryOffer | undefined {
  const fits = offers.filter((offer) => size <= offer.MaxGiB);
  const exact = fits.find((offer) => offer.Category === wanted);
  if (exact) return exact;
  return [...fits].sort(
    (a, b) => Math.abs(rank(a.Category) - rank(wanted)) - Math.abs(rank(b.Category) - rank(wanted)) || rank(a.Category) - rank(b.Category),
  )[0];
}

/**
 * One zone for all of a unit's data disks (an instance's disks attach in its zone): the zone asked for, else the zone of
 * the DR region where the disks' categories are nearest their own (the first by name among equals); in it each disk
 * gets its own category when the zone sells it for its size, else the nearest, and the note says so.
 */
export function placeUnit(disks: readonly DiskToPlace[], zones: ZoneOffers['Zones'], ZoneId: string | undefined): UnitPlacement {
  const candidates = zones.filter((zone) => ZoneId === undefined || zone.ZoneId === ZoneId).sort((a, b) => (a.ZoneId < b.ZoneId ? -1 : 1));
  let best: { ZoneId: string; distance: number; disks: Map<string, DiskPlacement> } | undefined;
  for (const zone of candidates) {
    const placed = new Map<string, DiskPlacement>();
    let distance = 0;
    for (const disk of disks) {
      const wanted = disk.DiskCategory ?? DEFAULT_CATEGORY;
      const offer = nearest(zone.Categories, wanted, disk.SizeGiB);
      if (offer === undefined) break;
      distance += Math.abs(rank(offer.Category) - rank(wanted));
      const note =
        disk.DiskCategory === undefined
          ? `the copies do not record the source disk's category: ${offer.Category}${offer.Category === wanted ? '' : `, the nearest to ${wanted} ${zone.ZoneId} sells`}`
          : offer.Category === wanted
            ? undefined
            : `${zone.ZoneId} does not sell ${wanted} for ${disk.SizeGiB} GiB: ${offer.Category}, the nearest it sells`;
      placed.set(disk.SourceDiskId, {
        DiskCategory: offer.Category,
        Size: Math.max(disk.SizeGiB, offer.MinGiB),
        ...(note ? { CategoryNote: note } : {}),
      });
    }
    if (placed.size < disks.length) continue;
    if (best === undefined || distance < best.distance) best = { ZoneId: zone.ZoneId, distance, disks: placed };
  }
  if (best) return { ok: true, ZoneId: best.ZoneId, disks: best.disks };
  const largest = Math.max(0, ...disks.map((disk) => disk.SizeGiB));
  return {
    ok: false,
    Reason:
      ZoneId === undefined
        ? `no zone of the DR region sells a data disk category for ${largest} GiB now`
        : `${ZoneId} sells no data disk category for ${largest} GiB now (or is not a zone of the DR region)`,
  };
}
