import { type ActionContext, type ActionResult, ecsAction, fail, succeed } from './action';
import { type EcsError, ecsError } from './errors';
import { clientToken, trueOrFalse } from './param-rules';
import { lengthOf, nonEmpty } from './params';
import type { SnapshotTag } from './snapshot';
import type { CopyOrder, StoredSnapshot } from './store';
import { parseTags } from './tag-params';
import { type EcsVariants, isRefusedPair } from './variants';

/** Required by the CopySnapshot page; a missing one is answered `Missing<Name>` (see `missingParameter`). */
const REQUIRED = ['RegionId', 'SnapshotId', 'DestinationRegionId', 'DestinationSnapshotName', 'DestinationSnapshotDescription'] as const;

const startsWithUrl = (value: string): boolean => /^https?:\/\//i.test(value);
/** Lengths count characters, not UTF-16 units: Chinese letters are allowed in names. */

interface CopyRequest {
  RegionId: string;
  SnapshotId: string;
  DestinationRegionId: string;
  DestinationSnapshotName: string;
  DestinationSnapshotDescription: string;
  RetentionDays: number | undefined;
  Tags: SnapshotTag[];
  Encrypted: boolean;
  KMSKeyId: string | undefined;
  ClientToken: string | undefined;
}

/**
 * CopySnapshot (Version 2014-05-26): stateless validation first, then the ClientToken (so that a retry of a copy
 * that was made is answered before the state checks, which that very copy would now fail), then the source.
 */
export const copySnapshot = ecsAction('CopySnapshot', copy, {
  required: REQUIRED,
  params: { Encrypted: trueOrFalse, ClientToken: clientToken },
});

function copy(context: ActionContext): ActionResult {
  const { store, variants } = context;
  const parsed = parseCopyRequest(context.params);
  if (!parsed.ok) return fail(parsed.error);
  const request = parsed.request;

  if (!store.hasRegion(request.RegionId)) {
    return fail(ecsError(400, 'InvalidRegionId.NotFound', 'The specified RegionId does not exist.'));
  }
  if (!store.hasRegion(request.DestinationRegionId)) {
    return fail(ecsError(400, 'InvalidDestinationRegionId.NotFound', 'The specified DestinationRegionId does not exist.'));
  }
  if (request.RegionId === request.DestinationRegionId) {
    return fail(ecsError(403, 'InvalidOperation.NotSupportCopyInSameRegion', 'The snapshot cannot be copied within the same region.'));
  }
  // CopySnapshot's error table: 403 "The destination region is not in compliance with regulations" (variant).
  if (isRefusedPair(variants, request.RegionId, request.DestinationRegionId)) {
    return fail(
      ecsError(
        403,
        'OperationDenied.NonCompliantDestinationRegion',
        'The specified destination region is not in compliance with regulations.',
      ),
    );
  }

  // A retry of a copy that was made is answered before the state checks, which that very copy would now fail.
  return context.clientTokens.once('CopySnapshot', request.ClientToken, fingerprintOf(request), () => copyFrom(context, request));
}

