import type { Deadline } from '../calls/deadline';
import { EcsSession } from '../calls/ecs-session';
import type { RetryEvent } from '../calls/retry';
import type { CallerPolicy } from '../config/caller-policy';
import type { Credentials } from '../ecs/credentials';
import type { UnrecognizedSnapshot } from '../ecs/ecs';
import type { RunDependencies } from '../fc/instance';
import { checkCopyCount } from './caller-checks';
import type { CopyOrder } from './copy-order';
import { type CopyResult, planCopies } from './copy-plan';
import { findDisksNoLongerSelected } from './disks-no-longer-selected';
import { findEarlierCopies } from './find-earlier-copies';
import { findSources } from './find-sources';
import { type RunReport, reportRun } from './run-report';
import type { SourceSelection } from './source-selection';
import { type StartCopiesContext, startCopies } from './start-copies';

// The run's answer, declared with the report that builds it and exported here with the run.
export type { RunReport, RunSummary } from './run-report';

export interface RunSettings {
  apiCallsPerMinute: number;
  maxCopiesInFlight: number;
  rpoHours: number;
  /** An HTTP caller's limits; none for the operator's own timer and direct invocations. */
  callerPolicy?: CallerPolicy;
}

/** The run's hooks; `onResult` and `onCopied` are called as the copies start (start-copies.ts). */
export interface RunHooks extends Pick<StartCopiesContext, 'onResult' | 'onCopied'> {
  onRetry?: (event: RetryEvent & { Action: string }) => void;
  /** Called once for each listed snapshot (a region's, by its ID) that could not be read: reported, never copied. */
  onUnreadable?: (snapshot: UnrecognizedSnapshot & { RegionId: string }) => void;
  /**
   * The point between "checked and planned" and "start copies": the sources are found and the caller's copy count
   * checked, the earlier copies found and the plan made, and nothing started. KeepCopies runs here
   * (docs/keep-copies.md), so that nothing is deleted before every check has passed, and no copy this run starts
   * holds its pruning back; then the locks of the copies found without one (docs/locks.md).
   */
  checkedAndPlanned?: (checked: CheckedRun) => Promise<void>;
}

/** What a run has checked and planned when it is about to start copies. */
export interface CheckedRun {
  sources: SourceSelection;
  plan: { results: readonly CopyResult[] };
}

/**
 * One run, in five steps: find the sources the order selects, find the copies made earlier in each destination,
 * plan what is missing (then the `checkedAndPlanned` point), start those copies, and report, per protected disk and destination, how old the newest
 * copied data is, with the selection's entries that matched nothing and the disks with copies that it no longer
 * selects. Every ECS call goes through one EcsSession: paced, retried, and never past the deadline.
 */
export async function runCopies(
  order: CopyOrder,
  settings: RunSettings,
  dependencies: RunDependencies,
  credentials: Credentials,
  deadline: Deadline,
  hooks: RunHooks = {},
): Promise<RunReport> {
  const ecs = new EcsSession({
    ecs: dependencies.ecs,
    credentials,
    deadline,
    retryPolicy: dependencies.retryPolicy,
    callsPerMinute: settings.apiCallsPerMinute,
    tools: dependencies,
    ...(hooks.onRetry ? { onRetry: hooks.onRetry } : {}),
    onUnrecognized: onceEach(hooks.onUnreadable),
  });

  const sources = await findSources(order, ecs, dependencies.now());
  if (settings.callerPolicy) {
    checkCopyCount((sources.verdicts.length + sources.missingPicks.length) * order.DestinationRegionIds.length, settings.callerPolicy);
  }
  const destinations = await findEarlierCopies(order, sources, ecs);
  const plan = planCopies(order, sources, destinations, settings.maxCopiesInFlight);
  await hooks.checkedAndPlanned?.({ sources, plan });
  for (const result of plan.results) hooks.onResult?.(result);
  const started = await startCopies(plan.jobs, {
    // onResult and onCopied, for each copy as CopySnapshot answers it.
    ...hooks,
    order,
    ecs,
    deadline,
    retryPolicy: dependencies.retryPolicy,
    destinations,
    now: dependencies.now,
  });

  // Read only, after the copies are started: it never delays one.
  const noLongerSelected = await findDisksNoLongerSelected(order, sources.protectedDisks, ecs, {
    nowMs: dependencies.now,
    rpoHours: settings.rpoHours,
  });

  return reportRun({
    order,
    protectedDisks: sources.protectedDisks,
    matchedNothing: sources.matchedNothing,
    noLongerSelected,
    destinations,
    copies: [...plan.results, ...started],
    apiCalls: ecs.apiCalls,
    rpoHours: settings.rpoHours,
    nowMs: dependencies.now(),
  });
}

/** The same unreadable snapshot may be listed by several searches (a disk's tag, the whole destination): told once. */
function onceEach(tell: RunHooks['onUnreadable']): (snapshot: UnrecognizedSnapshot & { RegionId: string }) => void {
  const told = new Set<string>();
  return (snapshot) => {
    const key = `${snapshot.RegionId}/${snapshot.SnapshotId ?? snapshot.reason}`;
    if (told.has(key)) return;
    told.add(key);
    tell?.(snapshot);
  };
}
