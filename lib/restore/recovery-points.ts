import { ANOTHER_TOOL } from '../copy/destination-copies';
import type { Tag } from '../ecs/copy-snapshot-parameters';
import type { SnapshotWithDiskType } from '../ecs/ecs-disks';
import { DiskIdSchema } from '../ecs/identifiers';
import { readProvenance } from '../request/provenance';
import { sourceFactsOf } from './restore-tags';

/** Where a copy's data time comes from: the source snapshot's CreationTime, or the copy's own (a later bound). */
export type DataTimeFrom = 'source-snapshot' | 'copy-creation-time';

/** One copy in the DR region, read as a recovery point of its source disk. */
export interface RecoveryPoint {
  SnapshotId: string;
  SourceDiskId: string;
  Status: SnapshotWithDiskType['Status'];
  /** When the data it holds was taken (ms). */
  DataCreationTime: number;
  DataTimeFrom: DataTimeFrom;
  /** GiB: the least a disk made from it may have. */
  SizeGiB: number | undefined;
  /** ECS's SourceDiskType: a system disk is restored as an image. */
  DiskType: 'system' | 'data' | undefined;
  /** The instance and category the copy records of its source disk (restore-tags.ts), if it does. */
  InstanceId: string | undefined;
  DiskCategory: string | undefined;
  Tags: Tag[];
  /** ANOTHER_TOOL for a copy without this function's provenance tags. */
  MadeBy?: string;
}

/** The DR region's copies, by source disk, newest data first; and the copies whose tags ECS contradicts. */
export interface RecoveryPoints {
  byDisk: ReadonlyMap<string, readonly RecoveryPoint[]>;
  disbelieved: string[];
}

/**
 * Reads the DR region's snapshots as recovery points, without the source region (it may be gone): a copy this function
 * made counts by its provenance tags, unless ECS's SourceSnapshotId names another source; a copy another tool made
 * (the console, an automatic snapshot policy) counts by its SourceSnapshotId: as the disk and data time of this
 * function's copy of the same source when there is one, else by ECS's SourceDiskId, with the copy's own CreationTime
 * as its data time (later than the data's: UNVERIFIED that ECS lists a copy's SourceDiskId as its source's disk).
 * Snapshots that are not copies are not recovery points.
 */
export function readRecoveryPoints(snapshots: readonly SnapshotWithDiskType[]): RecoveryPoints {
  const byDisk = new Map<string, RecoveryPoint[]>();
  const disbelieved: string[] = [];
  const ours = new Map<string, { SourceDiskId: string; DataCreationTime: number }>();
  const add = (point: RecoveryPoint) => byDisk.set(point.SourceDiskId, [...(byDisk.get(point.SourceDiskId) ?? []), point]);
  const base = (snapshot: SnapshotWithDiskType) => ({
    SnapshotId: snapshot.SnapshotId,
    Status: snapshot.Status,
    SizeGiB: snapshot.SourceDiskSize,
    DiskType: snapshot.SourceDiskType,
    ...sourceFactsOf(snapshot.Tags),
    Tags: snapshot.Tags,
  });

  const others: SnapshotWithDiskType[] = [];
  for (const snapshot of snapshots) {
    const provenance = readProvenance(snapshot.Tags);
    if (provenance === undefined) {
      if (snapshot.SourceSnapshotId !== undefined) others.push(snapshot);
      continue;
    }
    // A disk ID the tags name goes into the new disk's name and tags: one that is not a disk ID is not believed.
    const contradicted = (snapshot.SourceSnapshotId ?? provenance.SourceSnapshotId) !== provenance.SourceSnapshotId;
    if (contradicted || !DiskIdSchema.safeParse(provenance.SourceDiskId).success) {
      disbelieved.push(snapshot.SnapshotId);
      continue;
    }
    const DataCreationTime = provenance.SourceCreationTime || snapshot.CreationTime;
    ours.set(provenance.SourceSnapshotId, { SourceDiskId: provenance.SourceDiskId, DataCreationTime });
    add({
      ...base(snapshot),
      SourceDiskId: provenance.SourceDiskId,
      DataCreationTime,
      DataTimeFrom: provenance.SourceCreationTime ? 'source-snapshot' : 'copy-creation-time',
    });
  }
  for (const snapshot of others) {
    const same = ours.get(snapshot.SourceSnapshotId ?? '');
    const SourceDiskId = same?.SourceDiskId ?? snapshot.SourceDiskId;
    if (!DiskIdSchema.safeParse(SourceDiskId).success) continue;
    add({
      ...base(snapshot),
      SourceDiskId,
      DataCreationTime: same?.DataCreationTime ?? snapshot.CreationTime,
      DataTimeFrom: same ? 'source-snapshot' : 'copy-creation-time',
      MadeBy: ANOTHER_TOOL,
    });
  }
  for (const points of byDisk.values()) points.sort((a, b) => b.DataCreationTime - a.DataCreationTime);
  return { byDisk, disbelieved };
}

/** What a disk's copies record of it, the newest copy that records a fact first. */
export function diskFacts(points: readonly RecoveryPoint[]): {
  InstanceId: string | undefined;
  DiskCategory: string | undefined;
  DiskType: 'system' | 'data' | undefined;
} {
  return {
    InstanceId: points.find((point) => point.InstanceId !== undefined)?.InstanceId,
    DiskCategory: points.find((point) => point.DiskCategory !== undefined)?.DiskCategory,
    DiskType: points.find((point) => point.DiskType !== undefined)?.DiskType,
  };
}
