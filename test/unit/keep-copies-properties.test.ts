/**
 * KeepCopies' safety rules as properties, over random fleets on the fake ECS (the local endpoint's own model) and the
 * virtual clock, through the whole handler: copies this function made and others', accomplished, progressing and
 * failed; provenance tags intact, missing, edited or contradicting ECS; sources released; disks created from copies;
 * destinations long enough to be listed in pages; a tag index that lags; one region's endpoint for every call; random
 * faults on every call; timer, HTTP and refused requests. After every run, against what the fleet was before it:
 * - the newest KeepCopies accomplished copies of each disk, by ECS's time, are all still there;
 * - nothing deleted was not this function's copy, had tags that contradict ECS, had a disk made from it, or was a
 *   disk's copy while a copy of that disk was progressing in the destination;
 * - nothing is deleted for an HTTP caller, nor after a refused check;
 * - every `copy-pruned` line names a copy ECS no longer lists.
 */
import * as fc from 'fast-check';
import type { SeedSnapshot } from '../../ecs-local/snapshot';
import { PROVENANCE_KEYS, provenanceTags } from '../../lib/request/provenance';
import { DESTINATION_REGION, SOURCE_REGION } from '../support/context';
import { httpEvent, timerEvent } from '../support/events';
import { startFakeHarness } from '../support/fake-harness';
import { logsNamed } from '../support/output';
import { itHoldsOverRandomRuns } from '../support/property-runs';

const DAY = 24 * 3_600_000;
const DISKS = ['d-bp1prop0000000001', 'd-bp1prop0000000002'];
const OTHER_DISK = 'd-bp1prop0000000099';

/** How a copy's provenance tags stand against ECS's fields. */
const TAGS = [
  'intact',
  'time-missing',
  'time-2099',
  'time-garbage',
  'disk-other',
  'source-other',
  'region-other',
  'none',
  'no-ecs-source',
] as const;
type TagState = (typeof TAGS)[number];
/** Tag states that contradict ECS: such a copy is never deleted. */
const CONTRADICTING: ReadonlySet<TagState> = new Set(['time-2099', 'time-garbage', 'disk-other', 'source-other']);

interface CopySpec {
  disk: number;
  /** Days before now the source snapshot was taken; distinct per disk. */
  daysAgo: number;
  status: 'accomplished' | 'progressing' | 'failed';
  tags: TagState;
  sourceReleased: boolean;
  diskFromIt: boolean;
}

interface RunSpec {
  copies: CopySpec[];
  keep: number;
  requester: 'timer' | 'timer-typo' | 'http' | 'http-keep';
  keepFrom: 'request' | 'configuration';
  filler: number;
  tagIndexLags: boolean;
  oneRegionEndpoint: boolean;
  deleteMissing: 'not-found' | 'ignore';
  faultSeed: number;
  faultProbability: number;
}

/** True about once in `n`. */
const oneIn = (n: number) => fc.integer({ min: 1, max: n }).map((value) => value === 1);

const copySpec = fc.record({
  disk: fc.integer({ min: 0, max: DISKS.length - 1 }),
  daysAgo: fc.integer({ min: 1, max: 40 }),
  status: fc.oneof(
    { weight: 12, arbitrary: fc.constant<CopySpec['status']>('accomplished') },
    { weight: 1, arbitrary: fc.constantFrom<CopySpec['status']>('progressing', 'failed') },
  ),
  tags: fc.oneof({ weight: 3, arbitrary: fc.constant<TagState>('intact') }, { weight: 1, arbitrary: fc.constantFrom(...TAGS) }),
  sourceReleased: oneIn(5),
  diskFromIt: oneIn(8),
});

const runSpec: fc.Arbitrary<RunSpec> = fc.record({
  copies: fc.array(copySpec, { minLength: 0, maxLength: 12 }),
  keep: fc.integer({ min: 1, max: 3 }),
  requester: fc.constantFrom<RunSpec['requester']>('timer', 'timer', 'timer', 'timer-typo', 'http', 'http-keep'),
  keepFrom: fc.constantFrom<RunSpec['keepFrom']>('request', 'configuration'),
  filler: fc.constantFrom(0, 0, 0, 130),
  tagIndexLags: fc.boolean(),
  oneRegionEndpoint: oneIn(8),
  deleteMissing: fc.constantFrom<RunSpec['deleteMissing']>('not-found', 'ignore'),
  faultSeed: fc.integer(),
  faultProbability: fc.constantFrom(0, 0, 0.05, 0.2),
});

/** What the suite tried, printed and checked at its end: properties that never deleted would prove nothing. */
const tried = { runs: 0, faults: 0, deleted: 0, kept: 0, refused: 0, httpRuns: 0, notConfirmed: 0 };

