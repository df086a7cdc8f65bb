/**
 * The closed set of outcomes a failed copy is sorted into. Each class carries what the function does about it
 * (`retry`), what an HTTP caller gets (`httpStatus`) and what the operator should do (`advice`).
 *
 * retry:
 * - `backoff`: retried inside the invocation with capped exponential backoff and full jitter, same ClientToken;
 * - `later`: not retried now (the condition lasts minutes to hours); the invocation fails so that FC's
 *   asynchronous retry, or the next scheduled run, tries again;
 * - `never`: retrying cannot help until a person changes something.
 */
export const ERROR_CLASSES = {
  'invalid-request': {
    retry: 'never',
    httpStatus: 400,
    advice: 'Fix the request or the function configuration: the message names the field and the rule it breaks.',
  },
  'not-found': {
    retry: 'never',
    httpStatus: 404,
    advice: 'Check SnapshotId and RegionId: the source snapshot does not exist in that region (or was deleted).',
  },
  'not-ready': {
    retry: 'later',
    httpStatus: 409,
    advice:
      "The source snapshot is still being created, or an earlier copy of the same disk to the same region is still running. Nothing to fix: a later run (or FC's async retry) copies it.",
  },
  forbidden: {
    retry: 'never',
    httpStatus: 403,
    advice:
      "Grant the function's RAM role ecs:CopySnapshot (and ecs:DescribeSnapshots), or ask Alibaba Cloud support to enable cross-region snapshot copy for the account.",
  },
  account: {
    retry: 'never',
    httpStatus: 403,
    advice: 'Top up the account balance or activate the snapshot service, then run again.',
  },
  throttled: {
    retry: 'backoff',
    httpStatus: 429,
    advice:
      'ECS throttled the account (1000 calls a minute per account). The function backed off and retried; if this persists, spread schedules out or lower other API traffic.',
  },
  credentials: {
    retry: 'never',
    httpStatus: 502,
    advice:
      "Check the function's role (FC passes its STS credentials per invocation) or the ALIBABA_CLOUD_ACCESS_KEY_* variables, and the machine clock; an expired STS token needs fresh credentials, not a retry.",
  },
  transient: {
    retry: 'backoff',
    // 503 for ECS's own ServiceUnavailable and 504 for timeouts: see HTTP_STATUS_BY_CODE below.
    httpStatus: 502,
    advice:
      "ECS or the network failed for a while. The function retried with the same ClientToken, so no duplicate copy was made; run again, or let FC's async retry do it.",
  },
  configuration: {
    retry: 'never',
    httpStatus: 500,
    advice: "Fix the environment variable named in the function's log, then redeploy.",
  },
  unknown: {
    retry: 'never',
    httpStatus: 502,
    advice: 'An ECS error this function does not know: look the Code up in the ECS API error center.',
  },
  internal: {
    retry: 'never',
    httpStatus: 500,
    advice: 'A defect of this function, not of ECS or the request: report it with this log line (Error and Stack say where it failed).',
  },
} as const satisfies Record<string, { retry: 'backoff' | 'later' | 'never'; httpStatus: number; advice: string }>;

export type ErrorClass = keyof typeof ERROR_CLASSES;

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

