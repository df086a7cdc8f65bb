import { createHash } from 'node:crypto';
import { type ActionContext, type ActionResult, ecsAction, fail, succeed } from './action';
import { dryRunOperation, type EcsError, ecsError } from './errors';
import { type Cursor, decodeCursor, encodeCursor } from './page-cursor';
import { oneOf, type ParamRule, trueOrFalse } from './param-rules';
import { nonEmpty } from './params';
import { LOCK_STATUSES, type LockedSnapshotInfo, lockUnsupportedError } from './snapshot-lock';
import { newestFirst, type StoredSnapshot } from './store';

/** "Valid values of array length: 1 to 100" (DescribeLockedSnapshotsRequest `SnapshotIds`). */
const MAX_SNAPSHOT_IDS = 100;
/** "Not specified or less than 10: 10; greater than 100: 100" (DescribeLockedSnapshotsRequest `MaxResults`). */
const MIN_PAGE = 10;
const MAX_PAGE = 100;

/** `SnapshotIds.N`, as the RPC API flattens a list (pop-core turns `SnapshotIds: ['s-1', 's-2']` into these). */
const SNAPSHOT_IDS_PARAMETER = /^SnapshotIds\.([1-9]\d*)$/;

/** The codes for a malformed `SnapshotIds` and `NextToken` are UNVERIFIED. */
const invalid = (name: string, message: string): EcsError => ecsError(400, `InvalidParameter.${name}`, message);

/** MaxResults is any integer, brought into 10–100; one that is not a number is refused. */
const integer: ParamRule = (value, name) =>
  /^-?\d{1,9}$/.test(value) ? undefined : invalid(name, `The specified parameter "${name}" must be an integer.`);

/**
 * DescribeLockedSnapshots (Version 2014-05-26; SDK `DescribeLockedSnapshotsRequest`): the region's locked snapshots
 * (an expired lock still listed, with `LockStatus: "expired"`), those of `SnapshotIds` when given and of `LockStatus`
 * when given, newest snapshot first, paged with `MaxResults` and `NextToken`. `LockedSnapshotsInfo` is a bare array,
 * not wrapped as DescribeSnapshots' `Snapshots.Snapshot`. A listed ID that is not a locked snapshot of the region is
 * left out, not refused (UNVERIFIED); at the end of the list `NextToken` is `""` (UNVERIFIED: or absent).
 */
function run(context: ActionContext): ActionResult {
  const { params, store, nowMs, variants } = context;
  const RegionId = params.get('RegionId') ?? '';
  const unsupported = lockUnsupportedError(variants, RegionId);
  if (unsupported !== undefined) return fail(unsupported);
  const ids = readSnapshotIds(params);
  if (!ids.ok) return fail(ids.error);
  const LockStatus = nonEmpty(params, 'LockStatus');
  const queryId = queryIdOf(RegionId, ids.ids, LockStatus);
  const maxResultsText = nonEmpty(params, 'MaxResults');
  const maxResults = Math.min(MAX_PAGE, Math.max(MIN_PAGE, maxResultsText === undefined ? MIN_PAGE : Number(maxResultsText)));
  const nextToken = nonEmpty(params, 'NextToken');
  const after = nextToken === undefined ? undefined : decodeCursor(nextToken);
  if (nextToken !== undefined && (after === undefined || after.q !== queryId)) {
    return fail(invalid('NextToken', 'The specified NextToken is not valid.'));
  }
  if (nonEmpty(params, 'DryRun')?.toLowerCase() === 'true') return fail(dryRunOperation());

  const matching = store
    .lockedIn(RegionId)
    .filter((snapshot) => ids.ids === undefined || ids.ids.has(snapshot.SnapshotId))
    .flatMap((snapshot) => {
      const info = store.lockInfoOf(snapshot, nowMs);
      return info !== undefined && (LockStatus === undefined || info.LockStatus === LockStatus) ? [{ snapshot, info }] : [];
    });
  const rest = after === undefined ? matching : matching.filter(({ snapshot }) => isAfter(snapshot, after));
  const page = rest.slice(0, maxResults);
  const last = page[page.length - 1]?.snapshot;
  const NextToken = rest.length > maxResults && last !== undefined ? encodeCursor({ c: last.creationMs, s: last.seq, q: queryId }) : '';
  const LockedSnapshotsInfo: LockedSnapshotInfo[] = page.map(({ info }) => info);
  return succeed({ NextToken, LockedSnapshotsInfo });
}

/**
 * The IDs of `SnapshotIds.1` … `SnapshotIds.100`. A `SnapshotIds` sent whole (a JSON string, as DescribeSnapshots
 * takes it) is refused rather than ignored, so that a client sending that form fails here instead of reading every
 * lock of the region as the answer to its list (what ECS does with it is UNVERIFIED).
 */
function readSnapshotIds(params: ReadonlyMap<string, string>): { ok: true; ids: Set<string> | undefined } | { ok: false; error: EcsError } {
  if (nonEmpty(params, 'SnapshotIds') !== undefined) {
    return {
      ok: false,
      error: invalid('SnapshotIds', 'SnapshotIds is a repeated list: SnapshotIds.1=<id>&SnapshotIds.2=<id>, not a JSON string.'),
    };
  }
  const ids = new Set<string>();
  for (const [name, value] of params) {
    const match = SNAPSHOT_IDS_PARAMETER.exec(name);
    if (match === null || value === '') continue;
    if (Number(match[1]) > MAX_SNAPSHOT_IDS) {
      return { ok: false, error: invalid('SnapshotIds', `SnapshotIds.N takes N from 1 to ${MAX_SNAPSHOT_IDS}.`) };
    }
    ids.add(value);
  }
  return { ok: true, ids: ids.size === 0 ? undefined : ids };
}

/** Strictly after the cursor in the newest-first order of the snapshots. */
function isAfter(snapshot: StoredSnapshot, cursor: Cursor): boolean {
  return newestFirst(snapshot, { creationMs: cursor.c, seq: cursor.s }) > 0;
}

function queryIdOf(RegionId: string, ids: ReadonlySet<string> | undefined, LockStatus: string | undefined): string {
  const canonical = JSON.stringify({ RegionId, ids: ids === undefined ? null : [...ids].sort(), LockStatus: LockStatus ?? null });
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

export const describeLockedSnapshots = ecsAction('DescribeLockedSnapshots', run, {
  required: ['RegionId'],
  knownRegion: { status: 400 },
  params: {
    // A LockStatus outside the three, and a MaxResults that is not a number: `InvalidParameter.<Name>` (UNVERIFIED).
    LockStatus: oneOf(LOCK_STATUSES),
    MaxResults: integer,
    DryRun: trueOrFalse,
  },
});
