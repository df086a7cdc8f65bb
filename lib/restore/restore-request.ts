import * as z from 'zod/mini';
import type { Tag } from '../ecs/copy-snapshot-parameters';
import { DiskIdSchema, InstanceIdSchema, REGION_ID_PATTERN, RegionIdSchema } from '../ecs/identifiers';
import { type FieldIssue, ValidationError } from '../failures/errors';
import { SelectionShape } from '../request/copy-request';
import { OptionShape } from '../request/option-shape';
import type { OrderDefaults } from '../request/order-defaults';
import { fieldCheck, parseRequest } from '../request/parse-request';
import type { RestoreSettings } from './restore-settings';
import { derivedRestoreId } from './restore-tags';

/**
 * A restore, asked for with `"Action": "Restore"` in a direct invocation (or `npm run restore`): the copy request's
 * selection fields, the DR region the copies are in (`DestinationRegionId`, as in the copy request), and the restore's
 * options. Strict, as the copy request.
 */
export const RestoreRequestSchema = z.strictObject(
  {
    Action: z.literal('Restore', { error: 'must be "Restore" for a restore' }),
    DiskIds: SelectionShape.DiskIds,
    InstanceIds: SelectionShape.InstanceIds,
    SourceTag: SelectionShape.SourceTag,
    /** The DR region: where the copies are, and where the disks and images are made. */
    DestinationRegionId: z.optional(z.string({ error: 'must be the region ID of the DR region, where the copies are' })),
    /**
     * The source region, when it still answers: the restore reads there which disks an instance has (and their
     * category) for the copies that do not record it. Left out, the restore calls no other region than the DR one.
     */
    RegionId: z.optional(z.string({ error: 'must be a region ID' })),
    /** Default: a zone of the DR region that sells the disks' categories, found with DescribeAvailableResource. */
    ZoneId: OptionShape.ZoneId,
    /** Restore the newest copies whose data was taken at or before this time (RFC 3339, such as 2026-11-27T19:00:00Z). */
    PointInTime: z.optional(z.string({ error: 'must be a time such as 2026-11-27T19:00:00Z' })),
    /** Restore each disk of an instance from its newest copy even when they are further apart than RESTORE_SKEW_MINUTES. */
    AllowSkew: z.optional(z.boolean({ error: 'must be true or false' })),
    /** Names the restore (tags, ClientTokens); default derived from the request, so that a re-run is the same restore. */
    RestoreId: z.optional(z.string({ error: 'must be a string' })),
    /** List what would be made and what it would cost; make nothing. */
    DryRun: OptionShape.DryRun,
  },
  { error: 'must be a JSON object with Restore parameters' },
);

export type RestoreRequest = z.infer<typeof RestoreRequestSchema>;

/** The restore request as sent, parsed; throws a ValidationError naming each broken field. */
export function parseRestoreRequest(body: unknown): RestoreRequest {
  return parseRequest(RestoreRequestSchema, body);
}

export interface RestoreSelection {
  DiskIds: string[];
  InstanceIds: string[];
  SourceTag: Tag[];
}

/** A restore request merged with the configuration and checked. */
export interface RestoreOrder {
  RestoreId: string;
  DestinationRegionId: string;
  /** The source region to read the disks' facts in, when asked; undefined: no call leaves the DR region. */
  SourceRegionId: string | undefined;
  selection: RestoreSelection;
  ZoneId: string | undefined;
  /** Milliseconds since the epoch. */
  PointInTime: number | undefined;
  AllowSkew: boolean;
  DryRun: boolean;
  settings: RestoreSettings;
}

const ZONE_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)+$/;
const RESTORE_ID_PATTERN = /^[A-Za-z][A-Za-z0-9._-]{1,63}$/;
/** RFC 3339 with its zone: a time without one would be read in the machine's zone. */
const TIME_PATTERN = /^\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:\d\d)$/i;

