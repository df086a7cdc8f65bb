import { createHash } from 'node:crypto';
import { type ActionContext, type ActionResult, ecsAction, fail, succeed } from './action';
import { dryRunOperation, type EcsError, ecsError, invalidParameter } from './errors';
import { type Cursor, decodeCursor, encodeCursor, parseJsonStringArray } from './page-cursor';
import { nonEmpty } from './params';
import { newestFirst, type SnapshotStore, type StoredSnapshot, snapshotLinkIdOf } from './store';
import { readTagParams } from './tag-params';
import type { EcsVariants } from './variants';

/** Where DescribeSnapshots' error table names no code (Category, Encrypted, PageNumber, PageSize, NextToken), this
 * server answers `InvalidParameter.<Name>`, the form the table uses for `MaxResults`. */
/**
 * DescribeSnapshots' documented error table (https://alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describesnapshots):
 * code and HTTP status of each filter that can be malformed.
 */
const DOCUMENTED: Readonly<Record<string, { status: number; Code: string }>> = {
  SnapshotIds: { status: 403, Code: 'InvalidSnapshotIds.Malformed' },
  Status: { status: 404, Code: 'InvalidStatus.NotFound' },
  SnapshotType: { status: 404, Code: 'InvalidSnapshotType.NotFound' },
  Usage: { status: 404, Code: 'InvalidUsage' },
  SourceDiskType: { status: 404, Code: 'InvalidSourceDiskType' },
  FilterKey: { status: 404, Code: 'InvalidFilterKey.NotFound' },
  FilterValue: { status: 404, Code: 'InvalidFilterValue' },
  TagCount: { status: 400, Code: 'InvalidTagCount' },
  TagMismatch: { status: 400, Code: 'InvalidTag.Mismatch' },
  SnapshotLinkId: { status: 404, Code: 'InvalidSnapshotLinkId.NotFound' },
  MaxResults: { status: 400, Code: 'InvalidParameter.MaxResults' },
};

const documented = (what: keyof typeof DOCUMENTED, rule: string): EcsError => {
  const { status, Code } = DOCUMENTED[what] ?? { status: 400, Code: `InvalidParameter.${what}` };
  return ecsError(status, Code, `The specified ${what} is not valid: ${rule}.`);
};

const MAX_SNAPSHOT_IDS = 100;
const MAX_TAG_FILTERS = 20;
const MAX_PAGE = 100;
const DEFAULT_PAGE = 10;

interface Filters {
  snapshotIds: Set<string> | undefined;
  DiskId: string | undefined;
  InstanceId: string | undefined;
  SnapshotName: string | undefined;
  Status: string | undefined;
  SnapshotType: string | undefined;
  Category: string | undefined;
  Encrypted: boolean | undefined;
  Usage: string | undefined;
  SourceDiskType: string | undefined;
  SnapshotLinkId: string | undefined;
  tags: { Key: string; Value: string | undefined }[];
  creationStartMs: number | undefined;
  creationEndMs: number | undefined;
}

/** Either `MaxResults` + `NextToken` (preferred by ECS) or the older `PageNumber` + `PageSize`. */
type Paging = { mode: 'token'; maxResults: number; after: Cursor | undefined } | { mode: 'page'; pageNumber: number; pageSize: number };

/** Where the previous page stopped, and which query it belongs to: a token is refused by any other query. */

