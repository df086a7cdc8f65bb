import type { ErrorClass } from './error-classes';

/**
 * Codes of the calls restore drills and KeepCopies make (CreateDisk, DescribeDisks, DeleteDisk,
 * DescribeAvailableResource, DeleteSnapshot, TagResources), by class, from their API pages' error tables
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createdisk and the pages of the
 * others), and the codes drills produce themselves. Kept apart from the CopySnapshot table and merged into it by
 * classify-ecs-error.ts.
 */
export const DISK_CODES_BY_CLASS: Readonly<Partial<Record<ErrorClass, readonly string[]>>> = {
  'invalid-request': [
    'InvalidZoneId.NotFound',
    'InvalidDataDiskCategory.NotSupported',
    'InvalidDataDiskCategory.ValueNotSupported',
    'InvalidDiskCategory.NotSupported',
    'InvalidDiskCategory.ValueNotSupported',
    'InvalidDataDiskSize.ValueNotSupported',
    'InvalidSize.ValueNotSupported',
    'InvalidDiskSize.NotSupported',
    'InvalidDiskSize.TooSmall',
    'InvalidDiskSizeOrCategory',
    'InvalidSnapshotId.NotDataDiskSnapshot',
    'InvalidSnapshot.TooLarge',
    'InvalidSnapshot.TooOld',
    'OperationDenied',
    'DrillZoneNotFound',
    'DrillDiskInUse',
  ],
  'not-found': ['InvalidDiskId.NotFound', 'InvalidResourceId.NotFound'],
  'not-ready': [
    'IncorrectDiskStatus',
    'IncorrectDiskStatus.CreatingSnapshot',
    'DiskCreatingSnapshot',
    'InvalidSnapshot.NotReady',
    'InvalidOperation.RelatedSnapshotNotFinished',
    'SnapshotCreatedDisk',
    'SnapshotCreatedImage',
    'Zone.NotOnSale',
    'OperationDenied.NoStock',
    'DrillTimeout',
  ],
  forbidden: ['RegionUnauthorized', 'UserNotInTheWhiteList', 'InvalidDiskCategory.ValueUnauthorized'],
  account: ['QuotaExceed.PostPaidDisk', 'QuotaExceed.PortableCloudDisk', 'Account.Arrearage'],
  transient: ['Operation.Conflict'],
};

/** Where a drill's or a deletion's code needs other advice than its class gives. */
export const DISK_ADVICE_BY_CODE: Readonly<Record<string, string>> = {
  DrillTimeout:
    'The copy took longer to restore than DRILL_TIMEOUT_MINUTES or the function timeout allow: raise them if that is expected, else open a ticket. The disk is deleted now or by the next run.',
  DrillZoneNotFound:
    'No zone of the destination sells a disk category for this size now: set ZoneId and DrillDiskCategory, or MaxDrillDiskGiB to skip it.',
  DrillDiskInUse: 'Someone attached the drill disk to an instance, so it is not deleted (it is billed): detach and delete it.',
  'QuotaExceed.PostPaidDisk': 'The pay-as-you-go disk quota is reached: raise it in Quota Center, or lower DrillDisks.',
  'OperationDenied.NoStock': 'The zone has none of that category now: a later run may, or set ZoneId or DrillDiskCategory.',
  SnapshotCreatedDisk: 'Disks were created from this copy, so it is kept (never forced): delete them first if it should go.',
};
