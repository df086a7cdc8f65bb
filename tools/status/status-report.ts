// The DR status: what a dry run of the function logged, gathered into disks by destinations, copies running, copies
// failed and disks no longer selected. Built from the log lines (log-lines.ts) and nothing else, so that the status
// shows what the function itself would report; the progress of running copies is added afterwards (copy-lookup.ts).
import type { SnapshotInfo } from '../../lib/ecs/ecs';
import { readProvenance } from '../../lib/request/provenance';
import {
  type CopyResultLine,
  type LockLine,
  type NoLongerSelectedLine,
  type ParsedLine,
  parseLogLine,
  type RpoStatusLine,
  RunAnswerSchema,
  type RunFailureLine,
} from './log-lines';

/** A disk's state in one destination: data within RPO, older than RPO, or no finished copy there at all. */
export type RpoState = 'within' | 'outside' | 'no-copy';

export interface RpoCell {
  DiskId: string;
  DestinationRegionId: string;
  State: RpoState;
  DataAgeHours: number | null;
  DataCreationTime: string | null;
  NewestCopySnapshotId: string | null;
  Progressing: string[];
  Failed: string[];
  /**
   * With LOCK_DAYS: the newest copy that is accomplished and locked, and how old its data is (null: none), which
   * must be within RPO too (docs/locks.md). Absent when the function reports no locks.
   */
  Protected?: { CopySnapshotId: string | null; DataAgeHours: number | null; DataCreationTime: string | null };
}

export interface RunningCopy {
  DiskId: string;
  DestinationRegionId: string;
  SnapshotId: string;
  /** ECS's text, such as "37%"; null when it could not be read. */
  Progress: string | null;
  /** 0 to 100, when Progress reads as a number. */
  Percent: number | null;
  SourceSnapshotId: string | null;
}

export interface FailedCopy {
  DiskId: string | null;
  DestinationRegionId: string | null;
  SourceSnapshotId: string | null;
  /** The failed copy in the destination, when there is one. */
  SnapshotId: string | null;
  /** The ECS or function error code; null for a copy ECS lists as failed, for which ECS gives no code. */
  Code: string | null;
  Class: string | null;
  Message: string;
  Advice: string;
}

export interface NoLongerSelectedDisk {
  DiskId: string;
  DestinationRegionId: string | null;
  NewestCopySnapshotId: string | null;
  DataAgeHours: number | null;
}

export interface StatusReport {
  /** When the status was computed (ISO 8601, UTC). */
  GeneratedAt: string;
  RpoHours: number;
  SourceRegionId: string | null;
  DestinationRegionIds: string[];
  /** What was asked, and where the request came from. */
  Request: { Source: string; Body: Record<string, unknown> };
  Disks: string[];
  Cells: RpoCell[];
  Running: RunningCopy[];
  Failures: FailedCopy[];
  /** The dry run itself failed: nothing below it can be trusted. */
  RunFailure: FailedCopy | null;
  /** Null when this version of the function does not report disks that left the selection (issue 9). */
  NoLongerSelected: NoLongerSelectedDisk[] | null;
  /** What a run now would do; `LockPlanned`: the locks it would set, with LOCK_DAYS. */
  NextRun: { Planned: number; NotReady: number; Left: number; LockPlanned?: number } | null;
  /** Things the status could not find out, said plainly. */
  Notes: string[];
}

/** ECS lists a copy that failed after it started with Status `failed` and no error code
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describesnapshots). */
export const FAILED_COPY_MESSAGE =
  'ECS lists this copy with Status failed; ECS gives no error code for a copy that fails after it started.';
export const FAILED_COPY_ADVICE =
  'Nothing to do for one failure: the next run makes the copy again under a new ClientToken (this dry run plans it). ' +
  "If copies of this disk keep failing, check the destination region's snapshot quota and, for encrypted copies, the KMS key there, then open a ticket with the SnapshotId.";

export interface StatusInput {
  lines: readonly string[];
  answer: unknown;
  /** The invocation's rejection message, when it rejected. */
  rejection: string | undefined;
  RpoHours: number;
  SourceRegionId: string | undefined;
  DestinationRegionIds: readonly string[];
  request: StatusReport['Request'];
  now: number;
}

