import { loadConfiguration } from '../../../lib/config/configuration';
import { type CopyOrder, resolveCopyOrder } from '../../../lib/copy/copy-order';
import type { SnapshotInfo } from '../../../lib/ecs/ecs';
import { CopyRequestSchema } from '../../../lib/request/copy-request';
import { provenanceTags } from '../../../lib/request/provenance';
import { type DrillOrder, drillRunId } from '../../../lib/restore-drill/drill-request';

export const SOURCE = 'cn-hangzhou';
export const DESTINATION = 'us-east-1';
export const HOUR = 3_600_000;
/** The tests' "now": 2026-11-27 19:00 UTC. */
export const NOW = Date.UTC(2026, 10, 27, 19, 0, 0);

/** A copy order as the function resolves it from a request, with the configuration's defaults. */
export function orderFor(request: Record<string, unknown>, env: Record<string, string> = {}): CopyOrder {
  const configuration = loadConfiguration({ SOURCE_REGION_ID: SOURCE, DESTINATION_REGION_ID: DESTINATION, ...env });
  return resolveCopyOrder(CopyRequestSchema.parse(request), configuration, { time: new Date(NOW), functionRegionId: SOURCE }, 'operator');
}

/** `s-<name>` and `d-<name>`, padded with z to the lengths real IDs have. */
export const snapshotId = (name: string) => `s-${name.padEnd(20, 'z')}`;
export const diskId = (name: string) => `d-${name.padEnd(20, 'z')}`;

/** A source snapshot as DescribeSnapshots lists it. */
export function snapshot(name: string, disk: string, overrides: Partial<SnapshotInfo> = {}): SnapshotInfo {
  return {
    SnapshotId: snapshotId(name),
    RegionId: SOURCE,
    SourceDiskId: diskId(disk),
    Status: 'accomplished',
    Progress: '100%',
    CreationTime: NOW - HOUR,
    SnapshotType: 'auto',
    Category: 'standard',
    Encrypted: false,
    Tags: [],
    ...overrides,
  };
}

/** A copy this function made earlier of `source`, as DescribeSnapshots lists it in the destination. */
export function copyOf(source: SnapshotInfo, name: string, overrides: Partial<SnapshotInfo> = {}): SnapshotInfo {
  return {
    ...snapshot(name, source.SourceDiskId.slice(2), {
      RegionId: DESTINATION,
      SnapshotType: 'user',
      CreationTime: source.CreationTime + HOUR / 2,
    }),
    SourceDiskId: source.SourceDiskId,
    Tags: provenanceTags({
      SourceSnapshotId: source.SnapshotId,
      SourceRegionId: SOURCE,
      SourceDiskId: source.SourceDiskId,
      SourceCreationTime: source.CreationTime,
    }),
    ...overrides,
  };
}

/**
 * A restore drill's order as resolveDrillOrder makes it: every disk with a snapshot in `sourceDisks` selected, one
 * disk a run, named by the clock's time.
 */
export function drillOrderFor(sourceDisks: readonly string[], nowMs: number, overrides: Partial<DrillOrder> = {}): DrillOrder {
  return {
    RegionId: SOURCE,
    DestinationRegionIds: [DESTINATION],
    selection: {
      SnapshotIds: [],
      DiskIds: [...new Set(sourceDisks)],
      InstanceIds: [],
      SourceTag: [],
      SnapshotType: 'all',
      MaxAgeHours: undefined,
      Select: 'all',
    },
    DrillDisks: 1,
    DrillDiskCategory: undefined,
    MaxDrillDiskGiB: 2048,
    ZoneId: undefined,
    DryRun: false,
    DrillTimeoutMinutes: 30,
    RunId: drillRunId(new Date(nowMs)),
    RunStartedAt: nowMs,
    ...overrides,
  };
}
