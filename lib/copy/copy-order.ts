import * as z from 'zod/mini';
import {
  DestinationSnapshotDescriptionSchema,
  DestinationSnapshotNameSchema,
  KMSKeyIdSchema,
  MAX_TAGS,
  RetentionDaysSchema,
  type Tag,
  TagListSchema,
} from '../ecs/copy-snapshot-parameters';
import { DiskIdSchema, InstanceIdSchema, RegionIdSchema, SnapshotIdSchema } from '../ecs/identifiers';
import { type FieldIssue, ValidationError } from '../failures/errors';
import type { InvocationFacts } from '../fc/invocation-facts';
import { CallerClientTokenSchema } from '../request/caller-client-token';
import type { CopyRequest, Selection } from '../request/copy-request';
import { LOCK_RETENTION_MARGIN_DAYS } from '../request/copy-request';
import { toFieldIssues } from '../request/field-issues';
import type { OrderDefaults } from '../request/order-defaults';
import { PROVENANCE_PREFIX, PROVENANCE_TAG_COUNT } from '../request/provenance';

export type { InvocationFacts };

export interface ResolvedSelection {
  SnapshotIds: string[];
  DiskIds: string[];
  InstanceIds: string[];
  SourceTag: Tag[];
  SnapshotType: 'auto' | 'user' | 'all';
  MaxAgeHours: number | undefined;
  Select: 'newest' | 'all';
}

/** A request merged with the configuration and checked: everything needed to plan the copies. */
export interface CopyOrder {
  RegionId: string;
  DestinationRegionIds: string[];
  selection: ResolvedSelection;
  /** Only exact picks (SnapshotId/SnapshotIds): a pick that cannot be copied is a failure, and there is no RPO. */
  exactPicksOnly: boolean;
  /** A literal name from the request, else the template. */
  DestinationSnapshotName: { literal: string } | { template: string };
  DestinationSnapshotDescription: { literal: string } | { template: string };
  RetentionDays: number | undefined;
  /** The request's tags, then the configured ones it did not override; provenance tags are added per copy. */
  Tag: Tag[];
  Encrypted: boolean | undefined;
  /** KMS keys belong to a region: the key for each destination that has one. */
  KMSKeyIds: ReadonlyMap<string, string>;
  ClientToken: string | undefined;
  DryRun: boolean;
  /**
   * The selection may match nothing: a listed instance, disk or source tag without a snapshot is then not a
   * failure of the run. False unless the request (or SELECTION) says `"AllowEmpty": true`.
   */
  AllowEmpty: boolean;
  /**
   * KeepCopies, else KEEP_COPIES: accomplished copies kept per protected disk and destination; undefined keeps all.
   * Always undefined for an HTTP caller.
   */
  KeepCopies: number | undefined;
  /**
   * LockDays and LockCoolOffHours, else LOCK_DAYS and LOCK_COOL_OFF_HOURS: the compliance lock every copy gets;
   * undefined locks nothing. An HTTP caller's copies get the operator's (its own fields are refused).
   */
  Lock: CopyLock | undefined;
  facts: InvocationFacts;
}

/** LockSnapshot's LockDuration (days) and CoolOffPeriod (hours), in the request's words. */
export interface CopyLock {
  LockDays: number;
  LockCoolOffHours: number;
}

/**
 * Who sent the request. The operator's own timer and direct invocations may leave the selection to SELECTION; an
 * HTTP caller must say what to copy, or it would run the operator's whole fleet by sending `{}`.
 */
export type Requester = 'operator' | 'http-caller';

/** One snapshot, named exactly, to one destination: the request answers like CopySnapshot itself. */
export function isSingleCopy(order: CopyOrder): boolean {
  return order.exactPicksOnly && order.selection.SnapshotIds.length === 1 && order.DestinationRegionIds.length === 1;
}