/** Where one code needs other advice than its class gives. */
const ADVICE_BY_CODE: Readonly<Record<string, string>> = {
  'Forbidden.CallerPolicy':
    "The operator does not let HTTP callers ask for this (the message names the rule and its variable): change the request, or ask the operator to change CALLER_* in the function's configuration.",
  'InvalidSecurityToken.Expired':
    "The STS token expired. In FC each invocation gets fresh credentials from the function's role: run again (FC's async retry does). Outside FC, refresh ALIBABA_CLOUD_SECURITY_TOKEN. Retrying with the same token cannot help.",
  IllegalTimestamp: 'ECS refused the request time: check the clock of the machine that runs the function (NTP).',
  'InvalidOperation.DiskHasUnfinishedSnapshotCopy': COPY_RUNNING_ADVICE,
  'InvalidOperation.UnfinishedCrossRegionCopy': COPY_RUNNING_ADVICE,
  'InvalidOperation.UnfinishedEncryptedSnapshotCopy': COPY_RUNNING_ADVICE,
  'InvalidSnapshotId.NotReady':
    "The source snapshot is still being created. Nothing to fix: a later run (or FC's async retry) copies it once it is accomplished.",
  EarlierCopyUnreadable:
    'A snapshot in the destination is listed as a copy of this source, but with a value this function cannot read (its snapshot-unreadable line names the field): it may be an earlier copy, so the source is not copied again. Look at that copy in the console: if it failed or is gone, delete it and the next run copies the source; if ECS lists a new Status, report it so the function learns it.',
  ClientTokenTaken:
    'ECS holds the ClientToken this function derives for this copy, for another copy, and no copy of this source is in the destination: someone who may call ecs:CopySnapshot in the account used that token outside the function (the derivation is public; HTTP callers cannot send it). Nothing was copied, and runs will not copy this source under that token. Copy it with a ClientToken of your own (POST /copies or a direct invocation with "ClientToken"), and find who called CopySnapshot with an sc- token (ActionTrail).',
  MaxCopiesInFlight:
    "MAX_COPIES_IN_FLIGHT copies are already running in this destination (the function's own flow control): this one was not started, and the next run starts it. Raise MAX_COPIES_IN_FLIGHT only if ECS keeps up.",
  SelectionMatchedNothing:
    'An InstanceIds, DiskIds or SourceTag entry (named in the message) matched no snapshot in the source region: check it for a typo (or the s.yaml placeholder i-replacewithyourid), and that the instance or disk still exists and has snapshots of the selected SnapshotType. The entries that matched were copied. If the entry may match nothing, send "AllowEmpty": true.',
  'InvalidOperation.Conflict':
    'ECS was still handling an earlier call with the same ClientToken. The function retried with that same token, so at most one copy is made; if this persists, run again.',
  'OperationDenied.NonCompliantDestinationRegion':
    'ECS refuses copies from this source region to this destination region ("not in compliance with regulations"): copies between the Chinese mainland and regions outside it are refused. This pair cannot be copied; choose a destination on the same side of the border.',
  'QuotaExceed.SnapshotQuota':
    "The account's snapshot quota in the destination region is used up: delete snapshots that are no longer needed (RetentionDays releases copies automatically) or raise the quota in the Quota Center, then run again.",
  'InvalidEncrypted.NotSupportDecrypt':
    'The source snapshot is encrypted and ECS does not make an unencrypted copy of it: set Encrypted to true (with a KMSKeyId of the destination region, or none for the default key).',
  'InvalidEncrypted.NotMatchKmsKeyId':
    'KMSKeyId was given without Encrypted=true, or does not match the encryption asked for: set Encrypted to true with the key.',
  'InvalidEncrypted.NotMatchEncryptAlgorithm': ENCRYPTION_NOT_POSSIBLE_ADVICE,
  'InvalidKMSKeyId.NotSymmetric': 'KMSKeyId names an asymmetric key: ECS encrypts disks and snapshots with symmetric keys only.',
  'InvalidKMSKeyId.NotFound': KMS_ADVICE,
  'InvalidRegion.NotSupport': ENCRYPTION_NOT_POSSIBLE_ADVICE,
  'InvalidRegionId.NotSupportedEncryptedSnapshotCopy': ENCRYPTION_NOT_POSSIBLE_ADVICE,
  'InvalidRegionId.NotSupportEncryptAlgorithm': ENCRYPTION_NOT_POSSIBLE_ADVICE,
  InvalidEncryptAlgorithm: ENCRYPTION_NOT_POSSIBLE_ADVICE,
  'InvalidParameter.KmsNotEnabled': KMS_ADVICE,
  'InvalidParameter.KMSKeyId.NotFound': KMS_ADVICE,
  'InvalidParameter.KMSKeyId.KMSUnauthorized': KMS_ADVICE,
  'InvalidParameter.KMSKeyId.CMKNotEnabled': KMS_ADVICE,
  'InvalidParameter.KMSKeyId.CMKUnauthorized': KMS_ADVICE,
  'InvalidParameter.DataEncryptedKeyCreateFailed': KMS_ADVICE,
  SnapshotNotCopyable: NOT_COPYABLE_ADVICE,
  'InvalidSnapshotId.NotSupported': NOT_COPYABLE_ADVICE,
  'InvalidSnapshotId.EncryptedNotSupport': NOT_COPYABLE_ADVICE,
  'InvalidSnapshot.EncryptedNotSupported': NOT_COPYABLE_ADVICE,
  'InvalidSnapshotCategory.NotSupportCopy': NOT_COPYABLE_ADVICE,
  'InvalidSnapshotCategory.NotSupportCrossRegionCopy': NOT_COPYABLE_ADVICE,
  'InvalidSnapshotCategory.NotSupportEncryptedCopy': NOT_COPYABLE_ADVICE,
  'OperationDenied.SnapshotCategoryNotSupportCopy': NOT_COPYABLE_ADVICE,
  'InvalidSnapshot.StorageLocationNotSupported': NOT_COPYABLE_ADVICE,
  'InvalidRegionId.MalFormed': 'RegionId or DestinationRegionId is not a region ID ECS knows the shape of: use an ID such as cn-hangzhou.',
  'InvalidRegionId.NotExists':
    'The region does not exist (or was closed): check RegionId and DestinationRegionId against the regions ECS lists today (DescribeRegions).',
  'InvalidRegionId.NotFound': 'The region does not exist: check RegionId and DestinationRegionId against the regions ECS lists today.',
  'InvalidDestinationRegionId.NotFound':
    'The destination region does not exist: check DestinationRegionId against the regions ECS lists today.',
  'InvalidOperation.NotSupportCopyInSameRegion': 'DestinationRegionId equals the source region: a copy must go to another region.',
  IdempotentParameterMismatch:
    'ECS already accepted this ClientToken with other parameters. A derived token never changes its parameters, so this means a caller reused a token for another copy: send a new ClientToken, or none.',
  'InvalidOperation.Unauthorized':
    "ECS refused the operation for this account or snapshot: check the RAM role's policy (ecs:CopySnapshot on the snapshot) and that the snapshot belongs to the account.",
  'InvalidSnapshotIds.Malformed': DESCRIBE_FILTER_ADVICE,
  'InvalidStatus.NotFound': DESCRIBE_FILTER_ADVICE,
  'InvalidSnapshotType.NotFound': DESCRIBE_FILTER_ADVICE,
  InvalidUsage: DESCRIBE_FILTER_ADVICE,
  InvalidSourceDiskType: DESCRIBE_FILTER_ADVICE,
  'InvalidFilterKey.NotFound': DESCRIBE_FILTER_ADVICE,
  InvalidFilterValue: DESCRIBE_FILTER_ADVICE,
  'InvalidTag.Mismatch': DESCRIBE_FILTER_ADVICE,
  'InvalidSnapshotLinkId.NotFound': DESCRIBE_FILTER_ADVICE,
  'InvalidParameter.MaxResults': DESCRIBE_FILTER_ADVICE,
  'InvalidParameter.NextToken': DESCRIBE_FILTER_ADVICE,
  EcsNameNotResolved:
    "The ECS endpoint's host name (named in the message) does not resolve: a region ID that names no region has no endpoint, so check RegionId and DestinationRegionId, then ECS_ENDPOINT and the DNS of the function's network. Not retried: a name that does not exist does not appear within seconds.",
  EcsTlsError:
    "The TLS connection to the ECS endpoint (named in the message) failed: its certificate was not trusted, expired or named another host, or the endpoint does not speak TLS. Check ECS_ENDPOINT, any proxy in the function's network, and the clock. Not retried.",
  EcsProtocolError:
    "The ECS endpoint (named in the message) answered something that is not HTTP, or broke off mid-answer. The function retried with the same ClientToken; if it persists, check ECS_ENDPOINT's scheme and port and any proxy in the function's network.",
  EcsUnreachable:
    "The connection to the ECS endpoint (named in the message) failed. The function retried with the same ClientToken, so no duplicate copy was made; if it persists, check the function's network (a VPC needs a NAT gateway or the ECS VPC endpoint).",
  EcsBadResponse:
    'ECS (or a proxy before it) answered something that is not a valid ECS answer: an HTML page, a cut-off body, an empty or null body, or a listing that repeats itself. The function retried what was safe to retry; run again, and if it persists report the RequestId to Alibaba Cloud.',
  DeadlineExceeded:
    'No time was left before the function timeout for another ECS call. Raise the function timeout, or select fewer snapshots per run; a later run continues where this one stopped.',
  EcsTimeout:
    'ECS did not answer in time. The function retried with the same ClientToken, so no duplicate copy was made; run again if it persists.',
  // Restore drills and KeepCopies.
  DrillTimeout:
    'The copy took longer to restore than DRILL_TIMEOUT_MINUTES or the function timeout allow: raise them if that is expected, else open a ticket. The disk is deleted now or by the next run.',
  DrillZoneNotFound:
    'No zone of the destination sells a disk category for this size now: set ZoneId and DrillDiskCategory, or MaxDrillDiskGiB to skip it.',
  DrillDiskInUse: 'Someone attached the drill disk to an instance, so it is not deleted (it is billed): detach and delete it.',
  'QuotaExceed.PostPaidDisk': 'The pay-as-you-go disk quota is reached: raise it in Quota Center, or lower DrillDisks.',
  'OperationDenied.NoStock': 'The zone has none of that category now: a later run may, or set ZoneId or DrillDiskCategory.',
  SnapshotCreatedDisk: 'Disks were created from this copy, so it is kept (never forced): delete them first if it should go.',
};

