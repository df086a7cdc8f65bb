import type { EcsRestoreSession } from '../calls/ecs-restore-session';
import { type MadeFor, madeFor, RESTORE_TAG_KEYS } from './restore-tags';

/** A disk or image an earlier run of the same restore made (a re-delivery, a re-run after a timeout). */
export interface MadeEarlier {
  RestoredAs: 'disk' | 'image';
  Id: string;
  made: MadeFor;
}

/**
 * What this restore made before, by source disk: its disks and images in the DR region, found by the restore's tag.
 * A re-run answers them instead of making them again, and keeps the copies they were made from.
 */
export async function findMadeEarlier(session: EcsRestoreSession, RegionId: string, RestoreId: string): Promise<Map<string, MadeEarlier>> {
  const Tag = [{ Key: RESTORE_TAG_KEYS.RestoreId, Value: RestoreId }];
  const [disks, images] = await Promise.all([session.listDisks({ RegionId, Tag }), session.listImages({ RegionId, Tag })]);
  const found = new Map<string, MadeEarlier>();
  for (const disk of disks) {
    const made = madeFor(disk.Tags);
    if (made?.RestoreId === RestoreId) found.set(made.SourceDiskId, { RestoredAs: 'disk', Id: disk.DiskId, made });
  }
  for (const image of images) {
    const made = madeFor(image.Tags);
    if (made?.RestoreId === RestoreId) found.set(made.SourceDiskId, { RestoredAs: 'image', Id: image.ImageId, made });
  }
  return found;
}
