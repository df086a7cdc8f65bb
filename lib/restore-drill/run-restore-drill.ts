import type { Deadline } from '../calls/deadline';
import { type DiskSessionDependencies, type EcsDiskSession, openDiskSession } from '../calls/ecs-disk-session';
import type { RetryEvent } from '../calls/retry';
import { findProtectedDisks } from '../copy/protected-disks';
import type { Credentials } from '../ecs/credentials';
import { diskCallClass } from '../ecs/disk-call-errors';
import type { SnapshotInfo } from '../ecs/ecs';
import type { ZoneOffers } from '../ecs/ecs-disks';
import { CopyFailure, failureOf } from '../failures/errors';
import {
  chooseDisksToDrill,
  type DisbelievedCopy,
  type DiskCopies,
  findDrillCopies,
  sourcesById,
  unlistedClaimedSources,
} from './drill-copies';
import type { DrillContext } from './drill-disk';
import { choosePlacement } from './drill-placement';
import { type DrillReport, type DrillResult, type LeftoverDrillDisk, summarizeDrills } from './drill-report';
import type { DrillOrder } from './drill-request';
import { DRILL_MARKER, DRILL_TAG_KEYS, drillRecordTags, drillSourceDiskOf } from './drill-tags';
import { cleanUpDrillDisks } from './leftover-drill-disks';
import { type DrillLimits, restoreOneDisk } from './restore-one-disk';

interface DrillHooks {
  onRetry?: (event: RetryEvent & { Action: string }) => void;
  /** Called as each disk's drill ends, so that its log line is written even if the run is cut short. */
  onDrill?: (result: DrillResult) => void;
  onLeftover?: (leftover: LeftoverDrillDisk) => void;
  onDisbelievedCopy?: (copy: DisbelievedCopy) => void;
}

/**
 * One restore drill: first deletes the drill disks earlier runs left (found by their tag, and older by ECS's
 * CreationTime than any run can last: leftover-drill-disks.ts), then, in each destination,
 * picks the protected disks least recently drilled, restores each one's newest accomplished copy to a pay-as-you-go
 * disk in the cheapest category a zone sells for its size, measures the time to Available, deletes the disk and sees
 * it gone, and records the drill on the copy for the next run's rotation; last, deletes any disk of its own still
 * there. A failure of a listing fails the run; a failure of one disk's drill is that disk's result.
 */
export async function runRestoreDrill(
  order: DrillOrder,
  /** `sweepOtherRuns`: delete other runs' leftover drill disks first (the operator's runs; never an HTTP caller's). */
  settings: { apiCallsPerMinute: number; sweepOtherRuns: boolean },
  dependencies: DiskSessionDependencies,
  credentials: Credentials,
  deadline: Deadline,
  hooks: DrillHooks = {},
): Promise<DrillReport> {
  const session = openDiskSession(settings.apiCallsPerMinute, dependencies, credentials, deadline, hooks.onRetry);
  const context: DrillContext = { session, now: dependencies.now, sleep: dependencies.sleep, deadline };
  const run = drillRun(order, context, hooks);

  if (settings.sweepOtherRuns) for (const region of order.DestinationRegionIds) await sweepOtherRuns(run, region);
  const { disks, snapshotsByDisk } = await findProtectedDisks(order.RegionId, order.selection, session, dependencies.now());
  for (const DestinationRegionId of order.DestinationRegionIds) {
    const chosen = await chooseInDestination(run, DestinationRegionId, disks, snapshotsByDisk);
    if (chosen.length === 0) continue;
    await drillChosen(run, DestinationRegionId, chosen);
    if (!order.DryRun) await sweepOwnDisks(run, DestinationRegionId);
  }
  return {
    Summary: summarizeDrills(order.RunId, run.drills, run.leftovers, run.disbelieved, session.apiCalls, order.DryRun),
    Drills: run.drills,
    Leftovers: run.leftovers,
    DisbelievedCopies: run.disbelieved,
  };
}