const stateOf = (line: RpoStatusLine): RpoState => (line.WithinRpo ? 'within' : line.DataAgeHours === null ? 'no-copy' : 'outside');

const unique = (values: readonly string[]) => [...new Set(values)];

function cellOf(line: RpoStatusLine): RpoCell {
  const locked =
    line.ProtectedDataAgeHours === undefined
      ? {}
      : {
          Protected: {
            CopySnapshotId: line.ProtectedCopySnapshotId ?? null,
            DataAgeHours: line.ProtectedDataAgeHours,
            DataCreationTime: line.ProtectedDataCreationTime ?? null,
          },
        };
  return {
    ...locked,
    DiskId: line.DiskId,
    DestinationRegionId: line.DestinationRegionId,
    State: stateOf(line),
    DataAgeHours: line.DataAgeHours,
    DataCreationTime: line.DataCreationTime ?? null,
    NewestCopySnapshotId: line.NewestCopySnapshotId,
    Progressing: line.Progressing,
    Failed: line.Failed,
  };
}

/**
 * A copy that failed, or a lock that failed (or a destination whose locks could not be read): the lock failures are
 * shown with the copies that failed.
 */
function lineFailure(line: CopyResultLine | LockLine): FailedCopy {
  return {
    DiskId: line.SourceDiskId ?? null,
    DestinationRegionId: line.DestinationRegionId,
    SourceSnapshotId: line.SourceSnapshotId ?? null,
    SnapshotId: line.SnapshotId ?? null,
    Code: line.Code ?? null,
    Class: line.Class ?? null,
    Message: line.Message ?? '',
    Advice: line.Advice ?? '',
  };
}

function runFailure(line: RunFailureLine): FailedCopy {
  return {
    DiskId: null,
    DestinationRegionId: null,
    SourceSnapshotId: null,
    SnapshotId: null,
    Code: line.Code,
    Class: line.Class ?? null,
    Message: line.Message,
    Advice: line.Advice ?? '',
  };
}

function noLongerSelected(line: NoLongerSelectedLine): NoLongerSelectedDisk {
  return {
    DiskId: line.DiskId,
    DestinationRegionId: line.DestinationRegionId ?? null,
    NewestCopySnapshotId: line.NewestCopySnapshotId ?? null,
    DataAgeHours: line.DataAgeHours ?? null,
  };
}

