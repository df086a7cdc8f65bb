import type { Deadline } from '../calls/deadline';
import { Pacer } from '../calls/pacer';
import { callWithRetries, deadlineExceeded, type RetryEvent, type RetryPolicy, type RetryTools } from '../calls/retry';
import { type CallerPolicy, checkCopyCount } from '../config/caller-policy';
import type { Credentials } from '../ecs/credentials';
import type { DescribeSnapshotsQuery, Ecs, EcsCall, SnapshotInfo } from '../ecs/ecs';
import { CopyFailure } from '../ecs/errors';
import type { CopyOrder } from '../request/copy-order';
import { PROVENANCE_KEYS } from '../request/provenance';
import { type CopyJob, type CopyResult, planCopies } from './copy-plan';
import { DestinationCopies } from './destination-copies';
import { type RpoStatus, rpoStatus } from './rpo-report';
import { PAGE_SIZE, PER_DISK_LISTING_LIMIT, type SourceListing, selectSources, sourceListings } from './source-snapshots';

export interface RunSettings {
  apiCallsPerMinute: number;
  maxCopiesInFlight: number;
  rpoHours: number;
  /** An HTTP caller's limits; none for the operator's own timer and direct invocations. */
  callerPolicy?: CallerPolicy;
}

export interface RunDependencies extends RetryTools {
  ecs: Ecs;
  retryPolicy: RetryPolicy;
  now: () => number;
}

export interface RunHooks {
  onRetry?: (event: RetryEvent & { Action: string }) => void;
  /** Called as each copy's fate is known, so that its log line is written even if the run is cut short. */
  onResult?: (result: CopyResult) => void;
}

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
  ApiCalls: number;
  DryRun: boolean;
}

export interface RunReport {
  Summary: RunSummary;
  Copies: CopyResult[];
  Rpo: RpoStatus[];
}

/**
 * One run: lists the source region for what the order selects, lists each destination for the copies made earlier
 * (by their provenance tags), plans what is missing, and copies it, every ECS call paced and retried; then reports,
 * per protected disk and destination, how old the newest copied data is. A failure of a listing fails the whole
 * run (nothing is copied blind); a failure of one copy is reported with its Code and class, and the others go on.
 */
