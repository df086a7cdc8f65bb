import type { RecoveryPoint } from './recovery-points';
import type { RestoreUnit } from './restore-selection';

/** What a unit's disks are restored from. */
export interface UnitChoice {
  /** The copy of each disk that has one. */
  copies: ReadonlyMap<string, RecoveryPoint>;
  /** Disks without an accomplished copy (at or before PointInTime): why, and whether one is still being made. */
  missing: { SourceDiskId: string; Reason: string; progressing: boolean }[];
  /** A newer copy of a disk still being copied, skipped for the one chosen. */
  skippedProgressing: ReadonlyMap<string, RecoveryPoint>;
  /** Minutes between the oldest and the newest data of the copies chosen. */
  SpreadMinutes: number;
  /** No point within RESTORE_SKEW_MINUTES exists: the newest copies, taken anyway because AllowSkew says so, or not. */
  skew: { allowed: boolean; newest: { SourceDiskId: string; DataCreationTime: number }[] } | undefined;
}

export interface PointInTimeRule {
  PointInTime: number | undefined;
  SkewMinutes: number;
  AllowSkew: boolean;
}

const minutes = (ms: number) => Math.round(ms / 60_000);

/**
 * The copies a unit is restored from. One disk: its newest accomplished copy (taken at or before PointInTime, when
 * given). An instance: the newest point at which every disk with a copy has one taken within RESTORE_SKEW_MINUTES of
 * the others (the window whose oldest copy is newest), each disk its newest copy in that window; when there is none,
 * the unit is not restored unless AllowSkew, which takes each disk's newest copy. A copy still progressing is skipped.
 * `pinned` names the copy a disk was already restored from by an earlier run of the same restore: it is kept, so that
 * a re-run does not mix points.
 */
export function chooseCopies(unit: RestoreUnit, rule: PointInTimeRule, pinned: ReadonlyMap<string, string>): UnitChoice {
  const inTime = (point: RecoveryPoint) => rule.PointInTime === undefined || point.DataCreationTime <= rule.PointInTime;
  const candidates = new Map<string, RecoveryPoint[]>();
  const missing: UnitChoice['missing'] = [];
  for (const disk of unit.disks) {
    const pin = pinned.get(disk.SourceDiskId);
    const pinnedPoint = pin === undefined ? undefined : disk.points.find((point) => point.SnapshotId === pin);
    const usable = pinnedPoint ? [pinnedPoint] : disk.points.filter((point) => point.Status === 'accomplished' && inTime(point));
    if (usable.length > 0) {
      candidates.set(disk.SourceDiskId, usable);
      continue;
    }
    const progressing = disk.points.some((point) => point.Status === 'progressing' && inTime(point));
    const when = rule.PointInTime === undefined ? '' : ` taken at or before ${new Date(rule.PointInTime).toISOString()}`;
    missing.push({
      SourceDiskId: disk.SourceDiskId,
      progressing,
      Reason: progressing
        ? `its only copies${when} are still being copied: a later run restores it`
        : `no accomplished copy of ${disk.SourceDiskId}${when} is in the DR region`,
    });
  }

  const skew = rule.SkewMinutes * 60_000;
  let copies: Map<string, RecoveryPoint> | undefined;
  const starts = [...new Set([...candidates.values()].flat().map((point) => point.DataCreationTime))].sort((a, b) => b - a);
  for (const start of starts) {
    const window = new Map<string, RecoveryPoint>();
    for (const [DiskId, usable] of candidates) {
      const inWindow = usable.find((point) => point.DataCreationTime >= start && point.DataCreationTime <= start + skew);
      if (inWindow) window.set(DiskId, inWindow);
    }
    if (window.size === candidates.size) {
      copies = window;
      break;
    }
  }
  const newest = new Map([...candidates].map(([DiskId, usable]) => [DiskId, usable[0] as RecoveryPoint]));
  const skewed = copies === undefined && candidates.size > 0;
  const chosen = copies ?? (rule.AllowSkew ? newest : new Map<string, RecoveryPoint>());
  const times = [...(skewed ? newest : chosen).values()].map((point) => point.DataCreationTime);

  const skippedProgressing = new Map<string, RecoveryPoint>();
  for (const disk of unit.disks) {
    const copy = chosen.get(disk.SourceDiskId);
    const newer = disk.points.find(
      (point) => point.Status === 'progressing' && inTime(point) && point.DataCreationTime > (copy?.DataCreationTime ?? 0),
    );
    if (copy && newer) skippedProgressing.set(disk.SourceDiskId, newer);
  }
  return {
    copies: chosen,
    missing,
    skippedProgressing,
    SpreadMinutes: times.length > 0 ? minutes(Math.max(...times) - Math.min(...times)) : 0,
    skew: skewed
      ? {
          allowed: rule.AllowSkew,
          newest: [...newest].map(([SourceDiskId, point]) => ({ SourceDiskId, DataCreationTime: point.DataCreationTime })),
        }
      : undefined,
  };
}