/** The checks of the source and the destination's state, then the copy. */
function copyFrom(context: ActionContext, request: CopyRequest): ActionResult {
  const { store, nowMs, variants } = context;
  const source = store.find(request.RegionId, request.SnapshotId);
  if (source === undefined) {
    return fail(ecsError(403, 'InvalidSnapshotId.NotFound', 'The specified snapshot is not exists.'));
  }
  const sourceStatus = store.statusAt(source, nowMs).Status;
  // A failed source is refused like an unfinished one; the code ECS uses for a failed source is UNVERIFIED.
  if (sourceStatus !== 'accomplished') {
    return fail(ecsError(403, 'InvalidSnapshotId.NotReady', 'The specified snapshot has not completed yet.'));
  }
  // "Local snapshots cannot be copied" and archive snapshots neither
  // (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-copysnapshot); the code is UNVERIFIED.
  if (source.Local || source.Category === 'archive') {
    return fail(
      ecsError(403, 'InvalidSnapshotId.NotSupported', 'The specified snapshot is a local or archive snapshot, which cannot be copied.'),
    );
  }
  // An encrypted source stays encrypted; refusing an unencrypted copy of it is a variant (inferred
  // from `InvalidEncrypted.NotSupportDecrypt` in https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-copysnapshot).
  if (source.Encrypted && !request.Encrypted && variants.encryptedSourceWithoutEncrypted === 'refuse') {
    return fail(
      ecsError(
        403,
        'InvalidEncrypted.NotSupportDecrypt',
        'The specified snapshot is encrypted and cannot be copied as an unencrypted snapshot.',
      ),
    );
  }
  const kmsError = checkKms(variants, request);
  if (kmsError !== undefined) return fail(kmsError);
  if (variants.snapshotQuota !== undefined && store.countIn(request.DestinationRegionId) >= variants.snapshotQuota) {
    return fail(ecsError(403, 'QuotaExceed.SnapshotQuota', 'The snapshot quota of the destination region is insufficient.'));
  }
  const running = store.unfinishedCopy(source.DiskId, request.DestinationRegionId, nowMs);
  if (running !== undefined) return fail(unfinishedCopyError(variants, running));

  const order: CopyOrder = {
    source,
    DestinationRegionId: request.DestinationRegionId,
    SnapshotName: request.DestinationSnapshotName,
    Description: request.DestinationSnapshotDescription,
    RetentionDays: request.RetentionDays,
    // A copy of an encrypted snapshot stays encrypted.
    Encrypted: request.Encrypted || source.Encrypted,
    KMSKeyId: request.KMSKeyId,
    Tags: request.Tags,
  };
  const copy = store.createCopy(order, nowMs);
  return succeed({ SnapshotId: copy.SnapshotId });
}

/**
 * The per-disk rule's answer. ECS's public error list names it DiskHasUnfinishedSnapshotCopy; CopySnapshot's own
 * error table names it UnfinishedCrossRegionCopy, and UnfinishedEncryptedSnapshotCopy for an encrypted copy (variant).
 */
function unfinishedCopyError(variants: Readonly<EcsVariants>, running: StoredSnapshot): EcsError {
  if (variants.unfinishedCopyCode === 'DiskHasUnfinishedSnapshotCopy') {
    return ecsError(
      403,
      'InvalidOperation.DiskHasUnfinishedSnapshotCopy',
      'The disk has an unfinished snapshot copy to the destination region.',
    );
  }
  if (running.Encrypted) {
    return ecsError(
      403,
      'InvalidOperation.UnfinishedEncryptedSnapshotCopy',
      'The disk has an unfinished encrypted snapshot copy to the destination region.',
    );
  }
  return ecsError(
    403,
    'InvalidOperation.UnfinishedCrossRegionCopy',
    'The disk has an unfinished cross-region snapshot copy to the destination region.',
  );
}

/**
 * KMS in the destination region, when the `kms` variant models it. The codes are CopySnapshot's error table's; their
 * HTTP statuses are not all documented (403 is used, as for the table's other encryption codes: UNVERIFIED).
 */
function checkKms(variants: Readonly<EcsVariants>, request: CopyRequest): EcsError | undefined {
  const { kms } = variants;
  if (kms === undefined || !request.Encrypted) return undefined;
  if (!kms.activatedRegions.includes(request.DestinationRegionId)) {
    return ecsError(403, 'InvalidParameter.KmsNotEnabled', 'The KMS service is not enabled in the destination region.');
  }
  if (request.KMSKeyId === undefined) return undefined;
  const key = kms.keys.find((candidate) => candidate.RegionId === request.DestinationRegionId && candidate.KeyId === request.KMSKeyId);
  if (key === undefined) return ecsError(403, 'InvalidParameter.KMSKeyId.NotFound', 'The specified KMSKeyId is not found.');
  if (key.enabled === false) return ecsError(403, 'InvalidParameter.KMSKeyId.CMKNotEnabled', 'The specified KMS key is not enabled.');
  if (key.authorized === false) {
    return ecsError(403, 'InvalidParameter.KMSKeyId.KMSUnauthorized', 'ECS is not authorized to use the specified KMS key.');
  }
  if (key.symmetric === false) return ecsError(403, 'InvalidKMSKeyId.NotSymmetric', 'The specified KMS key is not symmetric.');
  return undefined;
}

