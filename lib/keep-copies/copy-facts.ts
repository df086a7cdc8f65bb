import type { SnapshotInfo } from '../ecs/ecs';
import { PROVENANCE_KEYS } from '../request/provenance';

/** Where a copy's data time comes from: its source snapshot's CreationTime, or (source gone) its own, an upper bound. */
export type DataTimeFrom = 'SourceSnapshot.CreationTime' | 'Copy.CreationTime';

/** One of this function's copies as ECS describes it: what KeepCopies ranks and may delete. */
export interface CopyOnRecord {
  SnapshotId: string;
  Status: SnapshotInfo['Status'];
  /** The copy's own CreationTime (ms). */
  CreationTime: number;
  /** ECS's SourceSnapshotId. */
  SourceSnapshotId: string;
  /** The disk by ECS: the source snapshot's SourceDiskId, else the copy's own. */
  SourceDiskId: string;
  /** When its data was taken, by ECS (ms). */
  DataCreationTime: number;
  DataTimeFrom: DataTimeFrom;
}

/**
 * What a snapshot listed in a destination is to KeepCopies. Tags identify this function's copies; ECS's fields decide
 * everything else:
 * - `not-ours`: no provenance tags from this source region (another tool's copy, the source, anything): never touched;
 * - `not-a-copy`: our tags, but ECS lists no SourceSnapshotId: whatever it is, it is not a copy, and is never deleted;
 * - `contested`: our tags, but they contradict ECS (source snapshot, source region, source disk, source creation
 *   time), or ECS cannot say which disk it holds: never deleted, and reported;
 * - `copy`: our tags, agreeing with ECS.
 */
export type DestinationSnapshotFacts =
  | { kind: 'not-ours' }
  | { kind: 'not-a-copy'; snapshot: SnapshotInfo; TagSourceDiskId: string | undefined }
  | { kind: 'contested'; copy: CopyOnRecord | undefined; snapshot: SnapshotInfo; TagSourceDiskId: string | undefined; Reason: string }
  | { kind: 'copy'; copy: CopyOnRecord };

const tagValue = (snapshot: SnapshotInfo, key: string) => snapshot.Tags.find((tag) => tag.Key === key)?.Value;

/**
 * Reads one destination snapshot against ECS's own fields: its SourceSnapshotId, SourceRegionId and SourceDiskId,
 * and the source snapshot (`sources`, found by that SourceSnapshotId in the source region) with its SourceDiskId and
 * CreationTime. A tag left out says nothing; a tag present says something ECS must confirm.
 */
export function readCopyFacts(
  snapshot: SnapshotInfo,
  sourceRegionId: string,
  sources: ReadonlyMap<string, SnapshotInfo>,
): DestinationSnapshotFacts {
  const tagSource = tagValue(snapshot, PROVENANCE_KEYS.SourceSnapshotId);
  if (!tagSource || tagValue(snapshot, PROVENANCE_KEYS.SourceRegionId) !== sourceRegionId) return { kind: 'not-ours' };
  const tagDisk = tagValue(snapshot, PROVENANCE_KEYS.SourceDiskId) || undefined;
  const tagTime = tagValue(snapshot, PROVENANCE_KEYS.SourceCreationTime);
  const SourceSnapshotId = snapshot.SourceSnapshotId;
  if (SourceSnapshotId === undefined) return { kind: 'not-a-copy', snapshot, TagSourceDiskId: tagDisk };

  const source = sources.get(SourceSnapshotId);
  const SourceDiskId = source?.SourceDiskId || snapshot.SourceDiskId || undefined;
  const copy: CopyOnRecord | undefined =
    SourceDiskId === undefined
      ? undefined
      : {
          SnapshotId: snapshot.SnapshotId,
          Status: snapshot.Status,
          CreationTime: snapshot.CreationTime,
          SourceSnapshotId,
          SourceDiskId,
          DataCreationTime: source?.CreationTime ?? snapshot.CreationTime,
          DataTimeFrom: source ? 'SourceSnapshot.CreationTime' : 'Copy.CreationTime',
        };
  const contradictions = [
    ...(tagSource !== SourceSnapshotId
      ? [`its tag ${PROVENANCE_KEYS.SourceSnapshotId} names ${tagSource}, ECS's SourceSnapshotId ${SourceSnapshotId}`]
      : []),
    ...(snapshot.SourceRegionId !== undefined && snapshot.SourceRegionId !== sourceRegionId
      ? [`ECS's SourceRegionId is ${snapshot.SourceRegionId}, its tags say ${sourceRegionId}`]
      : []),
    ...(SourceDiskId === undefined ? ['ECS names no source disk for it (its source snapshot is gone and it lists no SourceDiskId)'] : []),
    ...(tagDisk !== undefined && SourceDiskId !== undefined && tagDisk !== SourceDiskId
      ? [`its tag ${PROVENANCE_KEYS.SourceDiskId} names ${tagDisk}, ECS's source disk is ${SourceDiskId}`]
      : []),
    ...timeContradiction(tagTime, source, snapshot),
  ];
  if (contradictions.length > 0 || copy === undefined) {
    return { kind: 'contested', copy, snapshot, TagSourceDiskId: tagDisk, Reason: contradictions.join('; ') };
  }
  return { kind: 'copy', copy };
}

/** ECS lists times to the second (`yyyy-MM-ddTHH:mm:ssZ`): a tag within the same second agrees. */
const SECOND = 1000;

/**
 * The source-creation-time tag against ECS: equal to the source snapshot's CreationTime when ECS still lists the source,
 * else no later than the copy's own CreationTime (a copy is made after its data was taken). Unreadable is a contradiction.
 */
function timeContradiction(tagTime: string | undefined, source: SnapshotInfo | undefined, snapshot: SnapshotInfo): string[] {
  if (tagTime === undefined) return [];
  const tagged = Date.parse(tagTime);
  const key = PROVENANCE_KEYS.SourceCreationTime;
  if (Number.isNaN(tagged)) return [`its tag ${key} (${tagTime.slice(0, 40)}) is not a time`];
  if (source !== undefined && Math.abs(tagged - source.CreationTime) >= SECOND) {
    return [
      `its tag ${key} says ${new Date(tagged).toISOString()}, ECS's source snapshot was created ${new Date(source.CreationTime).toISOString()}`,
    ];
  }
  if (source === undefined && tagged >= snapshot.CreationTime + SECOND) {
    return [`its tag ${key} says ${new Date(tagged).toISOString()}, after ECS's CreationTime of the copy itself`];
  }
  return [];
}
