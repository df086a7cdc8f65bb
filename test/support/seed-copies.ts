/**
 * Snapshots and copies to seed the local cloud with (the fake ECS, or the HTTP endpoint) for the tests of KeepCopies
 * and restore drills: a source
 * snapshot of a disk, and a copy of it in a destination as this function leaves it (its provenance tags) or as
 * another tool does (a SourceSnapshotId, no tags).
 */
import type { SeedSnapshot, Snapshot } from '../../ecs-local/snapshot';
import { provenanceTags } from '../../lib/request/provenance';

/** Either transport over the local cloud: both seed snapshots the same way (ecs-local/cloud-controls.ts). */
interface SnapshotSeeder {
  addSnapshot(seed: SeedSnapshot): Snapshot;
}

export function addSource(
  ecs: SnapshotSeeder,
  seed: { RegionId: string; DiskId: string; createdMs: number; SourceDiskSize?: number },
): Snapshot {
  return ecs.addSnapshot({
    RegionId: seed.RegionId,
    DiskId: seed.DiskId,
    SnapshotType: 'auto',
    CreationTime: new Date(seed.createdMs).toISOString(),
    SourceDiskSize: seed.SourceDiskSize ?? 40,
  });
}

/** The copy a run of this function made of `source`, accomplished a minute after it, unless `overrides` say else. */
export function addOurCopy(
  ecs: SnapshotSeeder,
  source: Snapshot,
  DestinationRegionId: string,
  overrides: Partial<SeedSnapshot> = {},
): Snapshot {
  return ecs.addSnapshot({
    ...copyOf(source, DestinationRegionId),
    Tags: provenanceTags({
      SourceSnapshotId: source.SnapshotId,
      SourceRegionId: source.RegionId,
      SourceDiskId: source.SourceDiskId,
      SourceCreationTime: Date.parse(source.CreationTime),
    }),
    ...overrides,
  });
}

/** A copy of `source` another tool made (the console, an automatic snapshot policy): no provenance tags. */
export function addForeignCopy(ecs: SnapshotSeeder, source: Snapshot, DestinationRegionId: string): Snapshot {
  return ecs.addSnapshot(copyOf(source, DestinationRegionId));
}

function copyOf(source: Snapshot, DestinationRegionId: string): SeedSnapshot {
  return {
    RegionId: DestinationRegionId,
    DiskId: source.SourceDiskId,
    SnapshotType: 'user',
    CreationTime: new Date(Date.parse(source.CreationTime) + 60_000).toISOString(),
    SourceDiskSize: Number(source.SourceDiskSize),
    SourceSnapshotId: source.SnapshotId,
    SourceRegionId: source.RegionId,
  };
}
