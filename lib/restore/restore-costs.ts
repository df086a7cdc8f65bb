import type { RestoreSettings } from './restore-settings';

/** A month of hours as cloud prices count it (730 = 8760 / 12). */
const HOURS_A_MONTH = 730;

/**
 * What a disk of `Size` GiB in `DiskCategory` costs an hour, pay-as-you-go, by the settings' prices: null when they
 * name no price for the category. An image is not priced itself (ECS bills the snapshots it holds, the copy the
 * restore already keeps: UNVERIFIED); a system disk is priced as the disk RunInstances makes of its image.
 */
export function costPerHour(settings: RestoreSettings, DiskCategory: string, Size: number): number | null {
  const price = settings.DiskPrices[DiskCategory];
  return price === undefined ? null : Math.round(((price * Size) / HOURS_A_MONTH) * 10_000) / 10_000;
}
