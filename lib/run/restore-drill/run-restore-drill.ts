import type { Deadline } from '../../calls/deadline';
import { type DiskSessionDependencies, openDiskSession } from '../../calls/ecs-disk-session';
import type { RetryEvent } from '../../calls/retry';
import { classifyEcsError } from '../../ecs/classify-ecs-error';
import type { Credentials } from '../../ecs/credentials';
import type { ZoneOffers } from '../../ecs/ecs-disks';
import { CopyFailure } from '../../ecs/errors';
import type { DrillOrder } from '../../request/drill-request';
import { findProtectedDisks } from '../protected-disks';
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
import { DRILL_MARKER, DRILL_TAG_KEYS, drillRecordTags, drillSourceDiskOf } from './drill-tags';
import { cleanUpDrillDisks } from './leftover-drill-disks';
import { restoreOneDisk } from './restore-one-disk';

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
  const { now } = dependencies;
  const session = openDiskSession(settings.apiCallsPerMinute, dependencies, credentials, deadline, hooks.onRetry);
  const context: DrillContext = { session, now, sleep: dependencies.sleep, deadline };
  const timeoutMs = order.DrillTimeoutMinutes * 60_000;
  // Deleting a disk and seeing it gone takes a few calls and seconds: a quarter of the invocation, 5 s to 1 min.
  const limits = { timeoutMs, reserveMs: Math.min(60_000, Math.max(5_000, deadline.remainingMs() / 4)) };
  const leftovers: LeftoverDrillDisk[] = [];
  const drills: DrillResult[] = [];
  const disbelieved: DisbelievedCopy[] = [];
  const report = (result: DrillResult) => {
    drills.push(result);
    hooks.onDrill?.(result);
  };
  const noteLeftovers = (found: LeftoverDrillDisk[]) => {
    leftovers.push(...found);
    for (const leftover of found) hooks.onLeftover?.(leftover);
  };

  // A leftover still being created is waited for, up to a third of the time left or the drill timeout.
  const leftoverUntil = () => now() + Math.min(timeoutMs, deadline.remainingMs() / 3);
  for (const DestinationRegionId of settings.sweepOtherRuns ? order.DestinationRegionIds : []) {
    noteLeftovers(
      await cleanUpDrillDisks(
        context,
        DestinationRegionId,
        { RunId: order.RunId, own: false, RunStartedAt: order.RunStartedAt, drillTimeoutMinutes: order.DrillTimeoutMinutes },
        leftoverUntil,
        order.DryRun,
      ),
    );
  }

  const { disks, snapshotsByDisk } = await findProtectedDisks(order.RegionId, order.selection, session, now());
  for (const DestinationRegionId of order.DestinationRegionIds) {
    const base = { RunId: order.RunId, RegionId: order.RegionId, DestinationRegionId };
    const { snapshots: destination } = await session.listSnapshots({ RegionId: DestinationRegionId });
    const eligible: DiskCopies[] = [];
    const sources = sourcesById(snapshotsByDisk);
    const unlisted = unlistedClaimedSources(disks, sources, destination, order.RegionId);
    // DescribeSnapshots takes at most 100 SnapshotIds a call.
    for (let start = 0; start < unlisted.length; start += 100) {
      const SnapshotIds = unlisted.slice(start, start + 100);
      for (const snapshot of (await session.listSnapshots({ RegionId: order.RegionId, SnapshotIds })).snapshots) {
        sources.set(snapshot.SnapshotId, snapshot);
      }
    }
    const found = findDrillCopies(disks, sources, destination, { RegionId: order.RegionId, DestinationRegionId });
    for (const copy of found.disbelieved) {
      disbelieved.push(copy);
      hooks.onDisbelievedCopy?.(copy);
    }
    for (const candidate of found.copies) {
      const { Copy } = candidate;
      const skip = (Reason: string) =>
        report({
          ...base,
          Outcome: 'skipped',
          SourceDiskId: candidate.SourceDiskId,
          ...(Copy ? { CopySnapshotId: Copy.SnapshotId } : {}),
          Reason,
        });
      if (Copy === undefined) skip(`no accomplished copy of the disk in ${DestinationRegionId}`);
      else if (Copy.SizeGiB === undefined) skip('ECS did not give the size of the copy, so the cost guard cannot be applied');
      else if (Copy.SizeGiB > order.MaxDrillDiskGiB) {
        report({
          ...base,
          Outcome: 'skipped',
          SourceDiskId: candidate.SourceDiskId,
          CopySnapshotId: Copy.SnapshotId,
          SizeGiB: Copy.SizeGiB,
          Reason: `the copy is of a ${Copy.SizeGiB} GiB disk, over MaxDrillDiskGiB (${order.MaxDrillDiskGiB})`,
        });
      } else eligible.push(candidate);
    }
    const chosen = chooseDisksToDrill(eligible, order.DrillDisks, order.RunId);
    if (chosen.length === 0) continue;

    let zones: ZoneOffers['Zones'];
    try {
      zones = await zonesFor(DestinationRegionId, order, context);
    } catch (error) {
      if (!(error instanceof CopyFailure)) throw error;
      for (const disk of chosen) {
        report({
          ...base,
          Outcome: 'failed',
          SourceDiskId: disk.SourceDiskId,
          CopySnapshotId: disk.Copy?.SnapshotId,
          Code: error.Code,
          Class: error.errorClass,
          Message: error.Message,
        });
      }
      continue;
    }
    // Disks this run made already (an earlier delivery of the same event): CreateDisk's token gives them back.
    const adopted = new Set(
      order.DryRun
        ? []
        : (
            await session.listDisks({
              RegionId: DestinationRegionId,
              Tag: [DRILL_MARKER, { Key: DRILL_TAG_KEYS.RunId, Value: order.RunId }],
            })
          ).map((disk) => drillSourceDiskOf(disk.Tags)),
    );

    await Promise.all(
      chosen.map(async ({ SourceDiskId, Copy }) => {
        if (Copy?.SizeGiB === undefined) return;
        const placement = choosePlacement(zones, Copy.SizeGiB, { ZoneId: order.ZoneId, DiskCategory: order.DrillDiskCategory });
        const disk = { ...base, SourceDiskId, CopySnapshotId: Copy.SnapshotId, SizeGiB: Copy.SizeGiB };
        if (placement === undefined) {
          return report({
            ...disk,
            Outcome: 'failed',
            Code: 'DrillZoneNotFound',
            Class: classifyEcsError('DrillZoneNotFound'),
            Message: `no zone of ${DestinationRegionId}${order.ZoneId ? ` (ZoneId ${order.ZoneId})` : ''} sells ${order.DrillDiskCategory ?? 'a data disk category'} for ${Copy.SizeGiB} GiB`,
          });
        }
        if (order.DryRun) {
          return report({
            ...disk,
            Outcome: 'planned',
            DiskCategory: placement.DiskCategory,
            ZoneId: placement.ZoneId,
            DataCreationTime: new Date(Copy.DataCreationTime).toISOString(),
          });
        }
        const target = { ...base, SourceDiskId, Copy, placement, adopted: adopted.has(SourceDiskId) };
        const result = await restoreOneDisk(target, context, limits);
        report(
          result.Outcome === 'skipped'
            ? result
            : { ...result, DrillRecorded: Copy.Ours && (await recordDrill(context, result, Copy.SnapshotId)) },
        );
      }),
    );

    if (!order.DryRun) {
      const handled = new Set(drills.map((drill) => drill.DrillDiskId));
      const own = await cleanUpDrillDisks(
        context,
        DestinationRegionId,
        { RunId: order.RunId, own: true, RunStartedAt: order.RunStartedAt, drillTimeoutMinutes: order.DrillTimeoutMinutes },
        () => now() + deadline.remainingMs() - 1000,
        false,
      );
      noteLeftovers(own.filter((leftover) => !handled.has(leftover.DiskId)));
    }
  }
  return {
    Summary: summarizeDrills(order.RunId, drills, leftovers, disbelieved, session.apiCalls, order.DryRun),
    Drills: drills,
    Leftovers: leftovers,
    DisbelievedCopies: disbelieved,
  };
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
