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
    'The drill disk did not become Available within DRILL_TIMEOUT_MINUTES (or before the function timeout): restoring this copy takes longer than you may count on. Raise the limits if that is expected, else open a ticket with the DiskId; the disk was deleted, or the next run deletes it.',
  DrillZoneNotFound:
    'No zone of the destination sells a data disk category for this size now: set ZoneId and DrillDiskCategory to a zone and category that do (DescribeAvailableResource), or lower the size with MaxDrillDiskGiB to skip the disk.',
  DrillDiskInUse:
    'Someone attached the drill disk to an instance: the function never deletes an attached disk. Detach it and delete it, or keep it: it is billed until then.',
  'QuotaExceed.PostPaidDisk':
    'The account has reached its quota of pay-as-you-go disks: raise it in Quota Center, or drill fewer disks at once (DrillDisks).',
  'OperationDenied.NoStock':
    'The zone has no stock of that disk category now: a later run may find some, or set ZoneId or DrillDiskCategory to another.',
  'Zone.NotOnSale':
    'The zone does not sell disks now: set ZoneId to another zone of the destination, or leave it out to let the function choose.',
  SnapshotCreatedDisk:
    'Disks were created from this copy, so it was kept (the function never forces a deletion): delete those disks first if the copy should go.',
  SnapshotCreatedImage: 'An image was created from this copy, so it was kept: delete the image first if the copy should go.',
  IncorrectDiskStatus:
    'The disk is not Available (being created, attached or already deleting): the function waits for it or the next run deletes it.',
};
