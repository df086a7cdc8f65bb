import type { Tag } from '../ecs/copy-snapshot-parameters';
import { diskFacts, type RecoveryPoint } from './recovery-points';
import type { RestoreSelection } from './restore-request';

/** One source disk to restore, with what is known of it. */
export interface DiskToRestore {
  SourceDiskId: string;
  /** A system disk is restored as an image; a data disk (or one of unknown type) as a disk. */
  DiskType: 'system' | 'data' | undefined;
  /** The source disk's category, when a copy records it or the source region said; undefined: unknown. */
  DiskCategory: string | undefined;
  /** Its copies in the DR region, newest data first. */
  points: readonly RecoveryPoint[];
}

/** What is restored together: an instance's disks (from one point in time), or one disk of no known instance. */
export interface RestoreUnit {
  InstanceId: string | undefined;
  disks: DiskToRestore[];
}

/** An entry of the selection that matched no disk with a copy in the DR region. */
export interface UnmatchedEntry {
  Field: 'InstanceIds' | 'DiskIds' | 'SourceTag';
  /** The instance or disk ID; for SourceTag, `Key=Value` pairs joined by commas. */
  Entry: string;
}

/** What the source region said of the source disks, when the order names it and it answered. */
export interface SourceFacts {
  /** The disks of each instance asked for, with their type. */
  instanceDisks: ReadonlyMap<string, readonly { DiskId: string; DiskType: 'system' | 'data' | undefined }[]>;
  /** Each disk's category, as DescribeDisks lists it. */
  categories: ReadonlyMap<string, string>;
}

export const NO_SOURCE_FACTS: SourceFacts = { instanceDisks: new Map(), categories: new Map() };

const hasTags = (points: readonly RecoveryPoint[], tags: readonly Tag[]) =>
  tags.length === 0 ||
  points.some((point) => tags.every((wanted) => point.Tags.some((tag) => tag.Key === wanted.Key && tag.Value === wanted.Value)));

/**
 * The units a selection restores. DiskIds and InstanceIds add up and SourceTag narrows them, or selects on its own
 * (the copies' tags: the tags SNAPSHOT_TAGS or the copy request's Tag put on them); an instance's disks are those its
 * copies record as its (restore-tags.ts) and, when the order names the source region and it answered, those it
 * lists. The disks of one instance are one unit, however they were selected; a disk of no known instance is its own.
 */
export function resolveUnits(
  selection: RestoreSelection,
  byDisk: ReadonlyMap<string, readonly RecoveryPoint[]>,
  source: SourceFacts,
): { units: RestoreUnit[]; unmatched: UnmatchedEntry[] } {
  const unmatched: UnmatchedEntry[] = [];
  const instanceOf = new Map<string, string>();
  const typeFromSource = new Map<string, 'system' | 'data' | undefined>();
  for (const [InstanceId, disks] of source.instanceDisks) {
    for (const disk of disks) {
      instanceOf.set(disk.DiskId, InstanceId);
      typeFromSource.set(disk.DiskId, disk.DiskType);
    }
  }
  for (const [DiskId, points] of byDisk) {
    const recorded = diskFacts(points).InstanceId;
    if (recorded !== undefined) instanceOf.set(DiskId, recorded);
  }
  const selected = new Set<string>();
  const take = (DiskId: string) => {
    const points = byDisk.get(DiskId);
    if (points === undefined || !hasTags(points, selection.SourceTag)) return false;
    selected.add(DiskId);
    return true;
  };
  for (const InstanceId of selection.InstanceIds) {
    const disks = [...instanceOf].filter(([, instance]) => instance === InstanceId).map(([DiskId]) => DiskId);
    if (disks.filter(take).length === 0) unmatched.push({ Field: 'InstanceIds', Entry: InstanceId });
  }
  for (const DiskId of selection.DiskIds) if (!take(DiskId)) unmatched.push({ Field: 'DiskIds', Entry: DiskId });
  if (selection.DiskIds.length === 0 && selection.InstanceIds.length === 0) {
    const before = selected.size;
    for (const DiskId of byDisk.keys()) take(DiskId);
    if (selected.size === before) {
      unmatched.push({ Field: 'SourceTag', Entry: selection.SourceTag.map((tag) => `${tag.Key}=${tag.Value}`).join(',') });
    }
  }

  const units = new Map<string, RestoreUnit>();
  for (const DiskId of [...selected].sort()) {
    const points = byDisk.get(DiskId) ?? [];
    const facts = diskFacts(points);
    const InstanceId = instanceOf.get(DiskId);
    const key = InstanceId ?? `disk:${DiskId}`;
    const unit = units.get(key) ?? { InstanceId, disks: [] };
    unit.disks.push({
      SourceDiskId: DiskId,
      DiskType: facts.DiskType ?? typeFromSource.get(DiskId),
      DiskCategory: facts.DiskCategory ?? source.categories.get(DiskId),
      points,
    });
    units.set(key, unit);
  }
  return { units: [...units.values()], unmatched };
}