/** DescribeSnapshots (Version 2014-05-26): the snapshots of a region that match every filter given, newest first. */
function run(context: ActionContext): ActionResult {
  const { params, store, nowMs, variants } = context;
  const RegionId = params.get('RegionId') ?? '';

  const filters = parseFilters(params);
  if (!filters.ok) return fail(filters.error);
  const queryId = queryIdOf(RegionId, filters.filters);
  const paging = parsePaging(params, queryId, variants.minMaxResults);
  if (!paging.ok) return fail(paging.error);
  if (nonEmpty(params, 'DryRun')?.toLowerCase() === 'true') {
    return fail(dryRunOperation());
  }
  const { SnapshotLinkId } = filters.filters;
  if (SnapshotLinkId !== undefined && !store.list(RegionId).some((snapshot) => snapshotLinkIdOf(snapshot) === SnapshotLinkId)) {
    return fail(documented('SnapshotLinkId', 'no snapshot chain of the region has this ID'));
  }

  const found = matchingSnapshots(store, RegionId, filters.filters, nowMs, variants);
  if (!found.ok) return fail(found.error);
  const matching = found.snapshots;
  const toView = (page: StoredSnapshot[]) => ({ Snapshot: page.map((snapshot) => listed(store, snapshot, nowMs, variants)) });

  if (paging.paging.mode === 'page') {
    const { pageNumber, pageSize } = paging.paging;
    const page = matching.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
    return succeed({ TotalCount: matching.length, PageNumber: pageNumber, PageSize: pageSize, Snapshots: toView(page) });
  }
  const { maxResults, after } = paging.paging;
  const rest = after === undefined ? matching : matching.filter((snapshot) => isAfter(snapshot, after));
  const page = rest.slice(0, maxResults);
  const last = page[page.length - 1];
  const NextToken = rest.length > maxResults && last !== undefined ? encodeCursor({ c: last.creationMs, s: last.seq, q: queryId }) : '';
  return succeed({ TotalCount: matching.length, NextToken, Snapshots: toView(page) });
}

/**
 * The region's snapshots that match every filter, as ECS's index sees them: a new snapshot's tags are found only
 * once indexed (`tagIndexDelayMs`), and a tag filter matches at most `tagFilterCap.matches` snapshots.
 */
function matchingSnapshots(
  store: SnapshotStore,
  RegionId: string,
  filters: Filters,
  nowMs: number,
  variants: Readonly<EcsVariants>,
): { ok: true; snapshots: StoredSnapshot[] } | { ok: false; error: EcsError } {
  const matching = store
    .list(RegionId)
    .filter(
      (snapshot) =>
        matches(snapshot, filters, store.statusAt(snapshot, nowMs).Status, store.attachments.instanceOf(snapshot.DiskId)) &&
        (filters.tags.length === 0 || nowMs >= snapshot.insertedMs + variants.tagIndexDelayMs),
    );
  const cap = variants.tagFilterCap;
  if (filters.tags.length === 0 || matching.length <= cap.matches) return { ok: true, snapshots: matching };
  if (cap.beyond === 'truncate') return { ok: true, snapshots: matching.slice(0, cap.matches) };
  // "The resource count with the tag(s) cannot exceed 1000"; the code ECS answers past it is UNVERIFIED.
  return {
    ok: false,
    error: ecsError(
      400,
      'InvalidParameter.TagResourceCount',
      `The number of resources with the specified tags exceeds ${cap.matches}; call ListTagResources instead.`,
    ),
  };
}

/** A snapshot as this answer lists it: the variants' naming, then the seed's `ListedAs` fields (`null` drops one). */
function listed(store: SnapshotStore, snapshot: StoredSnapshot, nowMs: number, variants: Readonly<EcsVariants>): Record<string, unknown> {
  const view: Record<string, unknown> = { ...store.view(snapshot, nowMs, variants) };
  for (const [name, value] of Object.entries(snapshot.ListedAs ?? {})) {
    if (value === null) delete view[name];
    else view[name] = value;
  }
  return view;
}

