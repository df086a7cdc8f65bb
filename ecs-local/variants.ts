import * as z from 'zod';

/**
 * The ways real ECS is documented to behave, or may behave where the documentation is silent, that a test can switch
 * on. Defaults keep the behaviour the endpoint had before each variant existed; docs/ecs-fidelity.md says which one
 * the documentation supports, with its sources.
 */
export interface EcsVariants {
  /**
   * How DescribeSnapshots types automatic snapshots: `auto` (default) or `timer` ("auto or timer: automatic
   * snapshot", DescribeSnapshots 2021 page; events say `timer`). The request filter `SnapshotType=auto` matches both.
   */
  automaticSnapshotType: 'auto' | 'timer';
  /**
   * The Code of the per-disk rule (one copy of a disk to a region at a time): `DiskHasUnfinishedSnapshotCopy` (default,
   * ECS's public error list) or `UnfinishedCrossRegionCopy` (CopySnapshot's error table, which answers
   * `UnfinishedEncryptedSnapshotCopy` when the running copy is encrypted).
   */
  unfinishedCopyCode: 'DiskHasUnfinishedSnapshotCopy' | 'UnfinishedCrossRegionCopy';
  /**
   * A CopySnapshot whose ClientToken belongs to a call still being handled: `serve` (default) handles it like any
   * other; `conflict` answers 409 `InvalidOperation.Conflict` ("conflict with a previous request", UNVERIFIED that
   * ECS answers it to this case).
   */
  clientTokenInFlight: 'serve' | 'conflict';
  /**
   * Pairs CopySnapshot refuses with 403 `OperationDenied.NonCompliantDestinationRegion`: none (default),
   * `cross-border` (between the Chinese mainland and Hong Kong or regions outside China, the 2021 guide's two copy
   * groups; whether ECS refuses them today is UNVERIFIED) or a list of pairs.
   */
  refusedRegionPairs: 'none' | 'cross-border' | Array<{ RegionId: string; DestinationRegionId: string }>;
  /**
   * An encrypted source copied without `Encrypted=true`: `keep-encrypted` (default: the copy is encrypted anyway)
   * or `refuse` with 403 `InvalidEncrypted.NotSupportDecrypt` (inferred from the error table).
   */
  encryptedSourceWithoutEncrypted: 'keep-encrypted' | 'refuse';
  /**
   * KMS in the destination regions. Absent (default): any KMSKeyId is accepted. Present: only regions listed in
   * `activatedRegions` have KMS (else `InvalidParameter.KmsNotEnabled`), and a KMSKeyId must be one of `keys` of the
   * destination region (else `InvalidParameter.KMSKeyId.NotFound`), enabled (`.CMKNotEnabled`), usable by ECS's
   * service role (`.KMSUnauthorized`) and symmetric (`InvalidKMSKeyId.NotSymmetric`).
   */
  kms: KmsVariant | undefined;
  /** Snapshots a region may hold; a CopySnapshot into a full region gets 403 `QuotaExceed.SnapshotQuota`. */
  snapshotQuota: number | undefined;
  /** How long a new snapshot's tags take to become filterable (UNVERIFIED; ListTagResources documents up to 2 s). */
  tagIndexDelayMs: number;
  /**
   * Tag filters match at most `matches` snapshots ("cannot exceed 1000"); past it ECS either answers only the first
   * ones (`truncate`) or refuses (`error`, 400 `InvalidParameter.TagResourceCount`, a code of this server: UNVERIFIED).
   */
  tagFilterCap: { matches: number; beyond: 'truncate' | 'error' };
  /** The smallest MaxResults DescribeSnapshots accepts: 1 (default) or e.g. 10 (`InvalidParameter.MaxResults`). */
  minMaxResults: number;
  /**
   * DeleteSnapshot of a snapshot the endpoint's region does not hold: `not-found` (default, 404
   * `InvalidSnapshotId.NotFound`, the page's error table) or `ignore` (a success that deletes nothing: "If the
   * specified snapshot does not exist, the request is ignored", the same page:
   * https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-deletesnapshot).
   */
  deleteMissingSnapshot: 'not-found' | 'ignore';
  /**
   * A host that serves one region only, as `ecs.<RegionId>.aliyuncs.com` does: the actions without a RegionId
   * (DeleteDisk, DeleteSnapshot) act in this region whatever the path, so a DeleteDisk meant for a disk of another
   * region is "ignored" as for a DiskId that does not exist (DeleteDisk page). What such a host answers an action
   * whose RegionId names another region is UNVERIFIED: it is served, so that only the deletions show the gap.
   * Undefined (default): `/` serves every region and `/<RegionId>/` that region.
   */
  servesOnlyRegion: string | undefined;
  /**
   * Regions that do not offer snapshot lock: LockSnapshot, UnlockSnapshot and DescribeLockedSnapshots there answer 403
   * `OperationDenied.NotSupportedInRegion`. Which regions offer the feature, and what the others answer, is
   * UNVERIFIED (snapshot-lock.ts). Empty (default): every region offers it.
   */
  lockUnsupportedRegions: string[];
}

export interface KmsVariant {
  activatedRegions: string[];
  keys: Array<{
    RegionId: string;
    KeyId: string;
    enabled?: boolean;
    /** Whether AliyunECSDiskEncryptDefaultRole may use the key; true when absent. */
    authorized?: boolean;
    symmetric?: boolean;
  }>;
}