/** Fills a restore request from the operator's defaults and checks it; throws a ValidationError naming each broken field. */
export function resolveRestoreOrder(request: RestoreRequest, defaults: OrderDefaults, settings: RestoreSettings): RestoreOrder {
  const issues: FieldIssue[] = [];
  const check = fieldCheck(issues);
  const configured = defaults.DestinationRegionIds?.length === 1 ? defaults.DestinationRegionIds[0] : undefined;
  const DestinationRegionId = request.DestinationRegionId ?? configured;
  if (DestinationRegionId === undefined) {
    issues.push({ field: 'DestinationRegionId', rule: 'is required: the DR region, where the copies are (--region)' });
  } else check('DestinationRegionId', RegionIdSchema, DestinationRegionId);
  if (request.RegionId !== undefined) {
    if (!REGION_ID_PATTERN.test(request.RegionId)) issues.push({ field: 'RegionId', rule: 'must be a region ID such as cn-hangzhou' });
    else if (request.RegionId === DestinationRegionId)
      issues.push({ field: 'RegionId', rule: 'must be the source region, not the DR region' });
  }

  const hasSelector = request.DiskIds !== undefined || request.InstanceIds !== undefined || request.SourceTag !== undefined;
  const chosen = hasSelector ? request : (defaults.Selection ?? {});
  const selection: RestoreSelection = {
    DiskIds: [...new Set(chosen.DiskIds ?? [])],
    InstanceIds: [...new Set(chosen.InstanceIds ?? [])],
    SourceTag: [...(chosen.SourceTag ?? [])],
  };
  selection.DiskIds.forEach((id, index) => {
    check(`DiskIds.${index + 1}`, DiskIdSchema, id);
  });
  selection.InstanceIds.forEach((id, index) => {
    check(`InstanceIds.${index + 1}`, InstanceIdSchema, id);
  });
  if (selection.DiskIds.length + selection.InstanceIds.length + selection.SourceTag.length === 0) {
    issues.push({
      field: 'DiskIds',
      rule: 'is required, or another selection: InstanceIds or SourceTag (or set SELECTION); a restore never takes a whole region',
    });
  }

  if (request.ZoneId !== undefined) {
    if (!ZONE_ID_PATTERN.test(request.ZoneId))
      issues.push({ field: 'ZoneId', rule: 'must be a zone ID such as us-east-1a or cn-hangzhou-h' });
    else if (DestinationRegionId !== undefined && !request.ZoneId.startsWith(DestinationRegionId)) {
      issues.push({ field: 'ZoneId', rule: `must be a zone of ${DestinationRegionId}, the DR region` });
    }
  }
  let PointInTime: number | undefined;
  if (request.PointInTime !== undefined) {
    PointInTime = TIME_PATTERN.test(request.PointInTime) ? Date.parse(request.PointInTime) : Number.NaN;
    if (Number.isNaN(PointInTime))
      issues.push({ field: 'PointInTime', rule: 'must be a time with its zone, such as 2026-11-27T19:00:00Z' });
  }
  if (request.RestoreId !== undefined && !RESTORE_ID_PATTERN.test(request.RestoreId)) {
    issues.push({ field: 'RestoreId', rule: 'must be 2 to 64 letters, digits, dots, underscores and hyphens, starting with a letter' });
  }
  if (issues.length > 0 || DestinationRegionId === undefined) throw new ValidationError(issues);

  const AllowSkew = request.AllowSkew ?? false;
  const what = {
    DestinationRegionId,
    DiskIds: [...selection.DiskIds].sort(),
    InstanceIds: [...selection.InstanceIds].sort(),
    SourceTag: selection.SourceTag.map((tag) => `${tag.Key}=${tag.Value}`).sort(),
    PointInTime: PointInTime ?? null,
    ZoneId: request.ZoneId ?? null,
    AllowSkew,
  };
  return {
    RestoreId: request.RestoreId ?? derivedRestoreId(what),
    DestinationRegionId,
    SourceRegionId: request.RegionId,
    selection,
    ZoneId: request.ZoneId,
    PointInTime,
    AllowSkew,
    DryRun: request.DryRun ?? false,
    settings,
  };
}
