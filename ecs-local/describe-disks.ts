import { createHash } from 'node:crypto';
import { type ActionContext, type ActionResult, ecsAction, fail, succeed } from './action';
import { DISK_CATEGORIES } from './disk';
import type { StoredDisk } from './disk-store';
import { type EcsError, ecsError, invalidParameter } from './errors';
import { type Cursor, decodeCursor, encodeCursor, parseJsonStringArray } from './page-cursor';
import { nonEmpty } from './params';
import { readTagParams } from './tag-params';

const MAX_DISK_IDS = 100;
const MAX_TAG_FILTERS = 20;
/** "MaxResults: 10 to 500. Not specified or less than 10: 10; greater than 500: 500" (SDK model). */
const MIN_PAGE = 10;
const MAX_PAGE = 500;
const STATUSES = ['In_use', 'Available', 'Attaching', 'Detaching', 'Creating', 'ReIniting', 'All'];

interface Filters {
  diskIds: string[] | undefined;
  ZoneId: string | undefined;
  SnapshotId: string | undefined;
  Status: string | undefined;
  Category: string | undefined;
  /** DiskType=system: every disk here is a data disk, so none matches. */
  systemOnly: boolean;
  tags: { Key: string; Value: string | undefined }[];
}

/**
 * DescribeDisks (Version 2014-05-26): the disks of a region that match every filter, newest first, paged with
 * MaxResults and NextToken. `SnapshotId` selects the disks created from that snapshot
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describedisks).
 */
function run(context: ActionContext): ActionResult {
  const { params, disks, nowMs } = context;
  const RegionId = params.get('RegionId') ?? '';
  const filters = parseFilters(params);
  if (!filters.ok) return fail(filters.error);
  const queryId = createHash('sha256')
    .update(JSON.stringify([RegionId, filters.filters]))
    .digest('base64url')
    .slice(0, 16);

  const maxText = nonEmpty(params, 'MaxResults');
  if (maxText !== undefined && !/^\d{1,9}$/.test(maxText)) return fail(invalidParameter('MaxResults', 'an integer is expected'));
  const maxResults = Math.min(MAX_PAGE, Math.max(MIN_PAGE, Number(maxText ?? MIN_PAGE)));
  const token = nonEmpty(params, 'NextToken');
  let after: Cursor | undefined;
  if (token !== undefined) {
    after = decodeCursor(token);
    if (after === undefined || after.q !== queryId) {
      return fail(ecsError(400, 'InvalidParameter.NextToken', 'The specified NextToken is not valid.'));
    }
  }

  const matching = disks.list(RegionId, nowMs).filter((disk) => matches(disk, filters.filters, disks.statusAt(disk, nowMs)));
  const rest = after === undefined ? matching : matching.filter((disk) => isAfter(disk, after));
  const page = rest.slice(0, maxResults);
  const last = page[page.length - 1];
  const NextToken = rest.length > maxResults && last !== undefined ? encodeCursor({ c: last.creationMs, s: last.seq, q: queryId }) : '';
  return succeed({ TotalCount: matching.length, NextToken, Disks: { Disk: page.map((disk) => disks.listed(disk, nowMs)) } });
}

function parseFilters(params: ReadonlyMap<string, string>): { ok: true; filters: Filters } | { ok: false; error: EcsError } {
  let diskIds: string[] | undefined;
  const idsText = nonEmpty(params, 'DiskIds');
  if (idsText !== undefined) {
    const ids = parseJsonStringArray(idsText);
    // "a JSON array that can contain up to 100 IDs" (SDK model).
    if (ids === undefined || ids.length > MAX_DISK_IDS) {
      return { ok: false, error: invalidParameter('DiskIds', `a JSON array of at most ${MAX_DISK_IDS} disk IDs is expected`) };
    }
    diskIds = ids;
  }
  const Status = nonEmpty(params, 'Status');
  if (Status !== undefined && !STATUSES.includes(Status))
    return { ok: false, error: invalidParameter('Status', `one of ${STATUSES.join(', ')} is expected`) };
  const Category = nonEmpty(params, 'Category');
  if (Category !== undefined && Category !== 'all' && !(DISK_CATEGORIES as readonly string[]).includes(Category)) {
    return { ok: false, error: invalidParameter('Category', 'a disk category or all is expected') };
  }
  const DiskType = nonEmpty(params, 'DiskType');
  if (DiskType !== undefined && !['all', 'system', 'data'].includes(DiskType)) {
    return { ok: false, error: invalidParameter('DiskType', 'one of all, system, data is expected') };
  }
  const tags: Filters['tags'] = [];
  for (const tag of readTagParams(params)) {
    if (tag.n > MAX_TAG_FILTERS) return { ok: false, error: invalidParameter('Tag', `N ranges from 1 to ${MAX_TAG_FILTERS}`) };
    if (tag.Key === undefined || tag.Key === '') return { ok: false, error: invalidParameter('Tag', `Tag.${tag.n}.Key is required`) };
    tags.push({ Key: tag.Key, Value: tag.Value });
  }
  return {
    ok: true,
    filters: {
      diskIds,
      ZoneId: nonEmpty(params, 'ZoneId'),
      SnapshotId: nonEmpty(params, 'SnapshotId'),
      Status: Status === 'All' ? undefined : Status,
      Category: Category === 'all' ? undefined : Category,
      systemOnly: DiskType === 'system',
      tags,
    },
  };
}

function matches(disk: StoredDisk, filters: Filters, Status: string): boolean {
  return (
    !filters.systemOnly &&
    (filters.diskIds === undefined || filters.diskIds.includes(disk.DiskId)) &&
    (filters.ZoneId === undefined || filters.ZoneId === disk.ZoneId) &&
    (filters.SnapshotId === undefined || filters.SnapshotId === disk.SourceSnapshotId) &&
    (filters.Status === undefined || filters.Status === Status) &&
    (filters.Category === undefined || filters.Category === disk.Category) &&
    filters.tags.every((wanted) =>
      disk.Tags.some((tag) => tag.TagKey === wanted.Key && (wanted.Value === undefined || tag.TagValue === wanted.Value)),
    )
  );
}

function isAfter(disk: StoredDisk, cursor: Cursor): boolean {
  return cursor.c - disk.creationMs > 0 || (cursor.c === disk.creationMs && cursor.s - disk.seq > 0);
}

export const describeDisks = ecsAction('DescribeDisks', run, { required: ['RegionId'], knownRegion: { status: 404 } });
