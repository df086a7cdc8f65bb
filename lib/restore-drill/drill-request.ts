import * as z from 'zod/mini';
import type { InvocationFacts, ResolvedSelection } from '../copy/copy-order';
import { DISK_CATEGORIES_CHEAPEST_FIRST, type DiskCategory } from '../ecs/disk-categories';
import { DiskIdSchema, InstanceIdSchema, RegionIdSchema, SnapshotIdSchema } from '../ecs/identifiers';
import { type FieldIssue, ValidationError } from '../failures/errors';
import { SelectionShape } from '../request/copy-request';
import { OptionShape } from '../request/option-shape';
import type { OrderDefaults } from '../request/order-defaults';
import { fieldCheck, parseRequest } from '../request/parse-request';
import { wholeNumber } from '../request/whole-number';

const DEFAULT_DRILL_DISKS = 1;
/** The cost guard: a copy of a larger disk is skipped and reported, not restored. */
export const DEFAULT_MAX_DRILL_DISK_GIB = 2048;

/**
 * A restore drill, asked for with `"Action": "RestoreDrill"` (timer payload, direct event) or `POST /restore-drills`:
 * the copy request's selection fields, where to restore, and the drill's options. Strict, as the copy request.
 */
export const DrillRequestSchema = z.strictObject(
  {
    Action: z.optional(z.literal('RestoreDrill', { error: 'must be "RestoreDrill" for a drill' })),
    SnapshotIds: SelectionShape.SnapshotIds,
    DiskIds: SelectionShape.DiskIds,
    InstanceIds: SelectionShape.InstanceIds,
    SourceTag: SelectionShape.SourceTag,
    RegionId: z.optional(z.string({ error: 'must be a string' })),
    DestinationRegionId: z.optional(
      z.union([z.string(), z.array(z.string()).check(z.minLength(1))], { error: 'must be a region ID or a list of region IDs' }),
    ),
    /** How many disks one run drills (in each destination), the least recently drilled first. */
    DrillDisks: z.optional(wholeNumber('disks', 1, 100)),
    /** Default: the cheapest category the chosen zone sells for the copy's size. */
    DrillDiskCategory: z.optional(
      z.enum(DISK_CATEGORIES_CHEAPEST_FIRST, { error: `must be one of ${DISK_CATEGORIES_CHEAPEST_FIRST.join(', ')}` }),
    ),
    MaxDrillDiskGiB: z.optional(wholeNumber('GiB', 1, 65536)),
    /** Default: a zone of the destination that sells the category, found with DescribeAvailableResource. */
    ZoneId: OptionShape.ZoneId,
    /** List what would be drilled and deleted; create and delete nothing. */
    DryRun: OptionShape.DryRun,
  },
  { error: 'must be a JSON object with RestoreDrill parameters' },
);

export type DrillRequest = z.infer<typeof DrillRequestSchema>;

/** The drill request as sent, parsed; throws a ValidationError naming each broken field. */
export function parseDrillRequest(body: unknown): DrillRequest {
  return parseRequest(DrillRequestSchema, body);
}

/** A drill request merged with the configuration and checked. */
export interface DrillOrder {
  RegionId: string;
  DestinationRegionIds: string[];
  selection: ResolvedSelection;
  DrillDisks: number;
  DrillDiskCategory: DiskCategory | undefined;
  MaxDrillDiskGiB: number;
  ZoneId: string | undefined;
  DryRun: boolean;
  DrillTimeoutMinutes: number;
  /** Names the run on its disks' tags and in its ClientTokens: the same event (a re-delivery) is the same run. */
  RunId: string;
  /** When the run began (ms): the time that names it. A disk ECS created before it is not the run's. */
  RunStartedAt: number;
}

const ZONE_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)+$/;

/** `drill-20261127T190000Z`: the invocation's time (a timer's triggerTime), to the second. */
export function drillRunId(time: Date): string {
  return `drill-${time
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '')}`;
}