/** A copy as seeded, with what ECS says of it (its disk and data time), for the checks after the run. */
interface Seeded {
  SnapshotId: string;
  spec: CopySpec;
  DiskId: string;
  /** ECS's data time: the source's CreationTime, or the copy's own when the source is released. */
  dataMs: number;
  creationMs: number;
  /** This function's copy by its tags, with ECS's SourceSnapshotId: ranked among the disk's copies. */
  ranked: boolean;
}

function seedFleet(harness: ReturnType<typeof startFakeHarness>, spec: RunSpec): Seeded[] {
  const { ecs, clock } = harness;
  const now = clock.now();
  // Today's snapshot of each disk: the selection always matches, and the run has something to copy.
  for (const DiskId of DISKS)
    ecs.addSnapshot({ RegionId: SOURCE_REGION, DiskId, SnapshotType: 'auto', CreationTime: iso(now - 3_600_000) });
  for (let index = 0; index < spec.filler; index++) {
    ecs.addSnapshot({ RegionId: DESTINATION_REGION, DiskId: `d-bp1filler${String(index).padStart(9, '0')}`, CreationTime: iso(now - DAY) });
  }
  const seen = new Set<string>();
  let released = 0;
  return spec.copies.flatMap((copy): Seeded[] => {
    const DiskId = DISKS[copy.disk] ?? OTHER_DISK;
    if (seen.has(`${DiskId}/${copy.daysAgo}`)) return [];
    seen.add(`${DiskId}/${copy.daysAgo}`);
    const sourceMs = now - copy.daysAgo * DAY;
    const SourceSnapshotId = copy.sourceReleased
      ? `s-bp1released${String(++released).padStart(8, '0')}`
      : ecs.addSnapshot({ RegionId: SOURCE_REGION, DiskId, SnapshotType: 'auto', CreationTime: iso(sourceMs) }).SnapshotId;
    const creationMs = sourceMs + 60_000 + copy.daysAgo * 1000;
    const seed: SeedSnapshot = {
      RegionId: DESTINATION_REGION,
      DiskId,
      SnapshotType: 'user',
      CreationTime: iso(creationMs),
      Status: copy.status,
      ...(copy.tags === 'no-ecs-source' ? {} : { SourceSnapshotId, SourceRegionId: SOURCE_REGION }),
      Tags: tagsOf(copy.tags, { SourceSnapshotId, DiskId, sourceMs }),
    };
    const { SnapshotId } = ecs.addSnapshot(seed);
    if (copy.diskFromIt) ecs.addDisk({ RegionId: DESTINATION_REGION, SourceSnapshotId: SnapshotId });
    const ours = !['none', 'region-other', 'no-ecs-source'].includes(copy.tags);
    return [{ SnapshotId, spec: copy, DiskId, dataMs: copy.sourceReleased ? creationMs : sourceMs, creationMs, ranked: ours }];
  });
}

