import * as z from 'zod/mini';
import type { SnapshotInfo, UnrecognizedSnapshot } from './ecs';

/**
 * DescribeSnapshots' answer, read one snapshot at a time: one snapshot with a value this function does not know must
 * not hide the others of its region (https://alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describesnapshots,
 * and the SDK model DescribeSnapshotsResponseBody, which lists more fields than are read here: extra fields are
 * ignored).
 */
export const DescribeSnapshotsPageSchema = z.object({
  RequestId: z.string(),
  NextToken: z.optional(z.string()),
  Snapshots: z.object({ Snapshot: z.array(z.unknown()) }),
});

/** The documented values; anything else makes the snapshot unrecognized rather than guessed at. */
const KNOWN_STATUSES = ['progressing', 'accomplished', 'failed'] as const;

/** Ignored when empty: ECS may list `""` for the source of a snapshot that is not a copy. */
const optionalText = z.optional(
  z.pipe(
    z.string(),
    z.transform((value) => (value === '' ? undefined : value)),
  ),
);

/**
 * A field that is only reported: its value when it has the type, and nothing (or `''`) when it has another, so that
 * it never fails the snapshot. (Not `z.catch`, which refers to zod's util module as a namespace object: esbuild then
 * bundles all of it, about 9 KB of dist/index.js.)
 */
const textOrEmpty = z.pipe(
  z.unknown(),
  z.transform((value) => (typeof value === 'string' ? value : '')),
);
const sizeOrNothing = z.pipe(
  z.unknown(),
  z.transform((value) => (typeof value === 'number' || typeof value === 'string' ? value : undefined)),
);

/** Booleans are JSON booleans in answers; text `"true"`/`"false"` (XML turned into JSON) is read too. */
const BooleanSchema = z.union([
  z.boolean(),
  z.pipe(
    z.enum(['true', 'false']),
    z.transform((value) => value === 'true'),
  ),
]);

const ListedSnapshotSchema = z.object({
  SnapshotId: z.string().check(z.minLength(1)),
  SourceDiskId: z._default(z.string(), ''),
  Status: z.enum(KNOWN_STATUSES),
  // "string, e.g. `100%`; one doc version shows `100`"
  // (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describesnapshots;
  // docs/ecs-fidelity.md): opaque text, absent is empty.
  Progress: z._default(z.pipe(z.union([z.string(), z.number()]), z.transform(String)), ''),
  CreationTime: z.string().check(z.refine((value) => !Number.isNaN(Date.parse(value)))),
  SnapshotType: z._default(z.string(), ''),
  Category: z._default(z.string(), ''),
  Encrypted: z._default(BooleanSchema, false),
  SourceSnapshotId: optionalText,
  SourceRegionId: optionalText,
  // "SourceDiskSize (string, GiB)" (`@alicloud/ecs20140526` `src/models/DescribeSnapshotsResponseBody.ts`); a number is
  // read too, and anything else is left out, not fatal.
  SourceDiskSize: z.optional(sizeOrNothing),
  Tags: z._default(z.object({ Tag: z._default(z.array(z.object({ TagKey: z.string(), TagValue: z._default(z.string(), '') })), []) }), {
    Tag: [],
  }),
});

/** What can be read of a snapshot that does not parse, to report it and to match an unreadable copy to its source. */
const IdentitySchema = z.object({
  SnapshotId: z.optional(textOrEmpty),
  SourceDiskId: z.optional(textOrEmpty),
  SourceSnapshotId: z.optional(textOrEmpty),
  SourceRegionId: z.optional(textOrEmpty),
});

type ListedSnapshot = { ok: true; snapshot: SnapshotInfo } | { ok: false; unrecognized: UnrecognizedSnapshot };

/**
 * One item of `Snapshots.Snapshot[]`. `quote` makes a value from the answer safe to show (redacted, cut short).
 */
export function readListedSnapshot(item: unknown, RegionId: string, quote: (value: unknown) => string): ListedSnapshot {
  const parsed = ListedSnapshotSchema.safeParse(item);
  if (parsed.success) {
    const snapshot = parsed.data;
    const info: SnapshotInfo = {
      SnapshotId: snapshot.SnapshotId,
      RegionId,
      SourceDiskId: snapshot.SourceDiskId,
      Status: snapshot.Status,
      Progress: snapshot.Progress,
      CreationTime: Date.parse(snapshot.CreationTime),
      SnapshotType: automaticAsAuto(snapshot.SnapshotType),
      Category: snapshot.Category,
      Encrypted: snapshot.Encrypted,
      Tags: snapshot.Tags.Tag.map((tag) => ({ Key: tag.TagKey, Value: tag.TagValue })),
    };
    if (snapshot.SourceSnapshotId !== undefined) info.SourceSnapshotId = snapshot.SourceSnapshotId;
    if (snapshot.SourceRegionId !== undefined) info.SourceRegionId = snapshot.SourceRegionId;
    const SourceDiskSize = gibibytes(snapshot.SourceDiskSize);
    if (SourceDiskSize !== undefined) info.SourceDiskSize = SourceDiskSize;
    return { ok: true, snapshot: info };
  }
  const identity = IdentitySchema.safeParse(item).data ?? {};
  const issue = parsed.error.issues[0];
  const field = issue?.path.map(String).join('.') || 'snapshot';
  const value = field === 'snapshot' ? item : valueAt(item, issue?.path ?? []);
  const unrecognized: UnrecognizedSnapshot = {
    SnapshotId: nonEmpty(identity.SnapshotId),
    reason: value === undefined ? `${field} is missing` : `${field} is ${quote(value)}, which this function does not know how to read`,
  };
  const SourceDiskId = nonEmpty(identity.SourceDiskId);
  const SourceSnapshotId = nonEmpty(identity.SourceSnapshotId);
  const SourceRegionId = nonEmpty(identity.SourceRegionId);
  if (SourceDiskId !== undefined) unrecognized.SourceDiskId = SourceDiskId;
  if (SourceSnapshotId !== undefined) unrecognized.SourceSnapshotId = SourceSnapshotId;
  if (SourceRegionId !== undefined) unrecognized.SourceRegionId = SourceRegionId;
  return { ok: false, unrecognized };
}

/** A size in GiB as ECS sends it: a positive whole number, or its text (also read by pop-core-ecs-disks.ts). */
export function gibibytes(value: number | string | undefined): number | undefined {
  const size = typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value;
  return typeof size === 'number' && Number.isInteger(size) && size > 0 ? size : undefined;
}

/** "auto or timer: automatic snapshot; user: manual" (DescribeSnapshots 2021 page); events say `timer` too. */
function automaticAsAuto(SnapshotType: string): string {
  return SnapshotType === 'timer' ? 'auto' : SnapshotType;
}

function valueAt(item: unknown, path: readonly PropertyKey[]): unknown {
  let value = item;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
