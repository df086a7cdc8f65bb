import type { ErrorClass } from '../failures/error-classes';
import { CopyFailure, type FailureInit } from '../failures/errors';
import { type CodeEntry, classByCode, classifyEcsError } from './classify-ecs-error';
import { adviceByCode, adviceFor } from './ecs-error-advice';

/**
 * The codes of the calls only restore drills, KeepCopies and the copies' locks make, by class, each once with its
 * advice where its class's is not enough: the error tables of CreateDisk
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createdisk), DescribeDisks,
 * DeleteDisk, DescribeAvailableResource, DeleteSnapshot, TagResources, LockSnapshot and DescribeLockedSnapshots, and
 * the codes the drills, KeepCopies and the locks produce themselves. The codes of snapshot lock are UNVERIFIED: no
 * public page lists them; these are the local endpoint's (docs/ecs-local.md#snapshot-lock), and a code ECS answers
 * instead is classified by its family and HTTP status as any. Apart from classify-ecs-error.ts so that dist/index.js, which never makes these calls, does not
 * carry them: a failure of these calls is classified by both tables (diskCallClass), codes of neither by the families
 * and the HTTP status, as any. docs/errors.md lists them with the others; a test keeps the two tables apart.
 */
export const DISK_CALL_CODES_BY_CLASS: Readonly<Partial<Record<ErrorClass, readonly CodeEntry[]>>> = {
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
    [
      'DrillZoneNotFound',
      'No zone of the destination sells a disk category for this size now: set ZoneId and DrillDiskCategory, or MaxDrillDiskGiB to skip it.',
    ],
    ['DrillDiskInUse', 'Someone attached the drill disk to an instance, so it is not deleted (it is billed): detach and delete it.'],
    // CreateImage's (restores).
    'InvalidImageName.Malformed',
    'InvalidImageName.Duplicated',
    // The local endpoint's code for an image of a data disk's snapshot (what ECS answers is UNVERIFIED).
    [
      'InvalidSnapshotId.NotSystemDisk',
      "ECS makes images of system disk snapshots only, and this copy is listed as a system disk's: report it with the RequestId.",
    ],
    // Ours (restores).
    [
      'RestoreSkewTooLarge',
      "An instance's disks have no copies taken within RESTORE_SKEW_MINUTES of each other (the message names each disk's newest and the spread): restore them from one point with PointInTime (--at), or accept the spread with AllowSkew (--allow-skew).",
    ],
    [
      'RestoreZoneNotFound',
      "No zone of the DR region (or not the ZoneId asked for) sells a data disk category for the copy's size now: name another ZoneId, or try again later.",
    ],
    [
      'RestoreMatchedNothing',
      'An InstanceIds, DiskIds or SourceTag entry matched no disk with a copy in the DR region: check the entry and --region. An instance is known by its copies only when they record it (docs/restore.md); give the source region (RegionId, --source-region) if it still answers, or select the disks with DiskIds.',
    ],
  ],
  'not-found': [
    'InvalidDiskId.NotFound',
    'InvalidResourceId.NotFound',
    [
      'RestoreNoCopy',
      "The DR region holds no accomplished copy of the disk (at or before PointInTime): nothing to restore it from. Check --region and --at, and the copy runs' log for this disk.",
    ],
    [
      'RestoredResourceGone',
      'A disk or image this restore made is no longer listed (deleted since, or its ClientToken names one deleted): run the restore with a new RestoreId.',
    ],
  ],
  'not-ready': [
    'IncorrectDiskStatus',
    'IncorrectDiskStatus.CreatingSnapshot',
    'DiskCreatingSnapshot',
    'InvalidSnapshot.NotReady',
    'InvalidOperation.RelatedSnapshotNotFinished',
    ['SnapshotCreatedDisk', 'Disks were created from this copy, so it is kept (never forced): delete them first if it should go.'],
    'SnapshotCreatedImage',
    [
      'RestoreCopyNotReady',
      "The disk's only copies in the DR region are still being copied: run the restore again once one is accomplished, or choose an earlier PointInTime.",
    ],
    [
      'RestoreStillCreating',
      'A disk or image the restore made is not Available yet: run the same restore again (the same request makes nothing twice) to wait for it; its restore-disk or restore-image line says which.',
    ],
    'Zone.NotOnSale',
    // UNVERIFIED code: DeleteSnapshot of a copy whose lock holds it (compliance-cooloff or compliance).
    [
      'OperationDenied.SnapshotLocked',
      'The copy is locked (snapshot lock, compliance mode), so it is kept until its lock ends; KeepCopies deletes it after that. Nothing to fix.',
    ],
    // UNVERIFIED codes: LockSnapshot of a copy someone else locked between the function's read of its lock and its call.
    [
      'OperationDenied.CoolOffPeriodExpired',
      'The copy got a lock from someone else after the function read it had none: it is locked. The next run sees that lock and leaves it as it is (the function never extends a lock).',
    ],
    [
      'OperationDenied.LockDurationShortened',
      'The copy got a lock from someone else after the function read it had none: it is locked. The next run sees that lock and leaves it as it is (the function never extends a lock).',
    ],
    ['OperationDenied.NoStock', 'The zone has none of that category now: a later run may, or set ZoneId or DrillDiskCategory.'],
    [
      'DrillTimeout',
      'The copy took longer to restore than DRILL_TIMEOUT_MINUTES or the function timeout allow: raise them if that is expected, else open a ticket. The disk is deleted now or by the next run.',
    ],
  ],
  forbidden: [
    'RegionUnauthorized',
    'UserNotInTheWhiteList',
    'InvalidDiskCategory.ValueUnauthorized',
    [
      'RestoreOperatorOnly',
      'A restore is the operator\'s: invoke the function directly with "Action": "Restore" (s invoke, the console) or run npm run restore with your own credentials. HTTP callers and timers cannot ask for one.',
    ],
  ],
  account: [
    ['QuotaExceed.PostPaidDisk', 'The pay-as-you-go disk quota is reached: raise it in Quota Center, or lower DrillDisks.'],
    'QuotaExceed.PortableCloudDisk',
    [
      'QuotaExceed.Image',
      'The custom image quota of the DR region is used up: delete images no longer needed or raise the quota in Quota Center, then run the restore again.',
    ],
    'Account.Arrearage',
  ],
  transient: [
    'Operation.Conflict',
    // Ours (restores): ECS lists a disk or image made by the restore in a state it does not leave for Available.
    [
      'RestoreImageFailed',
      "ECS could not make the image (CreateFailed): delete it and run the restore with a new RestoreId; if it fails again, open a ticket with the copy's ID.",
    ],
    [
      'RestoreDiskFailed',
      'ECS lists the disk in a state other than Available: look at it in the console, delete it if it is broken, and run the restore with a new RestoreId.',
    ],
  ],
  unknown: [
    // Ours: LockSnapshot was answered, yet the destination's list of locks shows no lock holding the copy.
    [
      'LockNotConfirmed',
      "ECS answered LockSnapshot, but lists no lock holding the copy: someone may have removed its lock in its cool-off (UnlockSnapshot), and ECS answers the function's ClientToken from its memory of the first call. Find who (ActionTrail) and lock the copy by hand; a new LOCK_DAYS or LOCK_COOL_OFF_HOURS also derives a new token.",
    ],
  ],
  configuration: [
    // Ours: KeepCopies' DeleteSnapshot was answered, yet the destination's own listing still shows the copy.
    [
      'DeletionNotConfirmed',
      "ECS still lists the copy after DeleteSnapshot (ignored at another region's endpoint): put {RegionId} in ECS_ENDPOINT.",
    ],
    // Ours: a drill disk still listed Available after DeleteDisk; its message names ECS_ENDPOINT and the disk.
    'DrillDiskNotDeleted',
    // UNVERIFIED codes of LockSnapshot: the lock would outlast the copy's retention; the region has no snapshot lock.
    [
      'OperationDenied.RetentionPeriodTooShort',
      "ECS refuses a lock that ends after the copy is released: set RETENTION_DAYS (or the request's RetentionDays) to at least LOCK_DAYS + 2, or lower LOCK_DAYS.",
    ],
    [
      'OperationDenied.NotSupportedInRegion',
      'This region does not offer snapshot lock, so its copies cannot be locked and its protected RPO stays empty: copy to a region that offers it, or unset LOCK_DAYS.',
    ],
  ],
  // Ours: the rejection of a timer's or direct invocation when drills failed (drill-answer.ts), when KeepCopies
  // failed a deletion or stopped (keep-copies-verdict.ts), or when a copy's lock failed (lib/copy-locks), the copies
  // being made.
  incomplete: [
    [
      'RestoreDrillFailed',
      "A disk's drill failed: its restore-drill line (Outcome failed) names the Code and advice, and drill-summary counts them. The next drill tries again.",
    ],
    [
      'CopyLockFailed',
      "A copy's lock failed, or the locks of a destination could not be read: its copy-lock-failed or copy-locks-stopped line names the Code and advice. The copies stand unlocked until the next run locks them.",
    ],
    [
      'KeepCopiesFailed',
      'A deletion of a copy beyond KeepCopies failed, or KeepCopies stopped: its copy-prune-failed or keep-copies-stopped line names the Code and advice. The copies were made; the next run judges the copies again.',
    ],
    [
      'RestoreFailed',
      'A disk of the restore failed, is still being made, or an entry matched nothing: its restore-disk, restore-image or restore-matched-nothing line names the Code and advice. Run the same restore again: it answers what it made and makes only what is missing.',
    ],
  ],
};

