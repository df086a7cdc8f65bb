import { ERROR_CLASSES, type ErrorClass } from '../failures/error-classes';
import { CopyFailure, type FailureInit } from '../failures/errors';

const KMS_ADVICE =
  'KMS refused to encrypt the copy in the destination region: activate KMS there, check that KMSKeyId names an enabled symmetric key of the destination region (or leave it out for the default key), and that the ECS service role AliyunECSDiskEncryptDefaultRole may use the key.';
const NOT_COPYABLE_ADVICE =
  'This snapshot cannot be copied to another region (local snapshots, archived snapshots and some categories or storage locations cannot): nothing to retry. Protect the disk another way, or take a standard snapshot of it and copy that.';
const ENCRYPTION_NOT_POSSIBLE_ADVICE =
  'ECS cannot make an encrypted copy with these settings in the destination region: check Encrypted, KMSKeyId and the destination region (not every region supports encrypted copies or every algorithm).';
const COPY_RUNNING_ADVICE =
  'A copy of the same disk to the same destination region is still running (ECS allows one at a time, whoever started it: this function, the console or an automatic snapshot policy with cross-region copy). Nothing to fix: a later run copies this snapshot.';
const DESCRIBE_FILTER_ADVICE =
  'ECS refused a DescribeSnapshots filter or page the function sent: check the selection (SnapshotType, SourceTag, InstanceIds, DiskIds). If the selection is right, report it: the function should not send such a filter.';

/** A code, or a code and its advice where it needs other advice than its class gives. */
export type CodeEntry = string | readonly [Code: string, advice: string];

/**
 * Every Code a user can see, by class, each once with its advice where its class's is not enough, kept as data: ECS's
 * codes and the codes this function produces itself. Sources of ECS's codes: the CopySnapshot page
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-copysnapshot, its full error
 * table), the DescribeSnapshots page (https://alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describesnapshots)
 * and ECS's public error list. The codes of the disk, deletion and tagging calls that only restore drills and
 * KeepCopies make, and the drills' own, are in disk-call-errors.ts (dist/on-demand.js): a copy run never needs them.
 * docs/errors.md lists each code of both tables with its retry rule, HTTP status and advice; a test keeps them equal.
 */