function mergeTags(configured: readonly Tag[], requested: readonly Tag[]): Tag[] {
  const requestedKeys = new Set(requested.map((tag) => tag.Key));
  return [...requested, ...configured.filter((tag) => !requestedKeys.has(tag.Key))];
}

const SELECTORS = ['SnapshotId', 'SnapshotIds', 'DiskIds', 'InstanceIds', 'SourceTag'] as const;

const hasSelector = (selection: Selection | CopyRequest) =>
  SELECTORS.some((key) => (selection as Record<string, unknown>)[key] !== undefined);

const list = <T extends z.ZodMiniType>(item: T) => z.array(item);

/**
 * An object of destination region to key, each key a valid KMSKeyId. A custom check, not zod's record: the request
 * was checked field by field already (copy-request.ts), and the record schema would be 3 KB of the bundle for this.
 */
const KeysOfRegionsSchema = z.custom<Record<string, string>>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((key) => KMSKeyIdSchema.safeParse(key).success),
  { error: 'must be a key ID, or an object of destination region to key ID' },
);

/** The checks of a merged request, on the API's field names. */
const CopyOrderSchema = z
  .object({
    RegionId: RegionIdSchema,
    DestinationRegionId: list(RegionIdSchema).check(z.maxLength(10, { error: 'must name at most 10 regions' })),
    SnapshotIds: list(SnapshotIdSchema),
    DiskIds: list(DiskIdSchema),
    InstanceIds: list(InstanceIdSchema),
    SourceTag: list(
      z.object({
        Key: z
          .string()
          .check(z.minLength(1, { error: 'must not be empty' }), z.maxLength(128, { error: 'must be at most 128 characters long' })),
        Value: z.string(),
      }),
    ),
    DestinationSnapshotName: z.optional(DestinationSnapshotNameSchema),
    DestinationSnapshotDescription: z.optional(DestinationSnapshotDescriptionSchema),
    RetentionDays: z.optional(RetentionDaysSchema),
    Tag: TagListSchema.check(
      z.refine((tags) => tags.every((tag) => !tag.Key.startsWith(PROVENANCE_PREFIX)), {
        error: `must not use keys starting with ${PROVENANCE_PREFIX} (reserved for the copies' provenance)`,
      }),
    ),
    Encrypted: z.optional(z.boolean()),
    KMSKeyId: z.optional(z.union([KMSKeyIdSchema, KeysOfRegionsSchema])),
    ClientToken: z.optional(CallerClientTokenSchema),
  })
  .check(
    z.superRefine((order, ctx) => {
      const issue = (path: PropertyKey[], message: string) => ctx.issues.push({ code: 'custom', input: undefined, path, message });
      order.DestinationRegionId.forEach((region, index) => {
        if (region === order.RegionId)
          issue(['DestinationRegionId', index], 'must differ from RegionId: CopySnapshot copies to another region');
        if (order.DestinationRegionId.indexOf(region) !== index) issue(['DestinationRegionId', index], 'names a region twice');
      });
      if (order.KMSKeyId !== undefined && order.Encrypted !== true)
        issue(['KMSKeyId'], 'needs Encrypted set to true: the key encrypts the copy');
      if (typeof order.KMSKeyId === 'string' && order.DestinationRegionId.length > 1) {
        issue(['KMSKeyId'], 'a key belongs to one region: with several destinations, give an object of destination region to key ID');
      }
      if (typeof order.KMSKeyId === 'object') {
        for (const region of Object.keys(order.KMSKeyId)) {
          if (!order.DestinationRegionId.includes(region)) issue(['KMSKeyId', region], 'is not a destination region of this request');
        }
      }
    }),
  );

/**
 * Fills what the request leaves out from the operator's defaults and checks every rule that does not depend on the
 * snapshots found: the API page's rules on names, descriptions, RetentionDays and tags (counting the configured and
 * provenance tags), the shapes of all IDs, and that something is selected (by the request itself, for an HTTP
 * caller). Throws a ValidationError naming each broken field; nothing is called when it throws.
 */