function tagsOf(state: TagState, copy: { SourceSnapshotId: string; DiskId: string; sourceMs: number }) {
  if (state === 'none') return [];
  const tags = provenanceTags({
    SourceSnapshotId: copy.SourceSnapshotId,
    SourceRegionId: SOURCE_REGION,
    SourceDiskId: copy.DiskId,
    SourceCreationTime: copy.sourceMs,
  });
  const set = (Key: string, Value: string | undefined) => [
    ...tags.filter((tag) => tag.Key !== Key),
    ...(Value === undefined ? [] : [{ Key, Value }]),
  ];
  switch (state) {
    case 'time-missing':
      return set(PROVENANCE_KEYS.SourceCreationTime, undefined);
    case 'time-2099':
      return set(PROVENANCE_KEYS.SourceCreationTime, '2099-01-01T00:00:00.000Z');
    case 'time-garbage':
      return set(PROVENANCE_KEYS.SourceCreationTime, 'not a time');
    case 'disk-other':
      return set(PROVENANCE_KEYS.SourceDiskId, OTHER_DISK);
    case 'source-other':
      return set(PROVENANCE_KEYS.SourceSnapshotId, 's-bp1someothersource1');
    case 'region-other':
      return set(PROVENANCE_KEYS.SourceRegionId, 'cn-shanghai');
    default:
      return tags;
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The event of the run, and whether it may delete at all (the operator's, with every check passing). */
function eventOf(spec: RunSpec): { event: Buffer; mayDelete: boolean } {
  const KeepCopies = spec.keepFrom === 'request' ? { KeepCopies: spec.keep } : {};
  switch (spec.requester) {
    case 'timer':
      return { event: timerEvent({ DiskIds: DISKS, ...KeepCopies }), mayDelete: true };
    case 'timer-typo':
      return { event: timerEvent({ DiskIds: [...DISKS, 'd-bp1typo00000000001'], ...KeepCopies }), mayDelete: false };
    case 'http':
      return { event: httpEvent({ DiskIds: DISKS }), mayDelete: false };
    case 'http-keep':
      return { event: httpEvent({ DiskIds: DISKS, KeepCopies: spec.keep }), mayDelete: false };
  }
}

async function checkOneRun(spec: RunSpec): Promise<void> {
  const harness = startFakeHarness({
    env: {
      SOURCE_REGION_ID: SOURCE_REGION,
      CALLER_FIXED_FIELDS: 'RetentionDays',
      ...(spec.keepFrom === 'configuration' ? { KEEP_COPIES: String(spec.keep) } : {}),
    },
    ecs: {
      variants: {
        tagIndexDelayMs: spec.tagIndexLags ? 3_600_000 : 0,
        deleteMissingSnapshot: spec.deleteMissing,
        ...(spec.oneRegionEndpoint ? { servesOnlyRegion: SOURCE_REGION } : {}),
      },
      ...(spec.faultProbability > 0 ? { randomFaults: { seed: spec.faultSeed, probability: spec.faultProbability } } : {}),
    },
  });
  const seeded = seedFleet(harness, spec);
  const { event, mayDelete } = eventOf(spec);

  await harness.invoke(event);

  const after = new Set(harness.ecs.snapshots(DESTINATION_REGION).map((snapshot) => snapshot.SnapshotId));
  const deleted = seeded.filter((copy) => !after.has(copy.SnapshotId));
  const pruned = logsNamed(harness.logs, 'copy-pruned').map((line) => String(line.SnapshotId));
  tried.runs += 1;
  tried.faults += harness.ecs.injectedRandomFaults.length;
  tried.deleted += deleted.length;
  tried.kept += logsNamed(harness.logs, 'copy-prune-kept').length;
  tried.notConfirmed += logsNamed(harness.logs, 'copy-prune-failed').filter((line) => line.Code === 'DeletionNotConfirmed').length;
  if (spec.requester === 'timer-typo') tried.refused += 1;
  if (spec.requester.startsWith('http')) tried.httpRuns += 1;

  // Nothing for an HTTP caller, nothing after a refused check.
  if (!mayDelete) expect(deleted).toEqual([]);
  // Every copy-pruned line names a copy ECS no longer lists.
  expect(pruned.filter((SnapshotId) => after.has(SnapshotId))).toEqual([]);
  for (const copy of deleted) {
    // Only this function's accomplished copies, whose tags agree with ECS, with no disk made from them.
    expect({ SnapshotId: copy.SnapshotId, ranked: copy.ranked, status: copy.spec.status }).toEqual({
      SnapshotId: copy.SnapshotId,
      ranked: true,
      status: 'accomplished',
    });
    expect(CONTRADICTING.has(copy.spec.tags)).toBe(false);
    expect(copy.spec.diskFromIt).toBe(false);
    // Nothing of a disk while any copy of it (whoever made it, whatever its tags) was progressing in the destination.
    expect(seeded.filter((other) => other.DiskId === copy.DiskId && other.spec.status === 'progressing')).toEqual([]);
  }
  // The newest KeepCopies accomplished copies of each disk, by ECS's time, are all still there.
  for (const DiskId of DISKS) {
    const newest = seeded
      .filter((copy) => copy.DiskId === DiskId && copy.ranked && copy.spec.status === 'accomplished')
      .sort((a, b) => b.dataMs - a.dataMs || b.creationMs - a.creationMs)
      .slice(0, spec.keep);
    expect(newest.filter((copy) => !after.has(copy.SnapshotId))).toEqual([]);
  }
}

describe('KeepCopies over random fleets and faults', () => {
  itHoldsOverRandomRuns({
    promises:
      'never deletes the newest copies by ECS time, nor what is not ours, in use, contested, still being copied, or not asked for by the operator',
    arbitrary: runSpec,
    check: checkOneRun,
    numRuns: 300,
    timeoutMs: 120_000,
    triedEnough: 'tried enough runs, faults and deletions for the properties to mean something',
    report: () =>
      `KeepCopies properties: ${tried.runs} runs, ${tried.faults} random faults injected, ${tried.deleted} copies deleted, ` +
      `${tried.kept} kept by a rule, ${tried.notConfirmed} deletions not confirmed, ${tried.refused} refused checks, ${tried.httpRuns} HTTP runs`,
    tried: () => ({ ...tried, refusedOrHttp: tried.refused + tried.httpRuns }),
    atLeast: { runs: 300, faults: 101, deleted: 51, kept: 51, notConfirmed: 1, refusedOrHttp: 51 },
  });
});