/** One drill run as its steps share it: the order, the session, the limits, and what it found and did so far. */
interface DrillRun {
  order: DrillOrder;
  context: DrillContext;
  limits: DrillLimits;
  drills: DrillResult[];
  leftovers: LeftoverDrillDisk[];
  disbelieved: DisbelievedCopy[];
  /** Records a disk's drill and tells it at once, so that a run cut short still tells what it did. */
  report(result: DrillResult): void;
  noteLeftovers(found: readonly LeftoverDrillDisk[]): void;
  noteDisbelieved(copies: readonly DisbelievedCopy[]): void;
}

function drillRun(order: DrillOrder, context: DrillContext, hooks: DrillHooks): DrillRun {
  const timeoutMs = order.DrillTimeoutMinutes * 60_000;
  const run: DrillRun = {
    order,
    context,
    // Deleting a disk and seeing it gone takes a few calls and seconds: a quarter of the invocation, 5 s to 1 min.
    limits: { timeoutMs, reserveMs: Math.min(60_000, Math.max(5_000, context.deadline.remainingMs() / 4)) },
    drills: [],
    leftovers: [],
    disbelieved: [],
    report: (result) => {
      run.drills.push(result);
      hooks.onDrill?.(result);
    },
    noteLeftovers: (found) => {
      run.leftovers.push(...found);
      for (const leftover of found) hooks.onLeftover?.(leftover);
    },
    noteDisbelieved: (copies) => {
      run.disbelieved.push(...copies);
      for (const copy of copies) hooks.onDisbelievedCopy?.(copy);
    },
  };
  return run;
}

/** Step 1: other runs' leftover drill disks, each waited for up to a third of the time left or the drill timeout. */
async function sweepOtherRuns(run: DrillRun, DestinationRegionId: string): Promise<void> {
  const { order, context } = run;
  const until = () => context.now() + Math.min(run.limits.timeoutMs, context.deadline.remainingMs() / 3);
  const scope = { RunId: order.RunId, own: false, RunStartedAt: order.RunStartedAt, drillTimeoutMinutes: order.DrillTimeoutMinutes };
  run.noteLeftovers(await cleanUpDrillDisks(context, DestinationRegionId, scope, until, order.DryRun));
}

/**
 * Step 2, in one destination: the copies of the protected disks, believed only where ECS agrees with their tags; those
 * that cannot be drilled reported skipped; of the rest, the disks least recently drilled, DrillDisks of them.
 */
async function chooseInDestination(
  run: DrillRun,
  DestinationRegionId: string,
  disks: readonly string[],
  snapshotsByDisk: Parameters<typeof sourcesById>[0],
): Promise<DiskCopies[]> {
  const { order, context } = run;
  const { snapshots: destination } = await context.session.listSnapshots({ RegionId: DestinationRegionId });
  const sources = await sourcesOfCopies(context.session, order.RegionId, disks, sourcesById(snapshotsByDisk), destination);
  const found = findDrillCopies(disks, sources, destination, { RegionId: order.RegionId, DestinationRegionId });
  run.noteDisbelieved(found.disbelieved);
  const eligible = found.copies.filter((candidate) => {
    const skipped = ineligible(candidate, order.MaxDrillDiskGiB, DestinationRegionId);
    if (skipped !== undefined)
      run.report({ ...baseOf(run, DestinationRegionId), Outcome: 'skipped', SourceDiskId: candidate.SourceDiskId, ...skipped });
    return skipped === undefined;
  });
  return chooseDisksToDrill(eligible, order.DrillDisks, order.RunId);
}

/**
 * Step 3, in one destination: the zones on offer, then each chosen disk's drill side by side; a zone lookup that
 * fails fails them all, with ECS's Code and RequestId.
 */
