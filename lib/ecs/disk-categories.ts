/**
 * Data disk categories CreateDisk takes for a disk restored from a snapshot (SDK model `CreateDiskRequest
 * .diskCategory`; elastic ephemeral disks "cannot be created from snapshots", regional disks need no zone), cheapest
 * per GiB first. The order is that of the list prices on the ECS pricing page for the Chinese mainland, which vary
 * by region and over time (UNVERIFIED elsewhere): a drill that must match a real recovery sets DrillDiskCategory.
 */
export const DISK_CATEGORIES_CHEAPEST_FIRST = [
  'cloud',
  'cloud_efficiency',
  'cloud_essd_entry',
  'cloud_auto',
  'cloud_essd',
  'cloud_ssd',
] as const;

export type DiskCategory = (typeof DISK_CATEGORIES_CHEAPEST_FIRST)[number];
