import type { Tag } from '../../ecs/copy-snapshot-parameters';
import { listDisks } from '../ecs-listings';
import { type DrillContext, disposeDrillDisk } from './drill-disk';
import type { LeftoverDrillDisk } from './drill-report';
import { DRILL_MARKER, DRILL_TAG_KEYS, drillRunOf, drillSourceDiskOf, isDrillDisk } from './drill-tags';

/**
 * Finds the drill disks in a region by their marker tag and deletes them: at the start of a run, those of other runs
 * (a run killed mid-drill leaves its disk; the current run's own are left to CreateDisk's ClientToken, which gives
 * them back); at its end, those of the run itself (a CreateDisk answer lost on the way). A disk the listing returns
 * without the marker is not touched; an attached one is reported, never deleted.
 */
export async function cleanUpDrillDisks(
  context: DrillContext,
  DestinationRegionId: string,
  which: { RunId: string; own: boolean },
  untilMs: () => number,
  DryRun: boolean,
): Promise<LeftoverDrillDisk[]> {
  const Tag: Tag[] = which.own ? [DRILL_MARKER, { Key: DRILL_TAG_KEYS.RunId, Value: which.RunId }] : [DRILL_MARKER];
  const found = await listDisks(context.caller, context.disks, { RegionId: DestinationRegionId, Tag });
  const leftovers: LeftoverDrillDisk[] = [];
  for (const disk of found) {
    const DrillRunId = drillRunOf(disk.Tags);
    if (!isDrillDisk(disk.Tags) || (DrillRunId === which.RunId) !== which.own) continue;
    const base = { DiskId: disk.DiskId, DestinationRegionId, DrillRunId, SourceDiskId: drillSourceDiskOf(disk.Tags), Status: disk.Status };
    if (DryRun) {
      leftovers.push({ ...base, DrillDiskState: disk.Status === 'In_use' ? 'in-use' : 'planned' });
      continue;
    }
    const disposed = await disposeDrillDisk(context, DestinationRegionId, disk.DiskId, untilMs());
    leftovers.push({
      ...base,
      DrillDiskState: disposed.State,
      ...(disposed.failure ? { Code: disposed.failure.Code, Class: disposed.failure.errorClass, Message: disposed.failure.Message } : {}),
    });
  }
  return leftovers;
}
