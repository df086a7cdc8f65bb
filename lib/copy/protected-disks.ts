import type { EcsDiskSession } from '../calls/ecs-disk-session';
import type { SnapshotInfo } from '../ecs/ecs';
import type { ResolvedSelection } from './copy-order';
import { sourceListings } from './source-listings';
import { SourceSelector } from './source-selection';

/** The disks a selection protects in the source region, with the snapshots found of each. */
export interface ProtectedDisks {
  disks: string[];
  snapshotsByDisk: ReadonlyMap<string, SnapshotInfo[]>;
}

/**
 * Lists the source region the way a copy run does (source-listings.ts, source-selection.ts) and keeps every disk the selection matches,
 * and the disks of exact picks: the disks whose copies a drill restores and KeepCopies counts.
 */
export async function findProtectedDisks(
  RegionId: string,
  selection: ResolvedSelection,
  session: EcsDiskSession,
  nowMs: number,
): Promise<ProtectedDisks> {
  // Every snapshot of every matched disk: a drill restores and KeepCopies counts whatever the copy run's filters.
  const selector = new SourceSelector({ ...selection, SnapshotType: 'all', MaxAgeHours: undefined, Select: 'all' }, nowMs);
  const listings = sourceListings(selection);
  for (const [index, listing] of listings.entries()) {
    const { snapshots } = await session.listSnapshots({
      RegionId,
      ...(listing.kind === 'ids' ? { SnapshotIds: listing.SnapshotIds } : {}),
      ...(listing.kind === 'disk' ? { DiskId: listing.DiskId } : {}),
      ...(listing.kind === 'instance' ? { InstanceId: listing.InstanceId } : {}),
    });
    selector.add(index, listing, snapshots);
  }
  const sources = selector.result();
  const disks = new Set(sources.protectedDisks);
  for (const verdict of sources.verdicts) disks.add(verdict.snapshot.SourceDiskId);
  const snapshotsByDisk = new Map<string, SnapshotInfo[]>();
  for (const verdict of sources.verdicts) {
    const { snapshot } = verdict;
    snapshotsByDisk.set(snapshot.SourceDiskId, [...(snapshotsByDisk.get(snapshot.SourceDiskId) ?? []), snapshot]);
  }
  return { disks: [...disks].filter((disk) => disk !== '').sort(), snapshotsByDisk };
}
