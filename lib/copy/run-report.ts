import type { CopyOrder } from './copy-order';
import type { CopyResult } from './copy-plan';
import type { DestinationCopies } from './destination-copies';
import type { DiskNoLongerSelected, NoLongerSelected } from './disks-no-longer-selected';
import type { LockResult, LocksStop } from './lock-result';
import { type RpoStatus, rpoStatus } from './rpo-report';
import type { SelectionEntry } from './source-selection';

export interface RunSummary {
  Copied: number;
  AlreadyPresent: number;
  Planned: number;
  NotReady: number;
  Left: number;
  Failed: number;
  FailedByClass: Record<string, number>;
  ProtectedDisks: number;
  WithinRpo: number;
  OutsideRpo: number;
  /** Selection entries that matched no snapshot (they fail the run unless AllowEmpty). */
  MatchedNothing: number;
  /** Disk and destination pairs with copies of ours the selection no longer matches; null when they could not be
   * listed. */
  NoLongerSelected: number | null;
  ApiCalls: number;
  DryRun: boolean;
}

export interface RunReport {
  Summary: RunSummary;
  Copies: CopyResult[];
  Rpo: RpoStatus[];
  /** The InstanceIds, DiskIds and SourceTag entries that matched no snapshot. */
  MatchedNothing: SelectionEntry[];
  /** Disks with copies of ours in a destination that the selection no longer matches: their RPO is not watched. */
  NoLongerSelected: DiskNoLongerSelected[];
  /** With a Lock: each copy's lock set, planned, skipped or failed in the run, and the destinations whose locks could
   * not be read (lib/copy-locks). */
  Locks?: LockResult[];
  LocksStopped?: LocksStop[];
}

interface RunFacts {
  order: CopyOrder;
  /** Every disk the selection matched. */
  protectedDisks: readonly string[];
  matchedNothing: SelectionEntry[];
  noLongerSelected: NoLongerSelected;
  destinations: ReadonlyMap<string, DestinationCopies>;
  copies: CopyResult[];
  apiCalls: number;
  rpoHours: number;
  nowMs: number;
}

/**
 * Step 5: the run's report: what became of every copy, and, per protected disk and destination, how old the newest
 * copied data is against the RPO (none for exact picks: they name snapshots, not disks to protect).
 */
export function reportRun(facts: RunFacts): RunReport {
  const { order, protectedDisks } = facts;
  const rpo = order.exactPicksOnly
    ? []
    : [...facts.destinations.values()].flatMap((destination) =>
        protectedDisks.map((disk) => rpoStatus(disk, destination, facts.rpoHours, facts.nowMs)),
      );
  const NoLongerSelected = facts.noLongerSelected.disks ?? [];
  return {
    Summary: {
      ...summarize(facts.copies, rpo, facts.apiCalls, order.DryRun, protectedDisks.length),
      MatchedNothing: facts.matchedNothing.length,
      NoLongerSelected: facts.noLongerSelected.disks === undefined ? null : NoLongerSelected.length,
    },
    Copies: facts.copies,
    Rpo: rpo,
    MatchedNothing: facts.matchedNothing,
    NoLongerSelected,
  };
}

function summarize(
  copies: readonly CopyResult[],
  rpo: readonly RpoStatus[],
  ApiCalls: number,
  DryRun: boolean,
  ProtectedDisks: number,
): Omit<RunSummary, 'MatchedNothing' | 'NoLongerSelected'> {
  const counts: Record<CopyResult['Outcome'], number> = { copied: 0, 'already-present': 0, planned: 0, 'not-ready': 0, left: 0, failed: 0 };
  const FailedByClass: Record<string, number> = {};
  for (const copy of copies) {
    counts[copy.Outcome]++;
    if (copy.Outcome === 'failed') FailedByClass[copy.Class] = (FailedByClass[copy.Class] ?? 0) + 1;
  }
  const withinRpo = rpo.filter((status) => status.WithinRpo).length;
  return {
    Copied: counts.copied,
    AlreadyPresent: counts['already-present'],
    Planned: counts.planned,
    NotReady: counts['not-ready'],
    Left: counts.left,
    Failed: counts.failed,
    FailedByClass,
    ProtectedDisks,
    WithinRpo: withinRpo,
    OutsideRpo: rpo.length - withinRpo,
    ApiCalls,
    DryRun,
  };
}
