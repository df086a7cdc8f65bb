import type { Failure } from '../failures/errors';
import type { DisbelievedCopy } from './drill-copies';
import type { DeletionEvidence, DrillDiskState } from './drill-disk';

/** Which disk a drill is of, and between which regions. */
export interface DrillSubject {
  RunId: string;
  SourceDiskId: string;
  RegionId: string;
  DestinationRegionId: string;
}

/** The copy restored and where: known once a zone and category were chosen for it. */
export interface DrillRestore {
  CopySnapshotId: string;
  /** When the data in that copy was taken, and its age at the drill: the recovery point a restore would give. */
  DataCreationTime: string;
  DataAgeHours: number;
  SizeGiB?: number;
  DiskCategory: string;
  ZoneId: string;
}

/** The drill disk, once CreateDisk answered with it. */
interface DrillDiskFacts {
  DrillDiskId: string;
  DrillDiskState: DrillDiskState;
  /** What made the drill disk deletable and what ECS listed after DeleteDisk (set once DeleteDisk was sent). */
  Evidence?: DeletionEvidence;
  /** The copy now carries when it was drilled, for the next run's rotation (only copies this function made). */
  DrillRecorded?: boolean;
}

interface DrillTiming {
  /** From the CreateDisk call to the first DescribeDisks that saw the disk Available: a time to restore. */
  RestoreSeconds?: number;
  /** Why it is not measured (a disk an earlier delivery of the run made), or why the drill was skipped. */
  Reason?: string;
}

/**
 * What became of one protected disk in one drill:
 * - `restored`: a disk made from its copy became Available, and was deleted;
 * - `planned`: a dry run's drill, with the zone and category it would use;
 * - `skipped`: no copy, a copy over MaxDrillDiskGiB, or already drilled by an earlier delivery of the run (`Reason`);
 * - `failed`: it did not restore, or its disk was not deleted, with the Failure; the invocation rejects. It carries
 *   what the drill reached before it failed.
 */
export type DrillResult =
  | (DrillSubject & DrillRestore & DrillDiskFacts & DrillTiming & { Outcome: 'restored' })
  | (DrillSubject & Omit<DrillRestore, 'DataAgeHours' | 'SizeGiB'> & { Outcome: 'planned'; SizeGiB: number })
  | (DrillSubject & Partial<DrillRestore & DrillDiskFacts> & { Outcome: 'skipped'; Reason: string })
  | (DrillSubject & Partial<DrillRestore & DrillDiskFacts> & DrillTiming & { Outcome: 'failed' } & Failure);

type DrillOutcome = DrillResult['Outcome'];

interface LeftoverDrillDiskBase {
  DiskId: string;
  DestinationRegionId: string;
  /** The run that made it and the disk it restored, from its tags. */
  DrillRunId: string | undefined;
  SourceDiskId: string | undefined;
  Status: string;
  /** ECS's CreationTime of the disk, when listed: what makes another run's disk old enough to delete. */
  CreationTime?: string;
  /** `planned` in a dry run: it would be deleted. */
  DrillDiskState: DrillDiskState | 'planned';
  /** Why a drill disk found is not deleted (attached, another run's recent disk, no readable CreationTime). */
  Reason?: string;
  /** What made it deletable and what ECS listed after DeleteDisk (set once DeleteDisk was sent). */
  Evidence?: DeletionEvidence;
}

/**
 * A drill disk found at the start of a run (left by a killed one) or at its end (an answer lost on the way), with the
 * Failure when its deletion failed or ECS did not confirm it (the disk is still billed).
 */
export type LeftoverDrillDisk = LeftoverDrillDiskBase | (LeftoverDrillDiskBase & Failure);

export interface DrillSummary {
  RunId: string;
  Restored: number;
  Failed: number;
  Skipped: number;
  Planned: number;
  /** The longest RestoreSeconds of the run: the time to restore its slowest disk. */
  MaxRestoreSeconds: number | null;
  LeftoversDeleted: number;
  /** Drill disks found attached, still being created, or not deletable now. */
  LeftoversNotDeleted: number;
  /** Other runs' drill disks too recent (by ECS's CreationTime) to be leftovers: left to the runs timing them. */
  OtherRunsDisks: number;
  /** Copies whose provenance tags ECS contradicts: never restored as the disk the tags name. */
  DisbelievedCopies: number;
  ApiCalls: number;
  DryRun: boolean;
}

export interface DrillReport {
  Summary: DrillSummary;
  Drills: DrillResult[];
  Leftovers: LeftoverDrillDisk[];
  DisbelievedCopies: DisbelievedCopy[];
}

export function summarizeDrills(
  RunId: string,
  drills: readonly DrillResult[],
  leftovers: readonly LeftoverDrillDisk[],
  disbelieved: readonly DisbelievedCopy[],
  ApiCalls: number,
  DryRun: boolean,
): DrillSummary {
  const count = (outcome: DrillOutcome) => drills.filter((drill) => drill.Outcome === outcome).length;
  const seconds = drills.flatMap((drill) =>
    'RestoreSeconds' in drill && drill.RestoreSeconds !== undefined ? [drill.RestoreSeconds] : [],
  );
  return {
    RunId,
    Restored: count('restored'),
    Failed: count('failed'),
    Skipped: count('skipped'),
    Planned: count('planned'),
    MaxRestoreSeconds: seconds.length > 0 ? Math.max(...seconds) : null,
    LeftoversDeleted: leftovers.filter((disk) => disk.DrillDiskState === 'gone' || disk.DrillDiskState === 'deleting').length,
    LeftoversNotDeleted: leftovers.filter((disk) => disk.DrillDiskState === 'in-use' || disk.DrillDiskState === 'left').length,
    OtherRunsDisks: leftovers.filter((disk) => disk.DrillDiskState === 'young').length,
    DisbelievedCopies: disbelieved.length,
    ApiCalls,
    DryRun,
  };
}
