import type { ErrorClass } from '../failures/error-classes';
import { CopyFailure, type FailureInit } from '../failures/errors';

/** A code, or a code and its advice where it needs other advice than its class gives. */
export type CodeEntry = string | readonly [Code: string, advice: string];

/**
 * Every Code a user can see, by class, each once, kept as data: ECS's codes and the codes this function produces
 * itself. What each means for the operator (its advice) is in ecs-error-advice.ts, which only a failure needs: it is
 * in dist/on-demand.js, and a copy run that fails loads it to write its lines. Sources of ECS's codes: the CopySnapshot page
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-copysnapshot, its full error
 * table), the DescribeSnapshots page (https://alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describesnapshots)
 * and ECS's public error list. The codes of the disk, deletion and tagging calls that only restore drills and
 * KeepCopies make, and the drills' own, are in disk-call-errors.ts (dist/on-demand.js): a copy run never needs them.
 * docs/errors.md lists each code of both tables with its retry rule, HTTP status and advice; a test keeps them equal.
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
    // Past the tag filter's 1000 matches (the local endpoint's code for it; what ECS answers there is UNVERIFIED).
    // The run lists that destination whole instead (find-earlier-copies.ts); seen as a failure only elsewhere.
    'InvalidParameter.TagResourceCount',
    // Ours: an InstanceIds, DiskIds or SourceTag entry matched no snapshot (and the order did not allow it).
    'SelectionMatchedNothing',
  ],
  'not-found': ['InvalidSnapshotId.NotFound'],
  'not-ready': [
    'InvalidSnapshotId.NotReady',
    // One copy of a disk to a region at a time, whoever started it (this function, the console, a policy).
    'InvalidOperation.DiskHasUnfinishedSnapshotCopy',
    'InvalidOperation.UnfinishedCrossRegionCopy',
    'InvalidOperation.UnfinishedEncryptedSnapshotCopy',
    // Ours: a snapshot listed as a copy of the source could not be read; the source is not copied again meanwhile.
    'EarlierCopyUnreadable',
  ],
  forbidden: [
    'InvalidUser.NotInWhiteList',
    'Forbidden.RAM',
    'Forbidden',
    'NoPermission',
    'InvalidOperation.Unauthorized',
    'Forbidden.CallerPolicy',
  ],
  account: ['InvalidAccountStatus.NotEnoughBalance', 'InvalidAccountStatus.SnapshotServiceUnavailable', 'QuotaExceed.SnapshotQuota'],
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
  ],
  configuration: ['InvalidConfiguration', 'EcsTlsError'],
  unknown: ['EcsClientError', 'CopyNotMade'],
  internal: ['InternalFailure'],
  // Ours: a run that did not do all it was asked (copies failed, not ready or left, selections that matched nothing, disks
  // outside RPO), named in the rejection of a timer's or direct invocation (run-verdict.ts).
  incomplete: ['CopyRunFailed'],
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

/** The Code of an entry of a table by class. */
export function codeOf(entry: CodeEntry): string {
  return typeof entry === 'string' ? entry : entry[0];
}

/** A table by class, as each Code's class. */
export function classByCode(table: Partial<Record<ErrorClass, readonly CodeEntry[]>>): ReadonlyMap<string, ErrorClass> {
  return new Map(
    Object.entries(table).flatMap(([errorClass, entries]) => entries.map((entry) => [codeOf(entry), errorClass as ErrorClass] as const)),
  );
}

const CLASS_BY_CODE = classByCode(CODES_BY_CLASS);

/**
 * Sorts an ECS answer into a class: by its Code (in this table, then in `more`: disk-call-errors.ts gives the disk
 * calls' codes), then by the code's family, then (a code no table knows, which is still reported verbatim) by the
 * HTTP status: 5xx is transient, 429 is throttling, 409 a conflict to retry, anything else is unknown. A Code that is
 * a number (seen from proxies) is no ECS code: its status decides.
 */
export function classifyEcsError(Code: string, ecsHttpStatus?: number, more?: ReadonlyMap<string, ErrorClass>): ErrorClass {
  const exact = CLASS_BY_CODE.get(Code) ?? more?.get(Code);
  if (exact) return exact;
  const family = CODE_FAMILIES.find(([pattern]) => pattern.test(Code));
  if (family) return family[1];
  if (ecsHttpStatus !== undefined && ecsHttpStatus >= 500) return 'transient';
  if (ecsHttpStatus === 429) return 'throttled';
  if (ecsHttpStatus === 409) return 'transient';
  return 'unknown';
}

/** A CopyFailure of the class this table gives its Code (past the table, its family's, or its HTTP status's). */
export function classifiedFailure(init: Omit<FailureInit, 'errorClass'>): CopyFailure {
  return new CopyFailure({ ...init, errorClass: classifyEcsError(init.Code, init.ecsHttpStatus) });
}