function parseFilters(params: ReadonlyMap<string, string>): { ok: true; filters: Filters } | { ok: false; error: EcsError } {
  let snapshotIds: Set<string> | undefined;
  const idsText = nonEmpty(params, 'SnapshotIds');
  if (idsText !== undefined) {
    const ids = parseJsonStringArray(idsText);
    // "a JSON array string, ≤100 IDs"
    // (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describesnapshots).
    if (ids === undefined || ids.length > MAX_SNAPSHOT_IDS) {
      return { ok: false, error: documented('SnapshotIds', `a JSON array of at most ${MAX_SNAPSHOT_IDS} snapshot IDs is expected`) };
    }
    snapshotIds = ids.length === 0 ? undefined : new Set(ids);
  }

  const choices: [name: string, allowed: readonly string[], error: (rule: string) => EcsError][] = [
    ['Status', ['progressing', 'accomplished', 'failed', 'all'], (rule) => documented('Status', rule)],
    ['SnapshotType', ['auto', 'user', 'all'], (rule) => documented('SnapshotType', rule)],
    ['Category', ['standard', 'flash', 'archive'], (rule) => invalidParameter('Category', rule)],
    ['Usage', ['image', 'disk', 'image_disk', 'none'], (rule) => documented('Usage', rule)],
    ['Encrypted', ['true', 'false'], (rule) => invalidParameter('Encrypted', rule)],
  ];
  for (const [name, allowed, error] of choices) {
    const value = nonEmpty(params, name);
    if (value !== undefined && !allowed.includes(value)) return { ok: false, error: error(`one of ${allowed.join(', ')} is expected`) };
  }
  // "system | data"; the value is not case-sensitive (DescribeSnapshots, SourceDiskType).
  const SourceDiskType = nonEmpty(params, 'SourceDiskType')?.toLowerCase();
  if (SourceDiskType !== undefined && SourceDiskType !== 'system' && SourceDiskType !== 'data') {
    return { ok: false, error: documented('SourceDiskType', 'System or Data is expected') };
  }

  const tags: Filters['tags'] = [];
  for (const tag of readTagParams(params)) {
    if (tag.n > MAX_TAG_FILTERS) return { ok: false, error: documented('TagCount', `Tag.N ranges from 1 to ${MAX_TAG_FILTERS}`) };
    if (tag.Key === undefined || tag.Key === '')
      return { ok: false, error: documented('TagMismatch', `Tag.${tag.n}.Value has no Tag.${tag.n}.Key`) };
    tags.push({ Key: tag.Key, Value: tag.Value });
  }

  const creation = parseCreationFilters(params);
  if (!creation.ok) return creation;

  const encrypted = nonEmpty(params, 'Encrypted');
  return {
    ok: true,
    filters: {
      snapshotIds,
      DiskId: nonEmpty(params, 'DiskId'),
      InstanceId: nonEmpty(params, 'InstanceId'),
      SnapshotName: nonEmpty(params, 'SnapshotName'),
      Status: nonEmpty(params, 'Status'),
      SnapshotType: nonEmpty(params, 'SnapshotType'),
      Category: nonEmpty(params, 'Category'),
      Encrypted: encrypted === undefined ? undefined : encrypted === 'true',
      Usage: nonEmpty(params, 'Usage'),
      SourceDiskType,
      SnapshotLinkId: nonEmpty(params, 'SnapshotLinkId'),
      tags,
      creationStartMs: creation.startMs,
      creationEndMs: creation.endMs,
    },
  };
}

/** `Filter.N.Key` = `CreationStartTime` / `CreationEndTime` with `Filter.N.Value` as `yyyy-MM-ddTHH:mmZ`. */
function parseCreationFilters(
  params: ReadonlyMap<string, string>,
): { ok: true; startMs: number | undefined; endMs: number | undefined } | { ok: false; error: EcsError } {
  let startMs: number | undefined;
  let endMs: number | undefined;
  for (const [name, key] of params) {
    const match = /^Filter\.([1-9]\d*)\.Key$/.exec(name);
    if (match === null) continue;
    if (key !== 'CreationStartTime' && key !== 'CreationEndTime') {
      return { ok: false, error: documented('FilterKey', `Filter.${match[1]}.Key must be CreationStartTime or CreationEndTime`) };
    }
    const valueText = params.get(`Filter.${match[1]}.Value`) ?? '';
    const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?Z$/.test(valueText) ? Date.parse(valueText) : Number.NaN;
    if (Number.isNaN(ms))
      return { ok: false, error: documented('FilterValue', `Filter.${match[1]}.Value must be a time such as 2024-05-01T02:00Z`) };
    if (key === 'CreationStartTime') startMs = ms;
    else endMs = ms;
  }
  return { ok: true, startMs, endMs };
}