export const DEFAULT_VARIANTS: Readonly<EcsVariants> = {
  automaticSnapshotType: 'auto',
  unfinishedCopyCode: 'DiskHasUnfinishedSnapshotCopy',
  clientTokenInFlight: 'serve',
  refusedRegionPairs: 'none',
  encryptedSourceWithoutEncrypted: 'keep-encrypted',
  kms: undefined,
  snapshotQuota: undefined,
  tagIndexDelayMs: 0,
  tagFilterCap: { matches: 1000, beyond: 'truncate' },
  minMaxResults: 1,
  deleteMissingSnapshot: 'not-found',
  servesOnlyRegion: undefined,
  lockUnsupportedRegions: [],
};

const KmsVariantSchema = z.strictObject({
  activatedRegions: z.array(z.string().min(1)),
  keys: z.array(
    z.strictObject({
      RegionId: z.string().min(1),
      KeyId: z.string().min(1),
      enabled: z.boolean().optional(),
      authorized: z.boolean().optional(),
      symmetric: z.boolean().optional(),
    }),
  ),
});

/** Strict, so that a misspelt variant fails loudly instead of leaving the default on. Every field may be left out. */
export const EcsVariantsSchema = z.strictObject({
  automaticSnapshotType: z.enum(['auto', 'timer']).optional(),
  unfinishedCopyCode: z.enum(['DiskHasUnfinishedSnapshotCopy', 'UnfinishedCrossRegionCopy']).optional(),
  clientTokenInFlight: z.enum(['serve', 'conflict']).optional(),
  refusedRegionPairs: z
    .union([
      z.enum(['none', 'cross-border']),
      z.array(z.strictObject({ RegionId: z.string().min(1), DestinationRegionId: z.string().min(1) })),
    ])
    .optional(),
  encryptedSourceWithoutEncrypted: z.enum(['keep-encrypted', 'refuse']).optional(),
  kms: KmsVariantSchema.nullable().optional(),
  snapshotQuota: z.number().int().nonnegative().nullable().optional(),
  tagIndexDelayMs: z.number().int().nonnegative().max(3_600_000).optional(),
  tagFilterCap: z.strictObject({ matches: z.number().int().positive(), beyond: z.enum(['truncate', 'error']) }).optional(),
  minMaxResults: z.number().int().min(1).max(100).optional(),
  deleteMissingSnapshot: z.enum(['not-found', 'ignore']).optional(),
  servesOnlyRegion: z.string().min(1).nullable().optional(),
  lockUnsupportedRegions: z.array(z.string().min(1)).optional(),
});

export type EcsVariantsUpdate = z.input<typeof EcsVariantsSchema>;

/** The variants after an update: fields left out keep their value, `null` turns `kms`, `snapshotQuota` or `servesOnlyRegion` off. */
export function applyVariants(current: Readonly<EcsVariants>, update: EcsVariantsUpdate): EcsVariants {
  const parsed = EcsVariantsSchema.parse(update);
  const next: EcsVariants = { ...current };
  if (parsed.automaticSnapshotType !== undefined) next.automaticSnapshotType = parsed.automaticSnapshotType;
  if (parsed.unfinishedCopyCode !== undefined) next.unfinishedCopyCode = parsed.unfinishedCopyCode;
  if (parsed.clientTokenInFlight !== undefined) next.clientTokenInFlight = parsed.clientTokenInFlight;
  if (parsed.refusedRegionPairs !== undefined) next.refusedRegionPairs = parsed.refusedRegionPairs;
  if (parsed.encryptedSourceWithoutEncrypted !== undefined) next.encryptedSourceWithoutEncrypted = parsed.encryptedSourceWithoutEncrypted;
  if (parsed.kms !== undefined) next.kms = parsed.kms ?? undefined;
  if (parsed.snapshotQuota !== undefined) next.snapshotQuota = parsed.snapshotQuota ?? undefined;
  if (parsed.tagIndexDelayMs !== undefined) next.tagIndexDelayMs = parsed.tagIndexDelayMs;
  if (parsed.tagFilterCap !== undefined) next.tagFilterCap = parsed.tagFilterCap;
  if (parsed.minMaxResults !== undefined) next.minMaxResults = parsed.minMaxResults;
  if (parsed.deleteMissingSnapshot !== undefined) next.deleteMissingSnapshot = parsed.deleteMissingSnapshot;
  if (parsed.servesOnlyRegion !== undefined) next.servesOnlyRegion = parsed.servesOnlyRegion ?? undefined;
  if (parsed.lockUnsupportedRegions !== undefined) next.lockUnsupportedRegions = parsed.lockUnsupportedRegions;
  return next;
}

/**
 * Regions of the Chinese mainland: the 2021 "Copy a snapshot" guide put them in one copy group and Hong Kong and the
 * regions outside China in the other (https://www.alibabacloud.com/help/en/ecs/user-guide/copy-a-snapshot). The
 * financial and government clouds (`cn-shanghai-finance-1`, ...) are mainland too.
 */
export function isChineseMainland(regionId: string): boolean {
  return regionId.startsWith('cn-') && !regionId.startsWith('cn-hongkong');
}

export function isRefusedPair(variants: Readonly<EcsVariants>, RegionId: string, DestinationRegionId: string): boolean {
  const rule = variants.refusedRegionPairs;
  if (rule === 'none') return false;
  if (rule === 'cross-border') return isChineseMainland(RegionId) !== isChineseMainland(DestinationRegionId);
  return rule.some((pair) => pair.RegionId === RegionId && pair.DestinationRegionId === DestinationRegionId);
}
