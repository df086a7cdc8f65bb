import type { ErrorClass } from './error-classes';

/**
 * Every Code a user can see, by class, kept as data: ECS's codes and the codes this function produces itself. Sources
 * of ECS's codes: the CopySnapshot page (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-copysnapshot,
 * its full error table), the DescribeSnapshots page
 * (https://alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describesnapshots) and ECS's public
 * error list; the codes of the disk, deletion and tagging calls of restore drills and KeepCopies from their pages' error
 * tables (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createdisk, DescribeDisks,
 * DeleteDisk, DescribeAvailableResource, DeleteSnapshot, TagResources). docs/errors.md lists each one with its retry rule, HTTP status and advice; a test keeps the two equal.
 */
export const CODES_BY_CLASS: Readonly<Record<ErrorClass, readonly string[]>> = {
  'invalid-request': [
    // Ours: the request or the event broke a rule before any call.
    'InvalidParameter',
    'InvalidEvent',
    'SnapshotNotCopyable',
    'EcsNameNotResolved',
    // Parameters ECS refused.
    'MissingParameter',
    'Duplicate.TagKey',
    'InvalidTagKey.Malformed',
    'InvalidTagValue.Malformed',
    'InvalidTagCount',
    'IdempotentParameterMismatch',
    // Ours: ECS holds a derived ClientToken for another copy, and no copy of the source is in the destination.
    'ClientTokenTaken',
    'InvalidOperation.NotSupportCopyInSameRegion',
    'InvalidRegionId.NotFound',
    'InvalidRegionId.MalFormed',
    'InvalidRegionId.NotExists',
    'InvalidDestinationRegionId.NotFound',
    'InvalidDestinationSnapshotName.Malformed',
    'InvalidDestinationSnapshotDescription.Malformed',
    'InvalidSnapshotName.Malformed',
    'InvalidDescription.Malformed',
    'InvalidRetentionDays.Malformed',
    // The region pair (CopySnapshot: "the destination region is not in compliance with regulations").
    'OperationDenied.NonCompliantDestinationRegion',
    // Encryption asked for something ECS cannot do.
    'InvalidEncrypted.NotSupportDecrypt',
    'InvalidEncrypted.NotMatchKmsKeyId',
    'InvalidEncrypted.NotMatchEncryptAlgorithm',
    'InvalidKMSKeyId.NotSymmetric',
    'InvalidKMSKeyId.NotFound',
    'InvalidRegion.NotSupport',
    'InvalidRegionId.NotSupportedEncryptedSnapshotCopy',
    'InvalidRegionId.NotSupportEncryptAlgorithm',
    'InvalidEncryptAlgorithm',
    // KMS in the destination region.
    'InvalidParameter.KmsNotEnabled',
    'InvalidParameter.KMSKeyId.NotFound',
    'InvalidParameter.KMSKeyId.KMSUnauthorized',
    'InvalidParameter.KMSKeyId.CMKNotEnabled',
    'InvalidParameter.KMSKeyId.CMKUnauthorized',
    'InvalidParameter.DataEncryptedKeyCreateFailed',
    // The source snapshot cannot be copied at all.
    'InvalidSnapshotId.NotSupported',
    'InvalidSnapshotId.EncryptedNotSupport',
    'InvalidSnapshot.EncryptedNotSupported',
    'InvalidSnapshotCategory.NotSupportCopy',
    'InvalidSnapshotCategory.NotSupportCrossRegionCopy',
    'InvalidSnapshotCategory.NotSupportEncryptedCopy',
    'OperationDenied.SnapshotCategoryNotSupportCopy',
    'InvalidSnapshot.StorageLocationNotSupported',
    // DescribeSnapshots' documented error table.
    'InvalidSnapshotIds.Malformed',
    'InvalidStatus.NotFound',
    'InvalidSnapshotType.NotFound',
    'InvalidUsage',
    'InvalidSourceDiskType',
    'InvalidFilterKey.NotFound',
    'InvalidFilterValue',
    'InvalidTag.Mismatch',
    'InvalidSnapshotLinkId.NotFound',
    'InvalidParameter.MaxResults',
    'InvalidParameter.NextToken',
    // Restore drills and KeepCopies: the disk, deletion and tagging calls' tables, and the drills' own codes.
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
    // Ours: an InstanceIds, DiskIds or SourceTag entry matched no snapshot (and the order did not allow it).
    'SelectionMatchedNothing',
  ],
  'not-found': [
    'InvalidSnapshotId.NotFound',
    // Restore drills and KeepCopies: the disk, deletion and tagging calls' tables, and the drills' own codes.
    'InvalidDiskId.NotFound',
    'InvalidResourceId.NotFound',
  ],
  'not-ready': [
    'InvalidSnapshotId.NotReady',
    // One copy of a disk to a region at a time, whoever started it (this function, the console, a policy).
    'InvalidOperation.DiskHasUnfinishedSnapshotCopy',
    'InvalidOperation.UnfinishedCrossRegionCopy',
    'InvalidOperation.UnfinishedEncryptedSnapshotCopy',
    // Ours: a snapshot listed as a copy of the source could not be read; the source is not copied again meanwhile.
    'EarlierCopyUnreadable',
    // Restore drills and KeepCopies: the disk, deletion and tagging calls' tables, and the drills' own codes.
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
  forbidden: [
    'InvalidUser.NotInWhiteList',
    'Forbidden.RAM',
    'Forbidden',
    'NoPermission',
    'InvalidOperation.Unauthorized',
    'Forbidden.CallerPolicy',
    // Restore drills and KeepCopies: the disk, deletion and tagging calls' tables, and the drills' own codes.
    'RegionUnauthorized',
    'UserNotInTheWhiteList',
    'InvalidDiskCategory.ValueUnauthorized',
  ],
  account: [
    'InvalidAccountStatus.NotEnoughBalance',
    'InvalidAccountStatus.SnapshotServiceUnavailable',
    'QuotaExceed.SnapshotQuota',
    // Restore drills and KeepCopies: the disk, deletion and tagging calls' tables, and the drills' own codes.
    'QuotaExceed.PostPaidDisk',
    'QuotaExceed.PortableCloudDisk',
    'Account.Arrearage',
  ],
  throttled: [
    'Throttling',
    'Throttling.User',
    'Throttling.Api',
    // Ours: the function's own cap on copies running at once in a destination (a copy `left` for the next run).
    'MaxCopiesInFlight',
  ],
  credentials: [
    'MissingCredentials',
    'MissingSignature',
    'MissingAccessKeyId',
    'MissingSecurityToken',
    'SignatureDoesNotMatch',
    'IncompleteSignature',
    'InvalidAccessKeyId.NotFound',
    'InvalidAccessKeyId.Inactive',
    'InvalidSecurityToken.Expired',
    'InvalidSecurityToken.Malformed',
    'InvalidSecurityToken.Mismatch',
    'IllegalTimestamp',
  ],
  transient: [
    'ServiceUnavailable',
    'InternalError',
    'UnknownError',
    // A reused nonce is answered before anything is done; the retry is a new request with a new nonce.
    'SignatureNonceUsed',
    // "Conflict with a previous request, try again later": the first call with this ClientToken is still being
    // handled; the retry sends the same token and gets that call's snapshot.
    'InvalidOperation.Conflict',
    'EcsBadResponse',
    'EcsUnreachable',
    'EcsTimeout',
    'EcsProtocolError',
    'DeadlineExceeded',
    // Restore drills and KeepCopies: the disk, deletion and tagging calls' tables, and the drills' own codes.
    'Operation.Conflict',
  ],
  configuration: ['InvalidConfiguration', 'EcsTlsError'],
  unknown: ['EcsClientError', 'CopyNotMade'],
  internal: ['InternalFailure'],
};

/** Families of codes that ECS extends over time; checked after the exact codes, in this order. */
const CODE_FAMILIES: ReadonlyArray<readonly [RegExp, ErrorClass]> = [
  // Any "a copy of this disk is still running" code, whatever ECS names it next.
  [/^InvalidOperation\.Unfinished\w*Copy$/, 'not-ready'],
  [/^Throttling\./, 'throttled'],
  [/^InvalidAccountStatus\./, 'account'],
  [/^QuotaExceed\./, 'account'],
  [/^InvalidSecurityToken\./, 'credentials'],
  [/^InvalidAccessKeyId\./, 'credentials'],
  [/^Forbidden\./, 'forbidden'],
  [/^Missing/, 'invalid-request'],
  [/^InvalidParameter\./, 'invalid-request'],
  [/^InvalidEncrypted\./, 'invalid-request'],
  [/^InvalidSnapshotCategory\./, 'invalid-request'],
  // ECS spells it `.Malformed` and, for InvalidRegionId, `.MalFormed`.
  [/\.Malformed$/i, 'invalid-request'],
];

const CLASS_BY_CODE: ReadonlyMap<string, ErrorClass> = new Map(
  Object.entries(CODES_BY_CLASS).flatMap(([errorClass, codes]) => codes.map((code) => [code, errorClass as ErrorClass] as const)),
);

/**
 * Sorts an ECS answer into a class: by its Code, then by the code's family, then (a code no table knows, which is
 * still reported verbatim) by the HTTP status: 5xx is transient, 429 is throttling, 409 a conflict to retry,
 * anything else is unknown. A Code that is a number (seen from proxies) is no ECS code: its status decides.
 */
export function classifyEcsError(Code: string, ecsHttpStatus?: number): ErrorClass {
  const exact = CLASS_BY_CODE.get(Code);
  if (exact) return exact;
  const family = CODE_FAMILIES.find(([pattern]) => pattern.test(Code));
  if (family) return family[1];
  if (ecsHttpStatus !== undefined && ecsHttpStatus >= 500) return 'transient';
  if (ecsHttpStatus === 429) return 'throttled';
  if (ecsHttpStatus === 409) return 'transient';
  return 'unknown';
}
