import type { Failure } from '../failures/errors';
import type { DataTimeFrom } from './recovery-points';
import type { UnmatchedEntry } from './restore-selection';

/** Which source disk a result is of, and what restores it: a disk for a data disk, an image for a system disk. */
export interface RestoreTarget {
  RestoreId: string;
  DestinationRegionId: string;
  SourceDiskId: string;
  /** The instance the disk belonged to, when its copies record it (or the source region said). */
  InstanceId?: string;
  RestoredAs: 'disk' | 'image';
}

/** The copy a disk is restored from. */
export interface ChosenCopy {
  CopySnapshotId: string;
  /** When the data it holds was taken (ISO): the recovery point. */
  DataCreationTime: string;
  DataTimeFrom: DataTimeFrom;
  /** `another tool` for a copy without this function's provenance tags. */
  MadeBy?: string;
  /** GiB, when ECS says. */
  SizeGiB?: number;
  /** A newer copy of the disk still being copied, skipped for this one. */
  SkippedProgressing?: string;
  /** Minutes between the oldest and newest data of the instance's copies (an instance's disks only). */
  SpreadMinutes?: number;
}

/** Where and as what a data disk is made. */
export interface Placed {
  ZoneId?: string;
  DiskCategory?: string;
  /** GiB asked for. */
  Size?: number;
  /** Why the category is not the source disk's own (or why that is not known). */
  CategoryNote?: string;
}

/** What the restore made: the new disk or image. */
export interface Made {
  DiskId?: string;
  ImageId?: string;
}

/**
 * What became of one source disk:
 * - `restored`: its disk or image is Available, with the seconds from the call that made it (or why they are not
 *   measured: made by an earlier run of the same restore);
 * - `creating`: made, and not yet Available when the invocation had to end: the same restore run again waits for it;
 * - `planned`: a dry run's, with what it would cost per hour;
 * - `failed`: not restored, with the Failure, and what the restore reached before.
 */
export type RestoreResult =
  | (RestoreTarget & ChosenCopy & Placed & Made & { Outcome: 'restored'; RestoreSeconds?: number; Reason?: string })
  | (RestoreTarget & ChosenCopy & Placed & Made & { Outcome: 'creating'; Reason: string })
  | (RestoreTarget & ChosenCopy & Placed & { Outcome: 'planned'; EstimatedCostPerHour: number | null; PriceSource: string })
  | (RestoreTarget & Partial<ChosenCopy & Placed & Made> & { Outcome: 'failed' } & Failure);

/**
 * A server to bring back: the image of its system disk and the RunInstances parameters that run it in the zone of its
 * data disks, and the disks to attach to it afterwards (AttachDisk). The function runs and attaches nothing itself.
 */
export interface ServerToRun {
  RestoreId: string;
  /** The source instance, when its copies record it. */
  InstanceId?: string;
  SystemDiskId: string;
  /** Every disk and image of the server is Available: RunInstances can be called now. */
  Ready: boolean;
  RunInstances: {
    RegionId: string;
    ZoneId: string | null;
    /** null in a dry run, or until the image is made. */
    ImageId: string | null;
    'SystemDisk.Category': string;
    'SystemDisk.Size': number | null;
  };
  /** The restored data disks, by source disk: AttachDisk each to the new instance. */
  AttachDisks: { SourceDiskId: string; DiskId: string | null }[];
}

export interface RestoreSummary {
  RestoreId: string;
  DestinationRegionId: string;
  PointInTime: string | null;
  Disks: number;
  Images: number;
  Restored: number;
  Creating: number;
  Planned: number;
  Failed: number;
  Servers: number;
  MatchedNothing: number;
  /**
   * Seconds from the restore's start to its last disk or image Available: the fleet's time to restore, an RTO figure.
   * null when not everything was made and measured by this run (a dry run, a failure, a re-run, still creating).
   */
  FleetRestoreSeconds: number | null;
  /** The longest RestoreSeconds: the slowest disk or image. */
  MaxRestoreSeconds: number | null;
  /** A dry run's estimate of what it would make, per hour (PriceSource says whose prices). */
  EstimatedCostPerHour: number | null;
  ApiCalls: number;
  DryRun: boolean;
}

export interface RestoreReport {
  Summary: RestoreSummary;
  Restores: RestoreResult[];
  Servers: ServerToRun[];
  MatchedNothing: UnmatchedEntry[];
  /** What the operator should know: copies whose tags ECS contradicts, a source region that did not answer. */
  Notes: string[];
}

export function summarizeRestore(
  base: Pick<RestoreSummary, 'RestoreId' | 'DestinationRegionId' | 'PointInTime' | 'ApiCalls' | 'DryRun'>,
  report: Omit<RestoreReport, 'Summary'>,
  fleetSeconds: number | null,
): RestoreSummary {
  const count = (outcome: RestoreResult['Outcome']) => report.Restores.filter((result) => result.Outcome === outcome).length;
  const seconds = report.Restores.flatMap((result) =>
    result.Outcome === 'restored' && result.RestoreSeconds !== undefined ? [result.RestoreSeconds] : [],
  );
  const measuredAll =
    report.Restores.length > 0 && report.Restores.every((result) => result.Outcome === 'restored' && result.RestoreSeconds !== undefined);
  const costs = report.Restores.flatMap((result) =>
    result.Outcome === 'planned' && result.EstimatedCostPerHour !== null ? [result.EstimatedCostPerHour] : [],
  );
  return {
    ...base,
    Disks: report.Restores.filter((result) => result.RestoredAs === 'disk').length,
    Images: report.Restores.filter((result) => result.RestoredAs === 'image').length,
    Restored: count('restored'),
    Creating: count('creating'),
    Planned: count('planned'),
    Failed: count('failed'),
    Servers: report.Servers.length,
    MatchedNothing: report.MatchedNothing.length,
    FleetRestoreSeconds: measuredAll && report.MatchedNothing.length === 0 ? fleetSeconds : null,
    MaxRestoreSeconds: seconds.length > 0 ? Math.max(...seconds) : null,
    EstimatedCostPerHour: base.DryRun ? Math.round(costs.reduce((sum, cost) => sum + cost, 0) * 10_000) / 10_000 : null,
  };
}