/** Throws a LogLineError when a line the status needs cannot be read (the function and the tool disagree). */
export function buildStatusReport(input: StatusInput): StatusReport {
  const parsed: ParsedLine[] = input.lines.map(parseLogLine);
  const rpo: RpoStatusLine[] = [];
  const results: CopyResultLine[] = [];
  const runFailures: RunFailureLine[] = [];
  const lockFailures: FailedCopy[] = [];
  const gone: NoLongerSelectedDisk[] = [];
  let reportsGone = false;
  let summary: StatusReport['NextRun'] = null;
  for (const entry of parsed) {
    if (entry.kind === 'rpo-status') {
      const flagged = entry.line.NoLongerSelected === true || entry.line.Selected === false;
      if (entry.line.NoLongerSelected !== undefined || entry.line.Selected !== undefined) reportsGone = true;
      if (flagged) gone.push(noLongerSelected(entry.line));
      else rpo.push(entry.line);
    } else if (entry.kind === 'copy-result') results.push(entry.line);
    else if (entry.kind === 'run-failure') runFailures.push(entry.line);
    else if (entry.kind === 'no-longer-selected') {
      reportsGone = true;
      gone.push(noLongerSelected(entry.line));
    } else if (entry.kind === 'lock') {
      if (entry.line.Code !== undefined) lockFailures.push(lineFailure(entry.line));
    } else if (entry.kind === 'run-summary') {
      const { Planned, NotReady, Left, LockPlanned } = entry.line;
      summary = { Planned, NotReady, Left, ...(LockPlanned !== undefined ? { LockPlanned } : {}) };
    }
  }
  const answer = RunAnswerSchema.safeParse(input.answer);
  if (answer.success && answer.data.NoLongerSelected !== undefined) {
    reportsGone = true;
    for (const disk of answer.data.NoLongerSelected) {
      if (!gone.some((known) => known.DiskId === disk.DiskId && known.DestinationRegionId === (disk.DestinationRegionId ?? null))) {
        gone.push(noLongerSelected(disk));
      }
    }
  }

  const cells = rpo.map(cellOf);
  const running: RunningCopy[] = cells.flatMap((cell) =>
    cell.Progressing.map((SnapshotId) => ({
      DiskId: cell.DiskId,
      DestinationRegionId: cell.DestinationRegionId,
      SnapshotId,
      Progress: null,
      Percent: null,
      SourceSnapshotId: null,
    })),
  );
  const failures: FailedCopy[] = [
    ...results.filter((result) => result.Outcome === 'failed').map(lineFailure),
    ...lockFailures,
    ...cells.flatMap((cell) =>
      cell.Failed.map(
        (SnapshotId): FailedCopy => ({
          DiskId: cell.DiskId,
          DestinationRegionId: cell.DestinationRegionId,
          SourceSnapshotId: null,
          SnapshotId,
          Code: null,
          Class: null,
          Message: FAILED_COPY_MESSAGE,
          Advice: FAILED_COPY_ADVICE,
        }),
      ),
    ),
  ];
  const firstRunFailure = runFailures[0];
  // A rejection with no line that explains it: say what the invocation said.
  const unexplained = rpo.length === 0 && results.length === 0 && input.rejection !== undefined;
  const RunFailure = firstRunFailure
    ? runFailure(firstRunFailure)
    : unexplained
      ? runFailure({ message: 'copy-failed', Code: 'DryRunFailed', Message: input.rejection ?? '' })
      : null;

  return {
    GeneratedAt: new Date(input.now).toISOString(),
    RpoHours: rpo[0]?.RpoHours ?? input.RpoHours,
    SourceRegionId: input.SourceRegionId ?? null,
    DestinationRegionIds: unique([
      ...cells.map((cell) => cell.DestinationRegionId),
      ...results.map((result) => result.DestinationRegionId),
      ...input.DestinationRegionIds,
    ]),
    Request: input.request,
    Disks: unique(cells.map((cell) => cell.DiskId)),
    Cells: cells,
    Running: running,
    Failures: failures,
    RunFailure,
    NoLongerSelected: reportsGone ? gone : null,
    NextRun: summary,
    Notes: [],
  };
}

/** "37%", "37", "37.5%" → 37.5; anything else (ECS documents Progress only as text) → null. */
export function percentOf(progress: string): number | null {
  const match = /^\s*(\d{1,3}(?:\.\d+)?)\s*%?\s*$/.exec(progress);
  const value = match?.[1] === undefined ? Number.NaN : Number(match[1]);
  return value >= 0 && value <= 100 ? value : null;
}

/** The report with what DescribeSnapshots says of each running and failed copy. */
export function withCopiesLookedUp(report: StatusReport, found: ReadonlyMap<string, SnapshotInfo>): StatusReport {
  const sourceOf = (snapshot: SnapshotInfo | undefined) => (snapshot ? (readProvenance(snapshot.Tags)?.SourceSnapshotId ?? null) : null);
  return {
    ...report,
    Running: report.Running.map((copy) => {
      const snapshot = found.get(copy.SnapshotId);
      if (!snapshot) return copy;
      // A copy that finished between the dry run and the look-up is shown at 100%, as ECS now says.
      const Progress = snapshot.Status === 'accomplished' ? '100%' : snapshot.Progress;
      return { ...copy, Progress, Percent: percentOf(Progress), SourceSnapshotId: sourceOf(snapshot) };
    }),
    Failures: report.Failures.map((failure) =>
      failure.SnapshotId !== null && failure.SourceSnapshotId === null
        ? { ...failure, SourceSnapshotId: sourceOf(found.get(failure.SnapshotId)) }
        : failure,
    ),
  };
}

/**
 * At least one disk protected, every disk within RPO in every destination, and nothing failed. A selection that
 * protects nothing is not healthy: it is a typo or a placeholder. A disk no longer selected is shown, not counted:
 * its copies stay until RetentionDays releases them, and a monitor must not stay red for that long.
 */
export function healthy(report: StatusReport): boolean {
  return (
    report.RunFailure === null &&
    report.Failures.length === 0 &&
    report.Cells.length > 0 &&
    report.Cells.every((cell) => cell.State === 'within')
  );
}