export const CODES_BY_CLASS: Readonly<Record<ErrorClass, readonly CodeEntry[]>> = {
  'invalid-request': [
    // Ours: the request or the event broke a rule before any call.
    'InvalidParameter',
    'InvalidEvent',
    ['SnapshotNotCopyable', NOT_COPYABLE_ADVICE],
    [
      'EcsNameNotResolved',
      "The ECS endpoint's host name (named in the message) does not resolve: a region ID that names no region has no endpoint, so check RegionId and DestinationRegionId, then ECS_ENDPOINT and the DNS of the function's network. Not retried: a name that does not exist does not appear within seconds.",
    ],
    // Parameters ECS refused.
    'MissingParameter',
    'Duplicate.TagKey',
    'InvalidTagKey.Malformed',
    'InvalidTagValue.Malformed',
    'InvalidTagCount',
    [
      'IdempotentParameterMismatch',
      'ECS already accepted this ClientToken with other parameters. A derived token never changes its parameters, so this means a caller reused a token for another copy: send a new ClientToken, or none.',
    ],
    // Ours: ECS holds a derived ClientToken for another copy, and no copy of the source is in the destination.
    [
      'ClientTokenTaken',
      'ECS holds the ClientToken this function derives for this copy, for another copy, and no copy of this source is in the destination: someone who may call ecs:CopySnapshot in the account used that token outside the function (the derivation is public; HTTP callers cannot send it). Nothing was copied, and runs will not copy this source under that token. Copy it with a ClientToken of your own (POST /copies or a direct invocation with "ClientToken"), and find who called CopySnapshot with an sc- token (ActionTrail).',
    ],
    ['InvalidOperation.NotSupportCopyInSameRegion', 'DestinationRegionId equals the source region: a copy must go to another region.'],
    [
      'InvalidRegionId.NotFound',
      'The region named does not exist: a request without RegionId or DestinationRegionId takes SOURCE_REGION_ID or DESTINATION_REGION_ID. Use one ECS lists (us-east-1, not us-east1).',
    ],
    [
      'InvalidRegionId.MalFormed',
      'RegionId or DestinationRegionId is not a region ID ECS knows the shape of: use an ID such as cn-hangzhou.',
    ],
    [
      'InvalidRegionId.NotExists',
      'The region does not exist (or was closed): check RegionId and DestinationRegionId against the regions ECS lists today (DescribeRegions).',
    ],
    [
      'InvalidDestinationRegionId.NotFound',
      'The destination region does not exist: check DestinationRegionId against the regions ECS lists today.',
    ],
    'InvalidDestinationSnapshotName.Malformed',
    'InvalidDestinationSnapshotDescription.Malformed',
    'InvalidSnapshotName.Malformed',
    'InvalidDescription.Malformed',
    'InvalidRetentionDays.Malformed',
    // The region pair (CopySnapshot: "the destination region is not in compliance with regulations").
    [
      'OperationDenied.NonCompliantDestinationRegion',
      'ECS refuses copies from this source region to this destination region ("not in compliance with regulations"): copies between the Chinese mainland and regions outside it are refused. This pair cannot be copied; choose a destination on the same side of the border.',
    ],
    // Encryption asked for something ECS cannot do.
    [
      'InvalidEncrypted.NotSupportDecrypt',
      'The source snapshot is encrypted and ECS does not make an unencrypted copy of it: set Encrypted to true (with a KMSKeyId of the destination region, or none for the default key).',
    ],
    [
      'InvalidEncrypted.NotMatchKmsKeyId',
      'KMSKeyId was given without Encrypted=true, or does not match the encryption asked for: set Encrypted to true with the key.',
    ],
    ['InvalidEncrypted.NotMatchEncryptAlgorithm', ENCRYPTION_NOT_POSSIBLE_ADVICE],
    ['InvalidKMSKeyId.NotSymmetric', 'KMSKeyId names an asymmetric key: ECS encrypts disks and snapshots with symmetric keys only.'],
    ['InvalidKMSKeyId.NotFound', KMS_ADVICE],
    ['InvalidRegion.NotSupport', ENCRYPTION_NOT_POSSIBLE_ADVICE],
    ['InvalidRegionId.NotSupportedEncryptedSnapshotCopy', ENCRYPTION_NOT_POSSIBLE_ADVICE],
    ['InvalidRegionId.NotSupportEncryptAlgorithm', ENCRYPTION_NOT_POSSIBLE_ADVICE],
    ['InvalidEncryptAlgorithm', ENCRYPTION_NOT_POSSIBLE_ADVICE],
    // KMS in the destination region.
    ['InvalidParameter.KmsNotEnabled', KMS_ADVICE],
    ['InvalidParameter.KMSKeyId.NotFound', KMS_ADVICE],
    ['InvalidParameter.KMSKeyId.KMSUnauthorized', KMS_ADVICE],
    ['InvalidParameter.KMSKeyId.CMKNotEnabled', KMS_ADVICE],
    ['InvalidParameter.KMSKeyId.CMKUnauthorized', KMS_ADVICE],
    ['InvalidParameter.DataEncryptedKeyCreateFailed', KMS_ADVICE],
    // The source snapshot cannot be copied at all.
    ['InvalidSnapshotId.NotSupported', NOT_COPYABLE_ADVICE],
    ['InvalidSnapshotId.EncryptedNotSupport', NOT_COPYABLE_ADVICE],
    ['InvalidSnapshot.EncryptedNotSupported', NOT_COPYABLE_ADVICE],
    ['InvalidSnapshotCategory.NotSupportCopy', NOT_COPYABLE_ADVICE],
    ['InvalidSnapshotCategory.NotSupportCrossRegionCopy', NOT_COPYABLE_ADVICE],
    ['InvalidSnapshotCategory.NotSupportEncryptedCopy', NOT_COPYABLE_ADVICE],
    ['OperationDenied.SnapshotCategoryNotSupportCopy', NOT_COPYABLE_ADVICE],
    ['InvalidSnapshot.StorageLocationNotSupported', NOT_COPYABLE_ADVICE],
    // DescribeSnapshots' documented error table.
    ['InvalidSnapshotIds.Malformed', DESCRIBE_FILTER_ADVICE],
    ['InvalidStatus.NotFound', DESCRIBE_FILTER_ADVICE],
    ['InvalidSnapshotType.NotFound', DESCRIBE_FILTER_ADVICE],
    ['InvalidUsage', DESCRIBE_FILTER_ADVICE],
    ['InvalidSourceDiskType', DESCRIBE_FILTER_ADVICE],
    ['InvalidFilterKey.NotFound', DESCRIBE_FILTER_ADVICE],
    ['InvalidFilterValue', DESCRIBE_FILTER_ADVICE],
    ['InvalidTag.Mismatch', DESCRIBE_FILTER_ADVICE],
    ['InvalidSnapshotLinkId.NotFound', DESCRIBE_FILTER_ADVICE],
    ['InvalidParameter.MaxResults', DESCRIBE_FILTER_ADVICE],
    ['InvalidParameter.NextToken', DESCRIBE_FILTER_ADVICE],
    // Past the tag filter's 1000 matches (the local endpoint's code for it; what ECS answers there is UNVERIFIED).
    // The run lists that destination whole instead (find-earlier-copies.ts); seen as a failure only elsewhere.
    [
      'InvalidParameter.TagResourceCount',
      'A tag filter matched more snapshots than ECS searches by tag (1000): the function lists the region whole instead. Seen as a failure, report it with the RequestId.',
    ],
    // Ours: an InstanceIds, DiskIds or SourceTag entry matched no snapshot (and the order did not allow it).
    [
      'SelectionMatchedNothing',
      'An InstanceIds, DiskIds or SourceTag entry (named in the message) matched no snapshot in the source region: check it for a typo (or the s.yaml placeholder i-replacewithyourid), and that the instance or disk still exists and has snapshots of the selected SnapshotType. The entries that matched were copied. If the entry may match nothing, send "AllowEmpty": true.',
    ],
  ],
  'not-found': ['InvalidSnapshotId.NotFound'],
  'not-ready': [
    [
      'InvalidSnapshotId.NotReady',
      "The source snapshot is still being created. Nothing to fix: a later run (or FC's async retry) copies it once it is accomplished.",
    ],
    // One copy of a disk to a region at a time, whoever started it (this function, the console, a policy).
    ['InvalidOperation.DiskHasUnfinishedSnapshotCopy', COPY_RUNNING_ADVICE],
    ['InvalidOperation.UnfinishedCrossRegionCopy', COPY_RUNNING_ADVICE],
    ['InvalidOperation.UnfinishedEncryptedSnapshotCopy', COPY_RUNNING_ADVICE],
    // Ours: a snapshot listed as a copy of the source could not be read; the source is not copied again meanwhile.
    [
      'EarlierCopyUnreadable',
      'A snapshot in the destination is listed as a copy of this source, but with a value this function cannot read (its snapshot-unreadable line names the field): it may be an earlier copy, so the source is not copied again. Look at that copy in the console: if it failed or is gone, delete it and the next run copies the source; if ECS lists a new Status, report it so the function learns it.',
    ],
  ],
  forbidden: [
    'InvalidUser.NotInWhiteList',
    'Forbidden.RAM',
    'Forbidden',
    'NoPermission',
    [
      'InvalidOperation.Unauthorized',
      "ECS refused the operation for this account or snapshot: check the RAM role's policy (ecs:CopySnapshot on the snapshot) and that the snapshot belongs to the account.",
    ],
    [
      'Forbidden.CallerPolicy',
      "The operator does not let HTTP callers ask for this (the message names the rule and its variable): change the request, or ask the operator to change CALLER_* in the function's configuration.",
    ],
  ],
  account: [
    'InvalidAccountStatus.NotEnoughBalance',
    'InvalidAccountStatus.SnapshotServiceUnavailable',
    [
      'QuotaExceed.SnapshotQuota',
      "The account's snapshot quota in the destination region is used up: delete snapshots that are no longer needed (RetentionDays releases copies automatically) or raise the quota in the Quota Center, then run again.",
    ],
  ],
  throttled: [
    'Throttling',
    'Throttling.User',
    'Throttling.Api',
    // Ours: the function's own cap on copies running at once in a destination (a copy `left` for the next run).
    [
      'MaxCopiesInFlight',
      "MAX_COPIES_IN_FLIGHT copies are already running in this destination (the function's own flow control): this one was not started, and the next run starts it. Raise MAX_COPIES_IN_FLIGHT only if ECS keeps up.",
    ],
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
    [
      'InvalidSecurityToken.Expired',
      "The STS token expired. In FC each invocation gets fresh credentials from the function's role: run again (FC's async retry does). Outside FC, refresh ALIBABA_CLOUD_SECURITY_TOKEN. Retrying with the same token cannot help.",
    ],
    'InvalidSecurityToken.Malformed',
    'InvalidSecurityToken.Mismatch',
    ['IllegalTimestamp', 'ECS refused the request time: check the clock of the machine that runs the function (NTP).'],
  ],
  transient: [
    'ServiceUnavailable',
    'InternalError',
    'UnknownError',
    // A reused nonce is answered before anything is done; the retry is a new request with a new nonce.
    'SignatureNonceUsed',
    // "Conflict with a previous request, try again later": the first call with this ClientToken is still being
    // handled; the retry sends the same token and gets that call's snapshot.
    [
      'InvalidOperation.Conflict',
      'ECS was still handling an earlier call with the same ClientToken. The function retried with that same token, so at most one copy is made; if this persists, run again.',
    ],
    [
      'EcsBadResponse',
      'ECS (or a proxy before it) answered something that is not a valid ECS answer: an HTML page, a cut-off body, an empty or null body, or a listing that repeats itself. The function retried what was safe to retry; run again, and if it persists report the RequestId to Alibaba Cloud.',
    ],
    [
      'EcsUnreachable',
      "The connection to the ECS endpoint (named in the message) failed. The function retried with the same ClientToken, so no duplicate copy was made; if it persists, check the function's network (a VPC needs a NAT gateway or the ECS VPC endpoint).",
    ],
    [
      'EcsTimeout',
      'ECS did not answer in time. The function retried with the same ClientToken, so no duplicate copy was made; run again if it persists.',
    ],
    [
      'EcsProtocolError',
      "The ECS endpoint (named in the message) answered something that is not HTTP, or broke off mid-answer. The function retried with the same ClientToken; if it persists, check ECS_ENDPOINT's scheme and port and any proxy in the function's network.",
    ],
    [
      'DeadlineExceeded',
      'No time was left before the function timeout for another ECS call. Raise the function timeout, or select fewer snapshots per run; a later run continues where this one stopped.',
    ],
  ],
  configuration: [
    'InvalidConfiguration',
    [
      'EcsTlsError',
      "The TLS connection to the ECS endpoint (named in the message) failed: its certificate was not trusted, expired or named another host, or the endpoint does not speak TLS. Check ECS_ENDPOINT, any proxy in the function's network, and the clock. Not retried.",
    ],
  ],
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

/** A table by class, as the advice of each Code that has its own. */
export function adviceByCode(table: Partial<Record<ErrorClass, readonly CodeEntry[]>>): ReadonlyMap<string, string> {
  return new Map(Object.values(table).flatMap((entries) => entries.filter((entry) => typeof entry !== 'string')));
}

const CLASS_BY_CODE = classByCode(CODES_BY_CLASS);
const ADVICE_BY_CODE = adviceByCode(CODES_BY_CLASS);

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

/** What the operator should do about a failure with this Code: its own advice, or its class's. */
export function adviceFor(Code: string, errorClass: ErrorClass): string {
  return ADVICE_BY_CODE.get(Code) ?? ERROR_CLASSES[errorClass].advice;
}

/** A CopyFailure of the class this table gives its Code (past the table, its family's, or its HTTP status's). */
export function classifiedFailure(init: Omit<FailureInit, 'errorClass'>): CopyFailure {
  return new CopyFailure({ ...init, errorClass: classifyEcsError(init.Code, init.ecsHttpStatus) });
}