export function resolveCopyOrder(request: CopyRequest, defaults: OrderDefaults, facts: InvocationFacts, requester: Requester): CopyOrder {
  const RegionId = request.RegionId ?? defaults.SourceRegionId ?? facts.functionRegionId;
  const requestedDestinations = request.DestinationRegionId ?? defaults.DestinationRegionIds;
  const DestinationRegionIds = typeof requestedDestinations === 'string' ? [requestedDestinations] : (requestedDestinations ?? []);
  // A payload-less timer (or the operator's direct event that names no snapshot) protects what SELECTION names.
  const requestSelects = hasSelector(request);
  const selection: Selection = requestSelects || requester === 'http-caller' ? request : (defaults.Selection ?? {});
  const SnapshotIds = [...(request.SnapshotId !== undefined ? [request.SnapshotId] : []), ...(selection.SnapshotIds ?? [])];
  const requestTags = request.Tag ?? [];
  const Encrypted = request.Encrypted ?? defaults.Encrypted;
  const KMSKeyId = request.KMSKeyId ?? (Encrypted === true ? defaults.KMSKeyId : undefined);
  const merged = {
    RegionId,
    DestinationRegionId: DestinationRegionIds,
    SnapshotIds,
    DiskIds: selection.DiskIds ?? [],
    InstanceIds: selection.InstanceIds ?? [],
    SourceTag: selection.SourceTag ?? [],
    DestinationSnapshotName: request.DestinationSnapshotName,
    DestinationSnapshotDescription: request.DestinationSnapshotDescription,
    RetentionDays: request.RetentionDays ?? defaults.RetentionDays,
    Tag: mergeTags(defaults.Tags, requestTags),
    Encrypted,
    KMSKeyId,
    ClientToken: request.ClientToken,
  };

  const issues: FieldIssue[] = [];
  const result = CopyOrderSchema.safeParse(merged);
  if (!result.success) {
    const single = (field: string) =>
      typeof requestedDestinations === 'string' || requestedDestinations === undefined
        ? field.replace(/^DestinationRegionId\.1$/, 'DestinationRegionId')
        : field;
    const fromSnapshotId = request.SnapshotId !== undefined;
    for (const issue of toFieldIssues(result.error.issues)) {
      if (issue.field === 'RegionId' && RegionId === undefined) {
        issues.push({ field: 'RegionId', rule: 'is required: send it, or set SOURCE_REGION_ID' });
      } else if (fromSnapshotId && issue.field === 'SnapshotIds.1') {
        issues.push({ field: 'SnapshotId', rule: issue.rule });
      } else if (fromSnapshotId && /^SnapshotIds\.\d+$/.test(issue.field)) {
        issues.push({ field: issue.field.replace(/\d+$/, (n) => String(Number(n) - 1)), rule: issue.rule });
      } else {
        issues.push({ field: single(issue.field), rule: issue.rule });
      }
    }
  }
  if (DestinationRegionIds.length === 0) {
    issues.push({ field: 'DestinationRegionId', rule: 'is required: send it, or set DESTINATION_REGION_ID' });
  }
  if (!requestSelects && requester === 'http-caller') {
    issues.push({
      field: 'SnapshotId',
      rule: 'is required, or a selection: SnapshotIds, DiskIds, InstanceIds or SourceTag; an HTTP request must say what to copy (it never runs SELECTION, and the function never copies a whole region)',
    });
  } else if (SnapshotIds.length + merged.DiskIds.length + merged.InstanceIds.length + merged.SourceTag.length === 0) {
    issues.push({
      field: 'SnapshotId',
      rule: 'is required, or a selection: SnapshotIds, DiskIds, InstanceIds or SourceTag (or set SELECTION); the function never copies a whole region',
    });
  }
  const lockDays = requester === 'http-caller' ? defaults.LockDays : (request.LockDays ?? defaults.LockDays);
  issues.push(...lockIssues(lockDays, request, merged.RetentionDays, requester));
  const configuredTags = merged.Tag.length - requestTags.length;
  if (merged.Tag.length + PROVENANCE_TAG_COUNT > MAX_TAGS) {
    issues.push({
      field: 'Tag',
      rule: `must hold at most ${MAX_TAGS - PROVENANCE_TAG_COUNT - configuredTags} tags: a copy takes ${MAX_TAGS}, of which ${PROVENANCE_TAG_COUNT} are provenance tags${configuredTags > 0 ? ` and ${configuredTags} come from SNAPSHOT_TAGS` : ''}`,
    });
  }
  if (issues.length > 0 || !result.success) throw new ValidationError(issues);

  const order = result.data;
  const keys = new Map<string, string>();
  for (const region of DestinationRegionIds) {
    const key = typeof order.KMSKeyId === 'string' ? order.KMSKeyId : order.KMSKeyId?.[region];
    if (key !== undefined) keys.set(region, key);
  }
  return {
    RegionId: order.RegionId,
    DestinationRegionIds: order.DestinationRegionId,
    selection: {
      SnapshotIds: order.SnapshotIds,
      DiskIds: order.DiskIds,
      InstanceIds: order.InstanceIds,
      SourceTag: order.SourceTag,
      SnapshotType: selection.SnapshotType ?? 'all',
      MaxAgeHours: selection.MaxAgeHours,
      Select: selection.Select ?? 'newest',
    },
    exactPicksOnly: order.DiskIds.length + order.InstanceIds.length + order.SourceTag.length === 0,
    DestinationSnapshotName:
      order.DestinationSnapshotName !== undefined
        ? { literal: order.DestinationSnapshotName }
        : { template: defaults.DestinationSnapshotNameTemplate },
    DestinationSnapshotDescription:
      order.DestinationSnapshotDescription !== undefined
        ? { literal: order.DestinationSnapshotDescription }
        : { template: defaults.DestinationSnapshotDescriptionTemplate },
    RetentionDays: order.RetentionDays,
    Tag: order.Tag,
    Encrypted: order.Encrypted,
    KMSKeyIds: keys,
    ClientToken: order.ClientToken,
    DryRun: request.DryRun ?? false,
    AllowEmpty: request.AllowEmpty ?? selection.AllowEmpty ?? false,
    // An HTTP caller never causes a deletion: its KeepCopies is refused (caller-policy.ts), and KEEP_COPIES is the
    // operator's, for timer and direct invocations.
    KeepCopies: requester === 'http-caller' ? undefined : (request.KeepCopies ?? defaults.KeepCopies),
    Lock:
      lockDays === undefined
        ? undefined
        : {
            LockDays: lockDays,
            LockCoolOffHours: (requester === 'operator' ? request.LockCoolOffHours : undefined) ?? defaults.LockCoolOffHours,
          },
    facts,
  };
}

/**
 * The lock's rules that need no call: a cool-off needs a lock, and a lock must end before ECS releases the copy
 * (LOCK_RETENTION_MARGIN_DAYS says why), both fields named. An HTTP caller's own lock fields are refused by the
 * caller checks (403); its copies get LOCK_DAYS.
 */
function lockIssues(
  LockDays: number | undefined,
  request: CopyRequest,
  RetentionDays: number | undefined,
  requester: Requester,
): FieldIssue[] {
  if (LockDays === undefined) {
    return request.LockCoolOffHours !== undefined && requester === 'operator'
      ? [{ field: 'LockCoolOffHours', rule: 'needs LockDays' }]
      : [];
  }
  const rule = `RetentionDays must be at least LockDays + ${LOCK_RETENTION_MARGIN_DAYS} (${LockDays + LOCK_RETENTION_MARGIN_DAYS}): a lock ends before ECS releases the copy`;
  return (RetentionDays ?? Infinity) < LockDays + LOCK_RETENTION_MARGIN_DAYS
    ? [
        { field: 'RetentionDays', rule },
        { field: 'LockDays', rule },
      ]
    : [];
}
