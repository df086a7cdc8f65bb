import * as z from 'zod';
import type { SnapshotTag } from './snapshot';

/**
 * The disk states this server goes through (DescribeDisks' `Status`,
 * https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describedisks): a created disk is
 * `Creating`, then `Available`; DeleteDisk turns an `Available` disk `Deleting`, then it is gone. `In_use` is a
 * disk attached to an instance, which only a seed can be here (this server has no instances).
 */
export type DiskStatus = 'Creating' | 'Available' | 'In_use' | 'Deleting';

/** Data disk categories CreateDisk documents (SDK model `CreateDiskRequest.diskCategory`). */
export const DISK_CATEGORIES = ['cloud', 'cloud_efficiency', 'cloud_ssd', 'cloud_essd', 'cloud_auto', 'cloud_essd_entry'] as const;
export type DiskCategory = (typeof DISK_CATEGORIES)[number];

/** One item of DescribeDisks' `Disks.Disk[]`, with the fields the SDK model names that this server fills. */
export interface Disk {
  DiskId: string;
  DiskName: string;
  Description: string;
  RegionId: string;
  ZoneId: string;
  Category: DiskCategory;
  /** GiB. */
  Size: number;
  Status: DiskStatus;
  Type: 'data';
  SourceSnapshotId: string;
  InstanceId: string;
  Portable: boolean;
  DiskChargeType: 'PostPaid';
  DeleteWithInstance: boolean;
  Encrypted: boolean;
  CreationTime: string;
  Tags: { Tag: SnapshotTag[] };
}

/** A disk to put in a region before a test: an attached one, say, or one this function did not make. */
export interface SeedDisk {
  RegionId: string;
  ZoneId?: string;
  DiskId?: string;
  Category?: DiskCategory;
  Size?: number;
  /** `In_use` needs InstanceId; `Available` when absent. */
  Status?: 'Available' | 'In_use';
  InstanceId?: string;
  SourceSnapshotId?: string;
  Tags?: { Key: string; Value: string }[];
  /** When the disk was created (`2026-11-01T03:00:00Z`): a disk an earlier run left; now when absent. */
  CreationTime?: string;
  /** Fields DescribeDisks answers instead of the real ones (`null` leaves one out, e.g. `CreationTime`), as
   * SeedSnapshot.ListedAs: for clients that must survive answers they do not expect. */
  ListedAs?: Record<string, unknown>;
}

export const SeedDiskSchema = z
  .strictObject({
    RegionId: z.string().min(1),
    ZoneId: z.string().min(1).optional(),
    DiskId: z
      .string()
      .regex(/^d-[a-z0-9]{1,62}$/, 'must be "d-" followed by lowercase letters and digits')
      .optional(),
    Category: z.enum(DISK_CATEGORIES).optional(),
    Size: z.number().int().positive().optional(),
    Status: z.enum(['Available', 'In_use']).optional(),
    InstanceId: z.string().min(1).optional(),
    SourceSnapshotId: z.string().min(1).optional(),
    Tags: z.array(z.strictObject({ Key: z.string().min(1), Value: z.string() })).optional(),
    CreationTime: z
      .string()
      .refine((value) => !Number.isNaN(Date.parse(value)), 'must be a date such as 2026-11-01T03:00:00Z')
      .optional(),
    ListedAs: z.record(z.string(), z.unknown()).optional(),
  })
  .refine(
    (seed) => seed.Status !== 'In_use' || seed.InstanceId !== undefined,
    'an In_use disk needs its InstanceId',
  ) satisfies z.ZodType<SeedDisk>;

/** One data disk category a zone sells, as DescribeAvailableResource lists it (`SupportedResource`). */
export interface CategoryOffer {
  Value: DiskCategory;
  /** GiB. */
  Min: number;
  Max: number;
  /** `SoldOut` (with `StatusCategory` `WithoutStock`) when the zone has none left. */
  Status?: 'Available' | 'SoldOut';
}

export interface ZoneOffer {
  ZoneId: string;
  DataDiskCategories: CategoryOffer[];
}

export const ZoneOfferSchema = z.strictObject({
  ZoneId: z.string().min(1),
  DataDiskCategories: z.array(
    z.strictObject({
      Value: z.enum(DISK_CATEGORIES),
      Min: z.number().int().positive(),
      Max: z.number().int().positive(),
      Status: z.enum(['Available', 'SoldOut']).optional(),
    }),
  ),
}) satisfies z.ZodType<ZoneOffer>;

/** The size ranges CreateDisk documents per category (SDK model `CreateDiskRequest.size`; cloud_essd at PL1). */
const SIZE_RANGES: Readonly<Record<DiskCategory, readonly [number, number]>> = {
  cloud: [5, 2000],
  cloud_efficiency: [20, 32768],
  cloud_ssd: [20, 32768],
  cloud_essd: [20, 65536],
  cloud_auto: [1, 65536],
  cloud_essd_entry: [10, 32768],
};

const offer = (Value: DiskCategory): CategoryOffer => ({ Value, Min: SIZE_RANGES[Value][0], Max: SIZE_RANGES[Value][1] });

/**
 * Two zones a region, named the way the region names them (`cn-hangzhou-h`, `us-east-1a`): the first sells the
 * usual categories, the second only the ESSD family, so that choosing a zone for a category is not trivial.
 * Which categories a real zone sells changes over time and is not documented: tests set their own.
 */
export function defaultZones(regionId: string): ZoneOffer[] {
  const zone = (letter: string) => (regionId.startsWith('cn-') ? `${regionId}-${letter}` : `${regionId}${letter}`);
  return [
    {
      ZoneId: zone('a'),
      DataDiskCategories: ['cloud_efficiency', 'cloud_ssd', 'cloud_essd', 'cloud_auto', 'cloud_essd_entry'].map((v) =>
        offer(v as DiskCategory),
      ),
    },
    { ZoneId: zone('b'), DataDiskCategories: [offer('cloud_essd'), offer('cloud_auto')] },
  ];
}