export async function runCopies(
  order: CopyOrder,
  settings: RunSettings,
  dependencies: RunDependencies,
  credentials: Credentials,
  deadline: Deadline,
  hooks: RunHooks = {},
): Promise<RunReport> {
  const pacer = new Pacer(settings.apiCallsPerMinute, dependencies.now, dependencies.sleep);
  let apiCalls = 0;
  const call = <T>(Action: string, request: (call: EcsCall) => Promise<T>) =>
    callWithRetries(
      async (timeoutMs) => {
        await pacer.acquire();
        const left = Math.min(timeoutMs, deadline.remainingMs());
        // The wait for the slot took time: the attempt's timeout is cut again to what is left.
        if (left < dependencies.retryPolicy.minAttemptMs) throw deadlineExceeded();
        apiCalls++;
        try {
          const value = await request({ credentials, timeoutMs: left });
          pacer.succeeded();
          return value;
        } catch (error) {
          if (error instanceof CopyFailure && error.errorClass === 'throttled') pacer.throttled();
          throw error;
        }
      },
      dependencies.retryPolicy,
      deadline,
      dependencies,
      (event) => hooks.onRetry?.({ ...event, Action }),
    );

  const listAll = async (query: Omit<DescribeSnapshotsQuery, 'MaxResults' | 'NextToken'>): Promise<SnapshotInfo[]> => {
    const snapshots: SnapshotInfo[] = [];
    let NextToken: string | undefined;
    do {
      const token = NextToken;
      const { value: page } = await call('DescribeSnapshots', (ecsCall) =>
        dependencies.ecs.describeSnapshots(
          { ...query, MaxResults: PAGE_SIZE, ...(token !== undefined ? { NextToken: token } : {}) },
          ecsCall,
        ),
      );
      snapshots.push(...page.Snapshots);
      NextToken = page.NextToken;
    } while (NextToken !== undefined);
    return snapshots;
  };

  const concurrency = Math.min(32, Math.max(4, Math.ceil(settings.apiCallsPerMinute / 60) * 2));
  const { selection } = order;
  const SnapshotType = selection.SnapshotType === 'all' ? undefined : selection.SnapshotType;
  const found = await inPool(sourceListings(selection), concurrency, async (listing: SourceListing) => ({
    listing,
    snapshots: await listAll({
      RegionId: order.RegionId,
      ...(listing.kind === 'ids' ? { SnapshotIds: listing.SnapshotIds } : {}),
      ...(listing.kind === 'disk' ? { DiskId: listing.DiskId, ...(SnapshotType ? { SnapshotType } : {}) } : {}),
      ...(listing.kind === 'instance' ? { InstanceId: listing.InstanceId, ...(SnapshotType ? { SnapshotType } : {}) } : {}),
      ...(listing.kind === 'region' && SnapshotType ? { SnapshotType } : {}),
    }),
  }));
  const sources = selectSources(found, selection, dependencies.now());
  if (settings.callerPolicy) {
    checkCopyCount((sources.verdicts.length + sources.missingPicks.length) * order.DestinationRegionIds.length, settings.callerPolicy);
  }

  // The destinations are searched only when there is something to look for in them: by disk (a provenance tag)
  // for a few disks, which keeps a one-snapshot request cheap however many snapshots the region holds; whole, 100
  // a call, for a fleet, where that costs fewer calls than one search a disk.
  const diskSet = new Set(sources.verdicts.filter((verdict) => verdict.kind === 'copy').map((verdict) => verdict.snapshot.SourceDiskId));
  if (!order.exactPicksOnly) for (const disk of sources.protectedDisks) diskSet.add(disk);
  const disks = [...diskSet];
  const destinations = new Map<string, DestinationCopies>();
  for (const DestinationRegionId of disks.length > 0 ? order.DestinationRegionIds : []) {
    destinations.set(DestinationRegionId, new DestinationCopies(DestinationRegionId, order.RegionId));
  }
  const searches =
    disks.length <= PER_DISK_LISTING_LIMIT
      ? [...destinations.keys()].flatMap((RegionId) =>
          disks.map((disk) => ({ RegionId, Tag: [{ Key: PROVENANCE_KEYS.SourceDiskId, Value: disk }] })),
        )
      : [...destinations.keys()].map((RegionId) => ({ RegionId }));
  await inPool(searches, concurrency, async (query) => {
    const copies = destinations.get(query.RegionId);
    for (const snapshot of await listAll(query)) copies?.addListed(snapshot);
  });

  const { jobs, results } = planCopies(order, sources, destinations, settings.maxCopiesInFlight);
  for (const result of results) hooks.onResult?.(result);

  const jobResults = await inPool(jobs, concurrency, async (job: CopyJob): Promise<CopyResult> => {
    const result = await runJob(job);
    hooks.onResult?.(result);
    return result;
  });

  async function runJob(job: CopyJob): Promise<CopyResult> {
    const { parameters, source } = job;
    const base = {
      SourceSnapshotId: parameters.SnapshotId,
      SourceDiskId: source.SourceDiskId,
      RegionId: parameters.RegionId,
      DestinationRegionId: parameters.DestinationRegionId,
      DestinationSnapshotName: parameters.DestinationSnapshotName,
      ...(parameters.RetentionDays !== undefined ? { RetentionDays: parameters.RetentionDays } : {}),
      ClientToken: parameters.ClientToken,
    };
    if (order.DryRun) return { ...base, Outcome: 'planned' };
    // Near the timeout no copy is started: it could not be seen through, and the next run picks it up.
    if (deadline.remainingMs() - pacer.waitMs() < dependencies.retryPolicy.attemptTimeoutMs) {
      return {
        ...base,
        Outcome: 'left',
        Code: 'DeadlineExceeded',
        Class: 'transient',
        Message: 'not started: the function timeout is near; the next run copies it',
      };
    }
    try {
      const { value, attempts } = await call('CopySnapshot', (ecsCall) => dependencies.ecs.copySnapshot(parameters, ecsCall));
      destinations.get(parameters.DestinationRegionId)?.add({
        SnapshotId: value.SnapshotId,
        DestinationRegionId: parameters.DestinationRegionId,
        Status: 'progressing',
        Progress: '0%',
        CreationTime: dependencies.now(),
        SourceSnapshotId: parameters.SnapshotId,
        SourceDiskId: source.SourceDiskId,
        SourceCreationTime: source.CreationTime,
      });
      return { ...base, Outcome: 'copied', SnapshotId: value.SnapshotId, RequestId: value.RequestId, Attempts: attempts };
    } catch (error) {
      if (!(error instanceof CopyFailure)) throw error;
      // A derived token is only ever used for this source and destination: another invocation made this copy with
      // other parameters (another day's name, say) before this one's could show up in the destination's listing.
      if (error.Code === 'IdempotentParameterMismatch' && order.ClientToken === undefined) {
        return {
          ...base,
          Outcome: 'already-present',
          Message: 'another invocation made this copy (same ClientToken)',
          Attempts: error.attempts,
        };
      }
      const outcome = error.errorClass === 'not-ready' ? 'not-ready' : 'failed';
      return {
        ...base,
        Outcome: outcome,
        Code: error.Code,
        Class: error.errorClass,
        Message: error.Message,
        Attempts: error.attempts,
        ...(error.RequestId !== undefined ? { RequestId: error.RequestId } : {}),
      };
    }
  }

  const copies = [...results, ...jobResults];
  const rpo = order.exactPicksOnly
    ? []
    : [...destinations.values()].flatMap((destination) =>
        sources.protectedDisks.map((disk) => rpoStatus(disk, destination, settings.rpoHours, dependencies.now())),
      );
  return { Summary: summarize(copies, rpo, apiCalls, order.DryRun, sources.protectedDisks.length), Copies: copies, Rpo: rpo };
}

function summarize(
  copies: readonly CopyResult[],
  rpo: readonly RpoStatus[],
  ApiCalls: number,
  DryRun: boolean,
  ProtectedDisks: number,
): RunSummary {
  const count = (outcome: CopyResult['Outcome']) => copies.filter((copy) => copy.Outcome === outcome).length;
  const FailedByClass: Record<string, number> = {};
  for (const copy of copies) {
    if (copy.Outcome === 'failed' && copy.Class) FailedByClass[copy.Class] = (FailedByClass[copy.Class] ?? 0) + 1;
  }
  return {
    Copied: count('copied'),
    AlreadyPresent: count('already-present'),
    Planned: count('planned'),
    NotReady: count('not-ready'),
    Left: count('left'),
    Failed: count('failed'),
    FailedByClass,
    ProtectedDisks,
    WithinRpo: rpo.filter((status) => status.WithinRpo).length,
    OutsideRpo: rpo.filter((status) => !status.WithinRpo).length,
    ApiCalls,
    DryRun,
  };
}

/** Runs `work` over `items`, at most `concurrency` at once, keeping the items' order in the results. */
export async function inPool<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