/** Fills a drill request from the operator's defaults (the configuration) and checks it; throws a ValidationError naming each broken field. */
export function resolveDrillOrder(request: DrillRequest, defaults: OrderDefaults, facts: InvocationFacts): DrillOrder {
  const issues: FieldIssue[] = [];
  const check = fieldCheck(issues);
  const RegionId = request.RegionId ?? defaults.SourceRegionId ?? facts.functionRegionId;
  if (RegionId === undefined) issues.push({ field: 'RegionId', rule: 'is required: send it, or set SOURCE_REGION_ID' });
  else check('RegionId', RegionIdSchema, RegionId);

  const requested = request.DestinationRegionId ?? defaults.DestinationRegionIds;
  const destinations = typeof requested === 'string' ? [requested] : [...(requested ?? [])];
  if (destinations.length === 0) issues.push({ field: 'DestinationRegionId', rule: 'is required: send it, or set DESTINATION_REGION_ID' });
  destinations.forEach((region, index) => {
    const field = typeof requested === 'string' ? 'DestinationRegionId' : `DestinationRegionId.${index + 1}`;
    check(field, RegionIdSchema, region);
    if (region === RegionId) issues.push({ field, rule: 'must differ from RegionId: copies to restore are in another region' });
    if (destinations.indexOf(region) !== index) issues.push({ field, rule: 'names a region twice' });
  });

  const hasSelector = ['SnapshotIds', 'DiskIds', 'InstanceIds', 'SourceTag'].some(
    (key) => (request as Record<string, unknown>)[key] !== undefined,
  );
  const selection = hasSelector ? request : (defaults.Selection ?? {});
  const SnapshotIds = selection.SnapshotIds ?? [];
  const DiskIds = selection.DiskIds ?? [];
  const InstanceIds = selection.InstanceIds ?? [];
  const SourceTag = selection.SourceTag ?? [];
  for (const [field, ids, schema] of [
    ['SnapshotIds', SnapshotIds, SnapshotIdSchema],
    ['DiskIds', DiskIds, DiskIdSchema],
    ['InstanceIds', InstanceIds, InstanceIdSchema],
  ] as const) {
    ids.forEach((id, index) => {
      check(`${field}.${index + 1}`, schema, id);
    });
  }
  if (SnapshotIds.length + DiskIds.length + InstanceIds.length + SourceTag.length === 0) {
    issues.push({
      field: 'DiskIds',
      rule: 'is required, or another selection: SnapshotIds, InstanceIds or SourceTag (or set SELECTION); a drill never picks from a whole region',
    });
  }

  if (request.ZoneId !== undefined) {
    if (!ZONE_ID_PATTERN.test(request.ZoneId))
      issues.push({ field: 'ZoneId', rule: 'must be a zone ID such as us-east-1a or cn-hangzhou-h' });
    else if (destinations.length !== 1)
      issues.push({ field: 'ZoneId', rule: 'a zone belongs to one region: name one DestinationRegionId with it' });
    else if (!request.ZoneId.startsWith(destinations[0] ?? '')) {
      issues.push({ field: 'ZoneId', rule: `must be a zone of ${destinations[0]}, the destination restored in` });
    }
  }
  if (issues.length > 0 || RegionId === undefined) throw new ValidationError(issues);
  return {
    RegionId,
    DestinationRegionIds: destinations,
    selection: { SnapshotIds, DiskIds, InstanceIds, SourceTag, SnapshotType: 'all', MaxAgeHours: undefined, Select: 'all' },
    DrillDisks: request.DrillDisks ?? DEFAULT_DRILL_DISKS,
    DrillDiskCategory: request.DrillDiskCategory,
    MaxDrillDiskGiB: request.MaxDrillDiskGiB ?? DEFAULT_MAX_DRILL_DISK_GIB,
    ZoneId: request.ZoneId,
    DryRun: request.DryRun ?? false,
    DrillTimeoutMinutes: defaults.DrillTimeoutMinutes,
    RunId: drillRunId(facts.time),
    RunStartedAt: facts.time.getTime(),
  };
}