function parsePaging(
  params: ReadonlyMap<string, string>,
  queryId: string,
  minMaxResults: number,
): { ok: true; paging: Paging } | { ok: false; error: EcsError } {
  const maxResultsText = nonEmpty(params, 'MaxResults');
  const nextToken = nonEmpty(params, 'NextToken');
  const pageNumberText = nonEmpty(params, 'PageNumber');
  const pageSizeText = nonEmpty(params, 'PageSize');

  if (maxResultsText === undefined && nextToken === undefined && (pageNumberText !== undefined || pageSizeText !== undefined)) {
    const pageNumber = pageNumberText === undefined ? 1 : integerIn(pageNumberText, 1, Number.MAX_SAFE_INTEGER);
    if (pageNumber === undefined) return { ok: false, error: invalidParameter('PageNumber', 'a positive integer is expected') };
    const pageSize = pageSizeText === undefined ? DEFAULT_PAGE : integerIn(pageSizeText, 1, MAX_PAGE);
    if (pageSize === undefined) return { ok: false, error: invalidParameter('PageSize', `an integer from 1 to ${MAX_PAGE} is expected`) };
    return { ok: true, paging: { mode: 'page', pageNumber, pageSize } };
  }

  // "Maximum value: 100. Default value: 10." No minimum is documented; `minMaxResults` models one (variant).
  const maxResults = maxResultsText === undefined ? DEFAULT_PAGE : integerIn(maxResultsText, minMaxResults, MAX_PAGE);
  if (maxResults === undefined) {
    return { ok: false, error: documented('MaxResults', `an integer from ${minMaxResults} to ${MAX_PAGE} is expected`) };
  }
  let after: Cursor | undefined;
  if (nextToken !== undefined) {
    after = decodeCursor(nextToken);
    if (after === undefined || after.q !== queryId) {
      return { ok: false, error: ecsError(400, 'InvalidParameter.NextToken', 'The specified NextToken is not valid.') };
    }
  }
  return { ok: true, paging: { mode: 'token', maxResults, after } };
}

/** `attachedTo`: the instance the snapshot's disk is attached to now, which is what the InstanceId filter means. */
function matches(snapshot: StoredSnapshot, filters: Filters, Status: string, attachedTo: string | undefined): boolean {
  const { tags } = filters;
  return (
    (filters.snapshotIds === undefined || filters.snapshotIds.has(snapshot.SnapshotId)) &&
    (filters.DiskId === undefined || filters.DiskId === snapshot.DiskId) &&
    (filters.InstanceId === undefined || filters.InstanceId === attachedTo) &&
    (filters.SnapshotName === undefined || filters.SnapshotName === snapshot.SnapshotName) &&
    (filters.Status === undefined || filters.Status === 'all' || filters.Status === Status) &&
    (filters.SnapshotType === undefined || filters.SnapshotType === 'all' || filters.SnapshotType === snapshot.SnapshotType) &&
    (filters.Category === undefined || filters.Category === snapshot.Category) &&
    (filters.Encrypted === undefined || filters.Encrypted === snapshot.Encrypted) &&
    (filters.Usage === undefined || filters.Usage === snapshot.Usage) &&
    (filters.SourceDiskType === undefined || filters.SourceDiskType === snapshot.SourceDiskType) &&
    (filters.SnapshotLinkId === undefined || filters.SnapshotLinkId === snapshotLinkIdOf(snapshot)) &&
    (filters.creationStartMs === undefined || snapshot.creationMs >= filters.creationStartMs) &&
    (filters.creationEndMs === undefined || snapshot.creationMs <= filters.creationEndMs) &&
    // Every tag filter must match; a key given without a value matches any value of that key.
    tags.every((wanted) =>
      snapshot.Tags.some((tag) => tag.TagKey === wanted.Key && (wanted.Value === undefined || tag.TagValue === wanted.Value)),
    )
  );
}

/** Strictly after the cursor in the newest-first order. */
function isAfter(snapshot: StoredSnapshot, cursor: Cursor): boolean {
  return newestFirst(snapshot, { creationMs: cursor.c, seq: cursor.s }) > 0;
}

function queryIdOf(RegionId: string, filters: Filters): string {
  const canonical = JSON.stringify({
    RegionId,
    ...filters,
    snapshotIds: filters.snapshotIds === undefined ? null : [...filters.snapshotIds].sort(),
  });
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

function integerIn(text: string, min: number, max: number): number | undefined {
  if (!/^\d{1,16}$/.test(text)) return undefined;
  const value = Number(text);
  return value >= min && value <= max ? value : undefined;
}

export const describeSnapshots = ecsAction('DescribeSnapshots', run, { required: ['RegionId'], knownRegion: { status: 400 } });
