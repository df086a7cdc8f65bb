import type { EcsCaller } from '../calls/ecs-caller';
import type { Ecs, SnapshotInfo } from '../ecs/ecs';
import type { ResolvedSelection } from '../request/copy-order';
import { listSnapshots } from './ecs-listings';
import { selectSources, sourceListings } from './source-snapshots';

/** The disks a selection protects in the source region, with the snapshots found of each. */
export interface ProtectedDisks {
  disks: string[];
  snapshotsByDisk: ReadonlyMap<string, SnapshotInfo[]>;
}

/**
 * Lists the source region the way a copy run does (source-snapshots.ts) and keeps every disk the selection matches,
 * and the disks of exact picks: the disks whose copies a drill restores and KeepCopies counts.
 */
export async function findProtectedDisks(
  RegionId: string,
  selection: ResolvedSelection,
  caller: EcsCaller,
  ecs: Pick<Ecs, 'describeSnapshots'>,
  nowMs: number,
): Promise<ProtectedDisks> {
  const found: { listing: ReturnType<typeof sourceListings>[number]; snapshots: SnapshotInfo[] }[] = [];
  for (const listing of sourceListings(selection)) {
    const snapshots = await listSnapshots(caller, ecs, {
      RegionId,
      ...(listing.kind === 'ids' ? { SnapshotIds: listing.SnapshotIds } : {}),
      ...(listing.kind === 'disk' ? { DiskId: listing.DiskId } : {}),
      ...(listing.kind === 'instance' ? { InstanceId: listing.InstanceId } : {}),
    });
    found.push({ listing, snapshots });
  }
  const sources = selectSources(found, { ...selection, SnapshotType: 'all', MaxAgeHours: undefined, Select: 'all' }, nowMs);
  const disks = new Set(sources.protectedDisks);
  for (const verdict of sources.verdicts) disks.add(verdict.snapshot.SourceDiskId);
  const snapshotsByDisk = new Map<string, SnapshotInfo[]>();
  for (const verdict of sources.verdicts) {
    const { snapshot } = verdict;
    snapshotsByDisk.set(snapshot.SourceDiskId, [...(snapshotsByDisk.get(snapshot.SourceDiskId) ?? []), snapshot]);
  }
  return { disks: [...disks].filter((disk) => disk !== '').sort(), snapshotsByDisk };
}