const CLASS_BY_DISK_CALL_CODE = classByCode(DISK_CALL_CODES_BY_CLASS);
const ADVICE_BY_DISK_CALL_CODE = adviceByCode(DISK_CALL_CODES_BY_CLASS);

/** The class of a failure of a drill's or KeepCopies' calls, or of their own codes: by both tables, then as any ECS code. */
export function diskCallClass(Code: string, ecsHttpStatus?: number): ErrorClass {
  return classifyEcsError(Code, ecsHttpStatus, CLASS_BY_DISK_CALL_CODE);
}

/** What the operator should do about a failure of a drill's or KeepCopies' calls: its own advice, or its class's. */
export function diskCallAdvice(Code: string, errorClass: ErrorClass): string {
  return ADVICE_BY_DISK_CALL_CODE.get(Code) ?? adviceFor(Code, errorClass);
}

/** A CopyFailure of the class both tables give its Code (past them, its family's, or its HTTP status's). */
export function diskCallFailure(init: Omit<FailureInit, 'errorClass'>): CopyFailure {
  return new CopyFailure({ ...init, errorClass: diskCallClass(init.Code, init.ecsHttpStatus) });
}

/**
 * A failure of a disk call, as PopCoreEcs.request threw it (classified by the copy path's table alone), classified
 * by both tables: the same failure when that changes nothing.
 */
export function asDiskCallFailure(error: unknown): unknown {
  if (!(error instanceof CopyFailure)) return error;
  const errorClass = diskCallClass(error.Code, error.ecsHttpStatus);
  if (errorClass === error.errorClass) return error;
  const { Code, Message, RequestId, ecsHttpStatus } = error;
  return new CopyFailure({ Code, Message, errorClass, RequestId, ecsHttpStatus, cause: error.cause });
}

/**
 * The advice of a result's failure, when it has one. A refusal of a use case's calls names that use case's own
 * permissions (`permissions`): the class's advice speaks of CopySnapshot.
 */
export function adviceNaming(permissions: string, failure: { Code: string; Class: ErrorClass }): { Advice: string } {
  if (failure.Class === 'forbidden' && failure.Code !== 'InvalidUser.NotInWhiteList') {
    return { Advice: `ECS refused the function's RAM role: grant it ${permissions} (ram-policy.json lists them).` };
  }
  return { Advice: diskCallAdvice(failure.Code, failure.Class) };
}