type ParsedCopyRequest = { ok: true; request: CopyRequest } | { ok: false; error: EcsError };

function parseCopyRequest(params: ReadonlyMap<string, string>): ParsedCopyRequest {
  const name = params.get('DestinationSnapshotName') ?? '';
  const description = params.get('DestinationSnapshotDescription') ?? '';
  if (!isValidSnapshotName(name)) {
    return refuse(
      400,
      'InvalidDestinationSnapshotName.Malformed',
      'The specified DestinationSnapshotName must be 2 to 128 characters, start with a letter, contain only letters, digits, colons, underscores, periods and hyphens, and not start with http:// or https://.',
    );
  }
  if (lengthOf(description) < 2 || lengthOf(description) > 256 || startsWithUrl(description)) {
    return refuse(
      400,
      'InvalidDestinationSnapshotDescription.Malformed',
      'The specified DestinationSnapshotDescription must be 2 to 256 characters and not start with http:// or https://.',
    );
  }

  const retentionText = nonEmpty(params, 'RetentionDays');
  const RetentionDays = retentionText === undefined ? undefined : Number(retentionText);
  // The page gives the range 1 to 65536 but no error code; InvalidRetentionDays.Malformed follows the codes it lists.
  if (
    retentionText !== undefined &&
    (!/^\d+$/.test(retentionText) || RetentionDays === undefined || RetentionDays < 1 || RetentionDays > 65536)
  ) {
    return refuse(400, 'InvalidRetentionDays.Malformed', 'The specified RetentionDays must be an integer from 1 to 65536.');
  }

  const tags = parseTags(params);
  if (!tags.ok) return tags;

  const Encrypted = nonEmpty(params, 'Encrypted')?.toLowerCase() === 'true';
  const KMSKeyId = nonEmpty(params, 'KMSKeyId');
  // A key only makes sense for an encrypted copy; the code ECS answers is UNVERIFIED.
  if (KMSKeyId !== undefined && !Encrypted) {
    return refuse(400, 'InvalidParameter.KMSKeyId', 'The parameter KMSKeyId is valid only when Encrypted is true.');
  }

  const ClientToken = nonEmpty(params, 'ClientToken');

  return {
    ok: true,
    request: {
      RegionId: params.get('RegionId') ?? '',
      SnapshotId: params.get('SnapshotId') ?? '',
      DestinationRegionId: params.get('DestinationRegionId') ?? '',
      DestinationSnapshotName: name,
      DestinationSnapshotDescription: description,
      RetentionDays,
      Tags: tags.tags,
      Encrypted,
      KMSKeyId,
      ClientToken,
    },
  };
}

/** "2 to 128 characters … letters, digits, colons (:), underscores (_), periods (.), and hyphens (-). It must start
 * with a letter and cannot start with http:// or https://." */
function isValidSnapshotName(name: string): boolean {
  return lengthOf(name) >= 2 && lengthOf(name) <= 128 && !startsWithUrl(name) && /^\p{L}[\p{L}\p{N}:_.-]*$/u.test(name);
}

/** Every business parameter, so that a ClientToken reused with any other value is a mismatch. */
function fingerprintOf(request: CopyRequest): string {
  return JSON.stringify([
    request.RegionId,
    request.SnapshotId,
    request.DestinationRegionId,
    request.DestinationSnapshotName,
    request.DestinationSnapshotDescription,
    request.RetentionDays ?? null,
    request.Tags.map((tag) => [tag.TagKey, tag.TagValue]),
    request.Encrypted,
    request.KMSKeyId ?? null,
  ]);
}

function refuse(status: number, code: string, message: string): { ok: false; error: EcsError } {
  return { ok: false, error: ecsError(status, code, message) };
}
