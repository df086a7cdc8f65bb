/**
 * Copies to seed a DR region with for the tests of restores (the fake ECS, or the HTTP endpoint): a source snapshot of
 * a disk and its copy as this function leaves it (provenance tags), with what the restore reads of the source disk
 * (its instance and category, as a copy records them: lib/restore/restore-tags.ts; its type, as ECS lists it).
 */
import type { SeedSnapshot, Snapshot } from '../../ecs-local/snapshot';
import { provenanceTags } from '../../lib/request/provenance';
import { SOURCE_FACT_KEYS } from '../../lib/restore/restore-tags';
import { DESTINATION_REGION, SOURCE_REGION } from './context';

interface SnapshotSeeder {
  addSnapshot(seed: SeedSnapshot): Snapshot;
}

export interface RestorableCopy {
  DiskId: string;
  /** When the source snapshot was taken: the copy's data time. */
  dataMs: number;
  InstanceId?: string;
  DiskType?: 'system' | 'data';
  DiskCategory?: string;
  SizeGiB?: number;
  Status?: 'progressing' | 'accomplished';
  /** Leave out the instance and category tags: a copy that does not record them. */
  unrecorded?: boolean;
  RegionId?: string;
}

/** A source snapshot in SOURCE_REGION and this function's copy of it in the DR region; the copy. */
export function addRestorableCopy(ecs: SnapshotSeeder, copy: RestorableCopy): Snapshot {
  const source = ecs.addSnapshot({
    RegionId: SOURCE_REGION,
    DiskId: copy.DiskId,
    ...(copy.InstanceId ? { InstanceId: copy.InstanceId } : {}),
    SnapshotType: 'auto',
    CreationTime: new Date(copy.dataMs).toISOString(),
    SourceDiskSize: copy.SizeGiB ?? 40,
    SourceDiskType: copy.DiskType ?? 'data',
  });
  const facts = copy.unrecorded
    ? []
    : [
        ...(copy.InstanceId ? [{ Key: SOURCE_FACT_KEYS.InstanceId, Value: copy.InstanceId }] : []),
        ...(copy.DiskCategory ? [{ Key: SOURCE_FACT_KEYS.DiskCategory, Value: copy.DiskCategory }] : []),
      ];
  return ecs.addSnapshot({
    RegionId: copy.RegionId ?? DESTINATION_REGION,
    DiskId: copy.DiskId,
    SnapshotType: 'user',
    CreationTime: new Date(copy.dataMs + 60_000).toISOString(),
    SourceDiskSize: copy.SizeGiB ?? 40,
    SourceDiskType: copy.DiskType ?? 'data',
    SourceSnapshotId: source.SnapshotId,
    SourceRegionId: SOURCE_REGION,
    Status: copy.Status ?? 'accomplished',
    Tags: [
      ...provenanceTags({
        SourceSnapshotId: source.SnapshotId,
        SourceRegionId: SOURCE_REGION,
        SourceDiskId: copy.DiskId,
        SourceCreationTime: copy.dataMs,
      }),
      ...facts,
    ],
  });
}

/** A direct invocation asking for a restore in the DR region. */
export function restoreEvent(request: Record<string, unknown>): Buffer {
  return Buffer.from(JSON.stringify({ Action: 'Restore', DestinationRegionId: DESTINATION_REGION, ...request }));
}