async function drillChosen(run: DrillRun, DestinationRegionId: string, chosen: readonly DiskCopies[]): Promise<void> {
  const { order, context } = run;
  const base = baseOf(run, DestinationRegionId);
  let zones: ZoneOffers['Zones'];
  try {
    zones = await zonesFor(DestinationRegionId, order, context);
  } catch (error) {
    if (!(error instanceof CopyFailure)) throw error;
    for (const disk of chosen) {
      run.report({
        ...base,
        Outcome: 'failed',
        SourceDiskId: disk.SourceDiskId,
        CopySnapshotId: disk.Copy?.SnapshotId,
        ...failureOf(error),
      });
    }
    return;
  }
  const adopted = order.DryRun ? new Set<string>() : await disksMadeBefore(context.session, order.RunId, DestinationRegionId);
  await Promise.all(
    chosen.map(async (candidate) => {
      const result = await drillDisk(
        candidate,
        { ...base, zones, adopted: adopted.has(candidate.SourceDiskId) },
        order,
        context,
        run.limits,
      );
      if (result !== undefined) run.report(result);
    }),
  );
}

/** Step 4, in one destination: any disk of this run still there (one whose deletion was lost, say), deleted now. */
async function sweepOwnDisks(run: DrillRun, DestinationRegionId: string): Promise<void> {
  const { order, context } = run;
  const handled = new Set(run.drills.map((drill) => ('DrillDiskId' in drill ? drill.DrillDiskId : undefined)));
  const scope = { RunId: order.RunId, own: true, RunStartedAt: order.RunStartedAt, drillTimeoutMinutes: order.DrillTimeoutMinutes };
  const own = await cleanUpDrillDisks(
    context,
    DestinationRegionId,
    scope,
    () => context.now() + context.deadline.remainingMs() - 1000,
    false,
  );
  run.noteLeftovers(own.filter((leftover) => !handled.has(leftover.DiskId)));
}

/** What every result of a destination's drill names. */
function baseOf(run: DrillRun, DestinationRegionId: string) {
  return { RunId: run.order.RunId, RegionId: run.order.RegionId, DestinationRegionId };
}

/**
 * The sources the destination's copies claim, with those the source listing did not find looked up by ID: a copy is
 * believed only where ECS's own source agrees with its tags (drill-copies.ts).
 */
async function sourcesOfCopies(
  session: EcsDiskSession,
  RegionId: string,
  disks: readonly string[],
  sources: Map<string, SnapshotInfo>,
  destination: readonly SnapshotInfo[],
): Promise<Map<string, SnapshotInfo>> {
  const unlisted = unlistedClaimedSources(disks, sources, destination, RegionId);
  // DescribeSnapshots takes at most 100 SnapshotIds a call.
  for (let start = 0; start < unlisted.length; start += 100) {
    const SnapshotIds = unlisted.slice(start, start + 100);
    for (const snapshot of (await session.listSnapshots({ RegionId, SnapshotIds })).snapshots) sources.set(snapshot.SnapshotId, snapshot);
  }
  return sources;
}

/** Why a disk's copy is not drilled (none, no size for the cost guard, over MaxDrillDiskGiB), or undefined: it may be. */
function ineligible(
  { Copy }: DiskCopies,
  MaxDrillDiskGiB: number,
  DestinationRegionId: string,
): { CopySnapshotId?: string; SizeGiB?: number; Reason: string } | undefined {
  if (Copy === undefined) return { Reason: `no accomplished copy of the disk in ${DestinationRegionId}` };
  const CopySnapshotId = Copy.SnapshotId;
  if (Copy.SizeGiB === undefined)
    return { CopySnapshotId, Reason: 'ECS did not give the size of the copy, so the cost guard cannot be applied' };
  if (Copy.SizeGiB <= MaxDrillDiskGiB) return undefined;
  return {
    CopySnapshotId,
    SizeGiB: Copy.SizeGiB,
    Reason: `the copy is of a ${Copy.SizeGiB} GiB disk, over MaxDrillDiskGiB (${MaxDrillDiskGiB})`,
  };
}

/** The source disks this run made a drill disk for already (an earlier delivery of the same event): CreateDisk's
 * token gives those disks back, and the drill adopts them. */
