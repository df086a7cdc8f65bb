import { CLASS_ADVICE } from '../failures/class-advice';
import type { ErrorClass } from '../failures/error-classes';
import type { CodeEntry } from './classify-ecs-error';

/*
 * What the operator should do about a failure, by its Code where the class's advice is not enough (the codes of
 * classify-ecs-error.ts's table; the disk calls' are in disk-call-errors.ts). Only a failure needs it: it is bundled in
 * dist/on-demand.js, and the invocation's log loads it at the first line that advises (lib/fc/invocation-log.ts).
 * docs/errors.md lists every code with its advice; a test keeps them equal.
 */

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

/** The advice of each code of the copy path's table that has its own. */
export const ADVICE_BY_CODE: Readonly<Record<string, string>> = {
  SnapshotNotCopyable: NOT_COPYABLE_ADVICE,
  EcsNameNotResolved:
    "The ECS endpoint's host name (named in the message) does not resolve: a region ID that names no region has no endpoint, so check RegionId and DestinationRegionId, then ECS_ENDPOINT and the DNS of the function's network. Not retried: a name that does not exist does not appear within seconds.",
  IdempotentParameterMismatch:
    'ECS already accepted this ClientToken with other parameters. A derived token never changes its parameters, so this means a caller reused a token for another copy: send a new ClientToken, or none.',
  ClientTokenTaken:
    'ECS holds the ClientToken this function derives for this copy, for another copy, and no copy of this source is in the destination: someone who may call ecs:CopySnapshot in the account used that token outside the function (the derivation is public; HTTP callers cannot send it). Nothing was copied, and runs will not copy this source under that token. Copy it with a ClientToken of your own (POST /copies or a direct invocation with "ClientToken"), and find who called CopySnapshot with an sc- token (ActionTrail).',
  'InvalidOperation.NotSupportCopyInSameRegion': 'DestinationRegionId equals the source region: a copy must go to another region.',
  'InvalidRegionId.NotFound':
    'The region named does not exist: a request without RegionId or DestinationRegionId takes SOURCE_REGION_ID or DESTINATION_REGION_ID. Use one ECS lists (us-east-1, not us-east1).',
  'InvalidRegionId.MalFormed': 'RegionId or DestinationRegionId is not a region ID ECS knows the shape of: use an ID such as cn-hangzhou.',
  'InvalidRegionId.NotExists':
    'The region does not exist (or was closed): check RegionId and DestinationRegionId against the regions ECS lists today (DescribeRegions).',
  'InvalidDestinationRegionId.NotFound':
    'The destination region does not exist: check DestinationRegionId against the regions ECS lists today.',
  'OperationDenied.NonCompliantDestinationRegion':
    'ECS refuses copies from this source region to this destination region ("not in compliance with regulations"): copies between the Chinese mainland and regions outside it are refused. This pair cannot be copied; choose a destination on the same side of the border.',
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
  'InvalidSnapshotId.NotSupported': NOT_COPYABLE_ADVICE,
  'InvalidSnapshotId.EncryptedNotSupport': NOT_COPYABLE_ADVICE,
  'InvalidSnapshot.EncryptedNotSupported': NOT_COPYABLE_ADVICE,
  'InvalidSnapshotCategory.NotSupportCopy': NOT_COPYABLE_ADVICE,
  'InvalidSnapshotCategory.NotSupportCrossRegionCopy': NOT_COPYABLE_ADVICE,
  'InvalidSnapshotCategory.NotSupportEncryptedCopy': NOT_COPYABLE_ADVICE,
  'OperationDenied.SnapshotCategoryNotSupportCopy': NOT_COPYABLE_ADVICE,
  'InvalidSnapshot.StorageLocationNotSupported': NOT_COPYABLE_ADVICE,
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
  'InvalidParameter.TagResourceCount':
    'A tag filter matched more snapshots than ECS searches by tag (1000): the function lists the region whole instead. Seen as a failure, report it with the RequestId.',
  SelectionMatchedNothing:
    'An InstanceIds, DiskIds or SourceTag entry (named in the message) matched no snapshot in the source region: check it for a typo (or the s.yaml placeholder i-replacewithyourid), and that the instance or disk still exists and has snapshots of the selected SnapshotType. The entries that matched were copied. If the entry may match nothing, send "AllowEmpty": true.',
  'InvalidSnapshotId.NotReady':
    "The source snapshot is still being created. Nothing to fix: a later run (or FC's async retry) copies it once it is accomplished.",
  'InvalidOperation.DiskHasUnfinishedSnapshotCopy': COPY_RUNNING_ADVICE,
  'InvalidOperation.UnfinishedCrossRegionCopy': COPY_RUNNING_ADVICE,
  'InvalidOperation.UnfinishedEncryptedSnapshotCopy': COPY_RUNNING_ADVICE,
  EarlierCopyUnreadable:
    'A snapshot in the destination is listed as a copy of this source, but with a value this function cannot read (its snapshot-unreadable line names the field): it may be an earlier copy, so the source is not copied again. Look at that copy in the console: if it failed or is gone, delete it and the next run copies the source; if ECS lists a new Status, report it so the function learns it.',
  'InvalidOperation.Unauthorized':
    "ECS refused the operation for this account or snapshot: check the RAM role's policy (ecs:CopySnapshot on the snapshot) and that the snapshot belongs to the account.",
  'Forbidden.CallerPolicy':
    "The operator does not let HTTP callers ask for this (the message names the rule and its variable): change the request, or ask the operator to change CALLER_* in the function's configuration.",
  'QuotaExceed.SnapshotQuota':
    "The account's snapshot quota in the destination region is used up: delete snapshots that are no longer needed (RetentionDays releases copies automatically) or raise the quota in the Quota Center, then run again.",
  MaxCopiesInFlight:
    "MAX_COPIES_IN_FLIGHT copies are already running in this destination (the function's own flow control): this one was not started, and the next run starts it. Raise MAX_COPIES_IN_FLIGHT only if ECS keeps up.",
  'InvalidSecurityToken.Expired':
    "The STS token expired. In FC each invocation gets fresh credentials from the function's role: run again (FC's async retry does). Outside FC, refresh ALIBABA_CLOUD_SECURITY_TOKEN. Retrying with the same token cannot help.",
  IllegalTimestamp: 'ECS refused the request time: check the clock of the machine that runs the function (NTP).',
  'InvalidOperation.Conflict':
    'ECS was still handling an earlier call with the same ClientToken. The function retried with that same token, so at most one copy is made; if this persists, run again.',
  EcsBadResponse:
    'ECS (or a proxy before it) answered something that is not a valid ECS answer: an HTML page, a cut-off body, an empty or null body, or a listing that repeats itself. The function retried what was safe to retry; run again, and if it persists report the RequestId to Alibaba Cloud.',
  EcsUnreachable:
    "The connection to the ECS endpoint (named in the message) failed. The function retried with the same ClientToken, so no duplicate copy was made; if it persists, check the function's network (a VPC needs a NAT gateway or the ECS VPC endpoint).",
  EcsTimeout:
    'ECS did not answer in time. The function retried with the same ClientToken, so no duplicate copy was made; run again if it persists.',
  EcsProtocolError:
    "The ECS endpoint (named in the message) answered something that is not HTTP, or broke off mid-answer. The function retried with the same ClientToken; if it persists, check ECS_ENDPOINT's scheme and port and any proxy in the function's network.",
  DeadlineExceeded:
    'No time was left before the function timeout for another ECS call. Raise the function timeout, or select fewer snapshots per run; a later run continues where this one stopped.',
  EcsTlsError:
    "The TLS connection to the ECS endpoint (named in the message) failed: its certificate was not trusted, expired or named another host, or the endpoint does not speak TLS. Check ECS_ENDPOINT, any proxy in the function's network, and the clock. Not retried.",
};

/** A table by class, as the advice of each Code that has its own. */
export function adviceByCode(table: Partial<Record<ErrorClass, readonly CodeEntry[]>>): ReadonlyMap<string, string> {
  return new Map(Object.values(table).flatMap((entries) => entries.filter((entry) => typeof entry !== 'string')));
}

/** What the operator should do about a failure with this Code: its own advice, or its class's. */
export function adviceFor(Code: string, errorClass: ErrorClass): string {
  return (Object.hasOwn(ADVICE_BY_CODE, Code) ? ADVICE_BY_CODE[Code] : undefined) ?? CLASS_ADVICE[errorClass];
}
