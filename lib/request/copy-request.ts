import * as z from 'zod/mini';
import { REGION_ID_PATTERN } from '../ecs/identifiers';
import { type MalformedText, malformedText, WELL_FORMED_UNICODE_RULE } from '../ecs/unicode';
import { type FieldIssue, ValidationError } from '../failures/errors';
import { fieldPath, toFieldIssues } from './field-issues';
import { wholeNumber } from './whole-number';

/**
 * What a caller sends: CopySnapshot's own parameter names, plus the selection of a fleet in the API's style.
 * Strict: a misspelt `RetentionDay` is an error, not a silently ignored field. Only types are checked here; the
 * API's rules are checked once the request is merged with the configuration.
 *
 * What to copy: `SnapshotId` or `SnapshotIds` (exact picks), and/or `DiskIds`, `InstanceIds` (which add up) and
 * `SourceTag` (which narrows them, or selects on its own).
 */
const string = z.string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') });
const stringList = (what: string) =>
  z
    .array(string, { error: `must be a list of ${what}` })
    .check(z.minLength(1, { error: `must name at least one ${what.replace(/s$/, '')}` }));

/**
 * An object of region ID to key ID. Checked on the object's own entries: zod's record would drop a key such as
 * `__proto__` without a word, and a dropped key is an ignored field.
 */
export const KeysByRegionSchema = z.custom<Record<string, string>>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.entries(value).every(
      ([region, key]) => REGION_ID_PATTERN.test(region) && typeof key === 'string' && /^[\x21-\x7e]{1,256}$/.test(key),
    ),
);

/** 1 to 1000 (MAX_KEEP_COPIES): the newest copy is always kept. */
const KeepCopiesSchema = wholeNumber('copies', 1, 1000);

/**
 * The days a copy's RetentionDays must exceed its LockDays by: a lock's duration starts when the copy is accomplished
 * (a day or more after CopySnapshot for a large disk), and "the lock must expire on or before the snapshot retention
 * period" (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-locksnapshot).
 */
export const LOCK_RETENTION_MARGIN_DAYS = 2;

const TagInputSchema = z.strictObject({
  Key: string,
  // "The tag value can be an empty string": a missing Value is the empty string.
  Value: z._default(z.string({ error: 'must be a string' }), ''),
});

/** What to protect, without the copy parameters: also the shape of the SELECTION variable. */
export const SelectionShape = {
  SnapshotIds: z.optional(stringList('snapshot IDs').check(z.maxLength(1000, { error: 'must name at most 1000 snapshots' }))),
  DiskIds: z.optional(stringList('disk IDs')),
  InstanceIds: z.optional(stringList('instance IDs')),
  SourceTag: z.optional(
    z
      .array(TagInputSchema, { error: 'must be a list of { "Key", "Value" }' })
      .check(z.maxLength(20, { error: 'must hold at most 20 tags' })),
  ),
  SnapshotType: z.optional(z.enum(['auto', 'user', 'all'], { error: 'must be "auto", "user" or "all"' })),
  MaxAgeHours: z.optional(
    z.number({ error: 'must be a number of hours' }).check(z.positive({ error: 'must be a positive number of hours' })),
  ),
  Select: z.optional(z.enum(['newest', 'all'], { error: 'must be "newest" or "all"' })),
  /**
   * A listed instance, disk or source tag that matches no snapshot fails the run, so that a typo or a placeholder
   * is not taken for a fleet with nothing to protect; true lets such a selection succeed with nothing copied.
   */
  AllowEmpty: z.optional(z.boolean({ error: 'must be true or false' })),
};

export const SelectionSchema = z.strictObject(SelectionShape, { error: 'must be a JSON object' });
export type Selection = z.infer<typeof SelectionSchema>;

export const CopyRequestSchema = z.strictObject(
  {
    /** What the event asks for; a copy when absent (see action.ts). */
    Action: z.optional(z.enum(['Copy'], { error: 'must be "Copy" (the default) or "RestoreDrill"' })),
    SnapshotId: z.optional(string),
    ...SelectionShape,
    RegionId: z.optional(string),
    /** One region or a list: each source is copied to each destination. */
    DestinationRegionId: z.optional(z.union([string, stringList('region IDs')], { error: 'must be a region ID or a list of region IDs' })),
    DestinationSnapshotName: z.optional(string),
    DestinationSnapshotDescription: z.optional(string),
    RetentionDays: z.optional(z.number({ error: 'must be a number of days' })),
    Tag: z.optional(z.array(TagInputSchema, { error: 'must be a list of { "Key", "Value" }' })),
    Encrypted: z.optional(z.boolean({ error: 'must be true or false' })),
    /** A key belongs to a region: with several destinations, a map of destination region to key. */
    KMSKeyId: z.optional(
      z.union([string, KeysByRegionSchema], { error: 'must be a key ID, or an object of destination region to key ID' }),
    ),
    ClientToken: z.optional(string),
    /** Answer the plan without copying. */
    DryRun: z.optional(z.boolean({ error: 'must be true or false' })),
    /** Accomplished copies to keep of each protected disk in each destination; older ones are deleted (keep-copies). */
    KeepCopies: z.optional(KeepCopiesSchema),
    /** Each copy locked in compliance mode for this many days (LockSnapshot's LockDuration); the operator's only. */
    LockDays: z.optional(wholeNumber('days', 1, 3650)),
    /** The hours a new lock can still be removed (LockSnapshot's CoolOffPeriod); the operator's only. */
    LockCoolOffHours: z.optional(wholeNumber('hours', 0, 72)),
  },
  { error: 'must be a JSON object with CopySnapshot parameters' },
);

export type CopyRequest = z.infer<typeof CopyRequestSchema>;

/**
 * The request as sent (`unknown`), parsed; a ValidationError names each broken field. Text that is not well-formed
 * Unicode is refused first, in any field, key or list item, since no rule of a field could say what is wrong with it.
 */
export function parseCopyRequest(body: unknown): CopyRequest {
  const malformed = malformedText(body);
  if (malformed.length > 0) throw new ValidationError(malformed.map(malformedTextIssue));
  const request = CopyRequestSchema.safeParse(body);
  if (!request.success) throw new ValidationError(toFieldIssues(request.error.issues));
  return request.data;
}

function malformedTextIssue({ path, at }: MalformedText): FieldIssue {
  const field = fieldPath(path) || '(request)';
  return at === 'key'
    ? { field, rule: 'holds a key that is not well-formed Unicode text (a lone UTF-16 surrogate)' }
    : { field, rule: WELL_FORMED_UNICODE_RULE };
}