async function disksMadeBefore(session: EcsDiskSession, RunId: string, RegionId: string): Promise<Set<string>> {
  const made = await session.listDisks({ RegionId, Tag: [DRILL_MARKER, { Key: DRILL_TAG_KEYS.RunId, Value: RunId }] });
  return new Set(made.flatMap((disk) => drillSourceDiskOf(disk.Tags) ?? []));
}

/** No zone sells a category the copy fits (or the one asked for). */
function noZone(order: DrillOrder, DestinationRegionId: string, SizeGiB: number) {
  const Code = 'DrillZoneNotFound';
  return {
    Outcome: 'failed' as const,
    Code,
    Class: diskCallClass(Code),
    Message: `no zone of ${DestinationRegionId}${order.ZoneId ? ` (ZoneId ${order.ZoneId})` : ''} sells ${order.DrillDiskCategory ?? 'a data disk category'} for ${SizeGiB} GiB`,
  };
}

/**
 * One chosen disk's drill: the zone and category for its size, then a dry run's plan, or the restore and its record
 * on the copy (for the next run's rotation). Undefined for a copy of unknown size, which is never chosen.
 */
async function drillDisk(
  { SourceDiskId, Copy }: DiskCopies,
  where: { RunId: string; RegionId: string; DestinationRegionId: string; zones: ZoneOffers['Zones']; adopted: boolean },
  order: DrillOrder,
  context: DrillContext,
  limits: DrillLimits,
): Promise<DrillResult | undefined> {
  if (Copy?.SizeGiB === undefined) return undefined;
  const { zones, adopted, ...base } = where;
  const disk = { ...base, SourceDiskId, CopySnapshotId: Copy.SnapshotId, SizeGiB: Copy.SizeGiB };
  const placement = choosePlacement(zones, Copy.SizeGiB, { ZoneId: order.ZoneId, DiskCategory: order.DrillDiskCategory });
  if (placement === undefined) return { ...disk, ...noZone(order, base.DestinationRegionId, Copy.SizeGiB) };
  if (order.DryRun) {
    return {
      ...disk,
      Outcome: 'planned',
      DiskCategory: placement.DiskCategory,
      ZoneId: placement.ZoneId,
      DataCreationTime: new Date(Copy.DataCreationTime).toISOString(),
    };
  }
  const result = await restoreOneDisk({ ...base, SourceDiskId, Copy, placement, adopted }, context, limits);
  if (result.Outcome === 'skipped') return result;
  return { ...result, DrillRecorded: Copy.Ours && (await recordDrill(context, result, Copy.SnapshotId)) };
}

/** The zones to choose from: the one asked for with the category asked for, else DescribeAvailableResource's. */
async function zonesFor(RegionId: string, order: DrillOrder, context: DrillContext): Promise<ZoneOffers['Zones']> {
  if (order.ZoneId !== undefined && order.DrillDiskCategory !== undefined) {
    // Both named: CreateDisk itself says if the zone does not sell the category, at no extra call.
    return [{ ZoneId: order.ZoneId, Categories: [{ Category: order.DrillDiskCategory, MinGiB: 1, MaxGiB: Number.MAX_SAFE_INTEGER }] }];
  }
  const offers = await context.session.describeAvailableResource({
    RegionId,
    ...(order.ZoneId !== undefined ? { ZoneId: order.ZoneId } : {}),
  });
  return offers.value.Zones;
}

/** Tags the copy with the drill's time and result; a failure (a copy at ECS's 20-tag limit, say) only costs the record. */
async function recordDrill(context: DrillContext, result: DrillResult, SnapshotId: string): Promise<boolean> {
  try {
    await context.session.tagSnapshots({
      RegionId: result.DestinationRegionId,
      SnapshotIds: [SnapshotId],
      Tag: drillRecordTags(context.now(), result),
    });
    return true;
  } catch (error) {
    if (!(error instanceof CopyFailure)) throw error;
    return false;
  }
}