/** Where one code is retried otherwise than its class: the function's own cap is a flow control, but what it holds
 * back is started by the next run, not retried in this one. */
const RETRY_BY_CODE: Readonly<Record<string, RetryRule>> = {
  MaxCopiesInFlight: 'later',
};

export type RetryRule = (typeof ERROR_CLASSES)[ErrorClass]['retry'];

/** What the function does about a failure with this Code: see the retry rules above. */
export function retryRuleFor(Code: string, errorClass: ErrorClass): RetryRule {
  return RETRY_BY_CODE[Code] ?? ERROR_CLASSES[errorClass].retry;
}

export function adviceFor(Code: string, errorClass: ErrorClass): string {
  return ADVICE_BY_CODE[Code] ?? ERROR_CLASSES[errorClass].advice;
}

/** Codes whose HTTP answer says more than their class: 503 for ECS's own outage, 504 when time ran out. */
const HTTP_STATUS_BY_CODE: Readonly<Record<string, number>> = {
  ServiceUnavailable: 503,
  EcsTimeout: 504,
  DeadlineExceeded: 504,
};

/** The HTTP status this function answers a failure with. */
export function httpStatusFor(Code: string, errorClass: ErrorClass): number {
  return HTTP_STATUS_BY_CODE[Code] ?? ERROR_CLASSES[errorClass].httpStatus;
}
