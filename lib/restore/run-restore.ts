import type { Deadline } from '../calls/deadline';
import type { DiskSessionDependencies } from '../calls/ecs-disk-session';
import { type EcsRestoreSession, openRestoreSession } from '../calls/ecs-restore-session';
import { inPool } from '../calls/in-pool';
import type { RetryEvent } from '../calls/retry';
import type { Credentials } from '../ecs/credentials';
import { diskCallClass } from '../ecs/disk-call-errors';
import type { ZoneOffers } from '../ecs/ecs-disks';
import { CopyFailure, type Failure, failureOf } from '../failures/errors';
import { findMadeEarlier, type MadeEarlier } from './made-earlier';
import { chooseCopies, type UnitChoice } from './point-in-time';
import type { RecoveryPoint } from './recovery-points';
import { readRecoveryPoints } from './recovery-points';
import { costPerHour } from './restore-costs';
import { DEFAULT_CATEGORY, type DiskPlacement, placeUnit, type UnitPlacement } from './restore-placement';
import type { ChosenCopy, RestoreReport, RestoreResult, RestoreTarget, ServerToRun } from './restore-report';
import { summarizeRestore } from './restore-report';
import type { RestoreOrder } from './restore-request';
import { type DiskToRestore, NO_SOURCE_FACTS, type RestoreUnit, resolveUnits } from './restore-selection';
import { restoreClientToken, restoreTags } from './restore-tags';
import { SourceRegion, sourceUnanswered } from './source-facts';
import { type WaitEnd, type WaitProgress, waitForAvailable } from './wait-for-available';

export interface RestoreHooks {
  onRetry?: (event: RetryEvent & { Action: string }) => void;
  onRestore?: (result: RestoreResult) => void;
  onServer?: (server: ServerToRun) => void;
  onMatchedNothing?: (entry: RestoreReport['MatchedNothing'][number]) => void;
  onNote?: (note: string) => void;
  onProgress?: (progress: WaitProgress) => void;
}

/** Time kept back before the invocation's deadline to tell what was made and answer. */
const RESERVE_MS = 5_000;

/** One disk or image to make, or found made by an earlier run of the restore. */
interface Job {
  target: RestoreTarget;
  copy: RecoveryPoint;
  chosen: ChosenCopy;
  placement: (DiskPlacement & { ZoneId: string }) | undefined;
  earlier: MadeEarlier | undefined;
}

/** A Job once its CreateDisk or CreateImage was answered (or the earlier run's resource was found). */
type Sent = { job: Job; Id: string; calledAt: number | undefined } | { job: Job; failure: Failure };

const failed = (target: RestoreTarget, Code: string, Message: string, reached: object = {}): RestoreResult => ({
  ...target,
  ...reached,
  Outcome: 'failed',
  Code,
  Class: diskCallClass(Code),
  Message,
});

function chosenCopy(copy: RecoveryPoint, choice: UnitChoice, unit: RestoreUnit): ChosenCopy {
  const skipped = choice.skippedProgressing.get(copy.SourceDiskId);
  return {
    CopySnapshotId: copy.SnapshotId,
    DataCreationTime: new Date(copy.DataCreationTime).toISOString(),
    DataTimeFrom: copy.DataTimeFrom,
    ...(copy.MadeBy ? { MadeBy: copy.MadeBy } : {}),
    ...(copy.SizeGiB !== undefined ? { SizeGiB: copy.SizeGiB } : {}),
    ...(skipped ? { SkippedProgressing: skipped.SnapshotId } : {}),
    ...(unit.disks.length > 1 ? { SpreadMinutes: choice.SpreadMinutes } : {}),
  };
}

const isSystemDisk = (disk: DiskToRestore) => disk.DiskType === 'system';

/**
 * One restore, in the DR region alone (the source region may be gone): the copies there read as recovery points,
 * the selection resolved to instances and disks, each instance's disks chosen from one point in time, a zone and
 * categories found for its data disks; then, unless a dry run, each data disk made with CreateDisk and each system
 * disk with CreateImage (ClientTokens of the restore and the disk; what an earlier run of the same restore made is
 * answered, not made again), watched until Available or until the invocation must end. It never deletes and never
 * attaches anything. A failure of the DR region's listing fails the restore; a failure of one disk is its result.
 */
export async function runRestore(
  order: RestoreOrder,
  apiCallsPerMinute: number,
  dependencies: DiskSessionDependencies,
  credentials: Credentials,
  deadline: Deadline,
  hooks: RestoreHooks = {},
): Promise<RestoreReport> {
  const { now, sleep } = dependencies;
  const startedAt = now();
  const session = openRestoreSession(apiCallsPerMinute, dependencies, credentials, deadline, hooks.onRetry);
  const notes: string[] = [];
  const note = (text: string) => {
    notes.push(text);
    hooks.onNote?.(text);
  };
  const DestinationRegionId = order.DestinationRegionId;

  const listing = await session.listSnapshotsWithDiskType({ RegionId: DestinationRegionId });
  const points = readRecoveryPoints(listing.snapshots);
  if (points.disbelieved.length > 0) {
    note(
      `${points.disbelieved.length} copies carry provenance tags ECS contradicts and are not restored: ${points.disbelieved.slice(0, 5).join(', ')}`,
    );
  }
  const sourceRegion =
    order.SourceRegionId === undefined
      ? undefined
      : new SourceRegion(order.SourceRegionId, apiCallsPerMinute, dependencies, credentials, deadline);
  let instanceDisks = NO_SOURCE_FACTS.instanceDisks;
  if (sourceRegion !== undefined && order.selection.InstanceIds.length > 0) {
    try {
      instanceDisks = await sourceRegion.instanceDisks(order.selection.InstanceIds);
    } catch (error) {
      note(sourceUnanswered(sourceRegion.RegionId, error));
    }
  }
  let { units, unmatched } = resolveUnits(order.selection, points.byDisk, { ...NO_SOURCE_FACTS, instanceDisks });
  const unknownCategory = units.flatMap((unit) =>
    unit.disks.filter((disk) => disk.DiskCategory === undefined).map((disk) => disk.SourceDiskId),
  );
  if (sourceRegion !== undefined && unknownCategory.length > 0 && !notes.some((text) => text.includes(sourceRegion.RegionId))) {
    try {
      const categories = await sourceRegion.categories(unknownCategory);
      ({ units, unmatched } = resolveUnits(order.selection, points.byDisk, { instanceDisks, categories }));
    } catch (error) {
      note(sourceUnanswered(sourceRegion.RegionId, error));
    }
  }
  for (const entry of unmatched) hooks.onMatchedNothing?.(entry);

  const earlier = order.DryRun ? new Map<string, MadeEarlier>() : await findMadeEarlier(session, DestinationRegionId, order.RestoreId);
  const pinned = new Map([...earlier].map(([DiskId, made]) => [DiskId, made.made.CopySnapshotId]));
  const results: RestoreResult[] = [];
  const report = (result: RestoreResult) => {
    results.push(result);
    hooks.onRestore?.(result);
  };

  const rule = { PointInTime: order.PointInTime, SkewMinutes: order.settings.SkewMinutes, AllowSkew: order.AllowSkew };
  const plans = units.map((unit) => ({ unit, choice: chooseCopies(unit, rule, pinned) }));
  const needsZones = plans.some(({ unit, choice }) => unit.disks.some((disk) => choice.copies.has(disk.SourceDiskId)));
  let zones: ZoneOffers['Zones'] | CopyFailure = [];
  if (needsZones) {
    try {
      zones = (
        await session.describeAvailableResource({ RegionId: DestinationRegionId, ...(order.ZoneId ? { ZoneId: order.ZoneId } : {}) })
      ).value.Zones;
    } catch (error) {
      if (!(error instanceof CopyFailure)) throw error;
      zones = error;
    }
  }

  const jobs: Job[] = [];
  const servers: { unit: RestoreUnit; system: Job | undefined; ZoneId: string | null; data: Job[] }[] = [];
  for (const { unit, choice } of plans) {
    const targetOf = (disk: DiskToRestore): RestoreTarget => ({
      RestoreId: order.RestoreId,
      DestinationRegionId,
      SourceDiskId: disk.SourceDiskId,
      ...(unit.InstanceId ? { InstanceId: unit.InstanceId } : {}),
      RestoredAs: isSystemDisk(disk) ? 'image' : 'disk',
    });
    for (const missing of choice.missing) {
      const disk = unit.disks.find((candidate) => candidate.SourceDiskId === missing.SourceDiskId);
      if (disk) report(failed(targetOf(disk), missing.progressing ? 'RestoreCopyNotReady' : 'RestoreNoCopy', missing.Reason));
    }
    if (choice.skew !== undefined && !choice.skew.allowed) {
      const newest = choice.skew.newest
        .map((entry) => `${entry.SourceDiskId} ${new Date(entry.DataCreationTime).toISOString()}`)
        .join(', ');
      for (const disk of unit.disks.filter((candidate) =>
        choice.skew?.newest.some((entry) => entry.SourceDiskId === candidate.SourceDiskId),
      )) {
        report(
          failed(
            targetOf(disk),
            'RestoreSkewTooLarge',
            `the disks of ${unit.InstanceId ?? 'this server'} have no copies taken within RESTORE_SKEW_MINUTES (${order.settings.SkewMinutes} min) of each other: their newest are ${newest}, a spread of ${choice.SpreadMinutes} min. Restore them from one point with PointInTime (--at), or accept the spread with AllowSkew (--allow-skew)`,
          ),
        );
      }
      continue;
    }
    const withCopies = unit.disks.filter((disk) => choice.copies.has(disk.SourceDiskId));
    const dataDisks = withCopies.filter((disk) => !isSystemDisk(disk));
    let placement: UnitPlacement | undefined;
    if (zones instanceof CopyFailure) {
      for (const disk of dataDisks) report({ ...failed(targetOf(disk), zones.Code, zones.Message), ...failureOf(zones) });
    } else if (dataDisks.length > 0 || withCopies.length > 0) {
      placement = placeUnit(
        dataDisks.map((disk) => ({
          SourceDiskId: disk.SourceDiskId,
          DiskCategory: disk.DiskCategory,
          SizeGiB: choice.copies.get(disk.SourceDiskId)?.SizeGiB ?? 1,
        })),
        zones,
        order.ZoneId,
      );
    }
    const server = { unit, system: undefined as Job | undefined, ZoneId: null as string | null, data: [] as Job[] };
    if (placement?.ok) server.ZoneId = placement.ZoneId;
    for (const disk of withCopies) {
      const copy = choice.copies.get(disk.SourceDiskId) as RecoveryPoint;
      const target = targetOf(disk);
      const chosen = chosenCopy(copy, choice, unit);
      const made = earlier.get(disk.SourceDiskId);
      if (isSystemDisk(disk)) {
        const job: Job = { target, copy, chosen, placement: undefined, earlier: made };
        jobs.push(job);
        server.system = job;
        continue;
      }
      if (placement === undefined || zones instanceof CopyFailure) continue;
      if (!placement.ok) {
        report(failed(target, 'RestoreZoneNotFound', placement.Reason, chosen));
        continue;
      }
      const placed = placement.disks.get(disk.SourceDiskId) as DiskPlacement;
      const job: Job = { target, copy, chosen, placement: { ...placed, ZoneId: placement.ZoneId }, earlier: made };
      jobs.push(job);
      server.data.push(job);
    }
    if (server.system !== undefined) servers.push(server);
  }

  const seenAvailable = new Map<string, number>();
  if (order.DryRun) {
    for (const job of jobs) report(planned(job, order));
  } else {
    const sent = await inPool(jobs, session.concurrency, (job) => send(session, job, order, now));
    const watched = sent.flatMap((item) => ('Id' in item ? [{ RestoredAs: item.job.target.RestoredAs, Id: item.Id }] : []));
    let ends = new Map<string, WaitEnd>();
    let waitFailure: CopyFailure | undefined;
    try {
      const untilMs = now() + deadline.remainingMs() - RESERVE_MS;
      ends = await waitForAvailable({ session, now, sleep }, DestinationRegionId, watched, untilMs, (progress) =>
        hooks.onProgress?.(progress),
      );
    } catch (error) {
      if (!(error instanceof CopyFailure)) throw error;
      waitFailure = error;
    }
    for (const item of sent) {
      const end = 'Id' in item ? ends.get(item.Id) : undefined;
      if (end?.state === 'available') seenAvailable.set(item.job.target.SourceDiskId, end.seenAt);
      report(outcomeOf(item, end, waitFailure));
    }
  }

  const bySourceDisk = new Map(results.map((result) => [result.SourceDiskId, result]));
  const toRun = servers.map((server) => serverOf(server, order, bySourceDisk));
  for (const server of toRun) hooks.onServer?.(server);
  const body = { Restores: results, Servers: toRun, MatchedNothing: unmatched, Notes: notes };
  const lastAvailable = Math.max(startedAt, ...seenAvailable.values());
  const Summary = summarizeRestore(
    {
      RestoreId: order.RestoreId,
      DestinationRegionId,
      PointInTime: order.PointInTime === undefined ? null : new Date(order.PointInTime).toISOString(),
      ApiCalls: session.apiCalls + (sourceRegion?.apiCalls ?? 0),
      DryRun: order.DryRun,
    },
    body,
    Math.round((lastAvailable - startedAt) / 100) / 10,
  );
  return { Summary, ...body };
}

function describeMade(job: Job, order: RestoreOrder): { name: string; Description: string } {
  const { SourceDiskId } = job.target;
  return {
    // 2 to 128 characters starting with a letter, as CreateDisk's DiskName and CreateImage's ImageName take: a
    // RestoreId starts with a letter.
    name: `${order.RestoreId}-${SourceDiskId}`,
    Description: `Restore ${order.RestoreId} of ${SourceDiskId} from ${job.copy.SnapshotId} (data of ${job.chosen.DataCreationTime}) by snapshot-copy`,
  };
}

/** CreateDisk or CreateImage, with the ClientToken of the restore and the disk; an earlier run's resource is taken as made. */
async function send(session: EcsRestoreSession, job: Job, order: RestoreOrder, now: () => number): Promise<Sent> {
  if (job.earlier !== undefined && job.earlier.RestoredAs === job.target.RestoredAs)
    return { job, Id: job.earlier.Id, calledAt: undefined };
  const { name, Description } = describeMade(job, order);
  const { SourceDiskId } = job.target;
  const Tag = restoreTags({
    RestoreId: order.RestoreId,
    SourceDiskId,
    CopySnapshotId: job.copy.SnapshotId,
    DataCreationTime: job.copy.DataCreationTime,
  });
  const ClientToken = restoreClientToken({ RestoreId: order.RestoreId, DestinationRegionId: order.DestinationRegionId, SourceDiskId });
  const RegionId = order.DestinationRegionId;
  const calledAt = now();
  try {
    if (job.placement === undefined) {
      const created = await session.createImage({
        RegionId,
        SnapshotId: job.copy.SnapshotId,
        ImageName: name,
        Description,
        Tag,
        ClientToken,
      });
      return { job, Id: created.value.ImageId, calledAt };
    }
    const { ZoneId, DiskCategory, Size } = job.placement;
    const created = await session.createDisk({
      RegionId,
      ZoneId,
      SnapshotId: job.copy.SnapshotId,
      DiskCategory,
      Size,
      DiskName: name,
      Description,
      Tag,
      ClientToken,
    });
    return { job, Id: created.value.DiskId, calledAt };
  } catch (error) {
    if (!(error instanceof CopyFailure)) throw error;
    return { job, failure: failureOf(error) };
  }
}

const placedOf = (job: Job) =>
  job.placement === undefined
    ? {}
    : {
        ZoneId: job.placement.ZoneId,
        DiskCategory: job.placement.DiskCategory,
        Size: job.placement.Size,
        ...(job.placement.CategoryNote ? { CategoryNote: job.placement.CategoryNote } : {}),
      };

const madeOf = (job: Job, Id: string) => (job.target.RestoredAs === 'image' ? { ImageId: Id } : { DiskId: Id });

/** A dry run's plan of one disk or image, with what it would cost an hour. */
function planned(job: Job, order: RestoreOrder): RestoreResult {
  const category = job.placement?.DiskCategory ?? job.copy.DiskCategory ?? DEFAULT_CATEGORY;
  const size = job.placement?.Size ?? job.copy.SizeGiB;
  return {
    ...job.target,
    ...job.chosen,
    ...placedOf(job),
    Outcome: 'planned',
    EstimatedCostPerHour: size === undefined ? null : costPerHour(order.settings, category, size),
    PriceSource:
      job.target.RestoredAs === 'image'
        ? `the ${category} system disk RunInstances makes of the image, by ${order.settings.PriceSource}`
        : order.settings.PriceSource,
  };
}

/** What became of a disk or image sent: Available (timed from its call), still being made, failed or gone. */
function outcomeOf(item: Sent, end: WaitEnd | undefined, waitFailure: CopyFailure | undefined): RestoreResult {
  const { job } = item;
  const reached = { ...job.target, ...job.chosen, ...placedOf(job) };
  if ('failure' in item) return { ...reached, Outcome: 'failed', ...item.failure };
  const made = { ...reached, ...madeOf(job, item.Id) };
  const kind = job.target.RestoredAs;
  if (end === undefined || end.state === 'creating') {
    const why = waitFailure ? `the wait for it ended (${waitFailure.Code}: ${waitFailure.Message})` : 'the invocation had to end';
    return {
      ...made,
      Outcome: 'creating',
      Reason: `the ${kind} is ${end?.state === 'creating' ? end.Status : 'made'} and not yet Available when ${why}: run the same restore again to wait for it (it makes nothing twice)`,
    };
  }
  if (end.state === 'available') {
    return item.calledAt === undefined
      ? { ...made, Outcome: 'restored', Reason: `made by an earlier run of ${job.target.RestoreId}: its time to restore is not measured` }
      : { ...made, Outcome: 'restored', RestoreSeconds: Math.round((end.seenAt - item.calledAt) / 100) / 10 };
  }
  if (end.state === 'gone') {
    return failed(
      job.target,
      'RestoredResourceGone',
      `the ${kind} ${item.Id} this restore made is not listed in ${job.target.DestinationRegionId}: it was deleted, or its ClientToken names one deleted since; run the restore with a new RestoreId`,
      { ...job.chosen, ...placedOf(job), ...madeOf(job, item.Id) },
    );
  }
  return failed(
    job.target,
    kind === 'image' ? 'RestoreImageFailed' : 'RestoreDiskFailed',
    `ECS lists the ${kind} ${item.Id} ${end.Status} instead of Available: delete it and run the restore with a new RestoreId`,
    { ...job.chosen, ...placedOf(job), ...madeOf(job, item.Id) },
  );
}

/** The RunInstances parameters and the disks to attach that bring a server back in its zone. */
function serverOf(
  server: { unit: RestoreUnit; system: Job | undefined; ZoneId: string | null; data: Job[] },
  order: RestoreOrder,
  bySourceDisk: ReadonlyMap<string, RestoreResult>,
): ServerToRun {
  const system = server.system as Job;
  const image = bySourceDisk.get(system.target.SourceDiskId);
  const systemCategory = system.copy.DiskCategory ?? DEFAULT_CATEGORY;
  const ImageId = image !== undefined && 'ImageId' in image && image.ImageId !== undefined ? image.ImageId : null;
  const attach = server.unit.disks
    .filter((disk) => !isSystemDisk(disk))
    .map((disk) => {
      const result = bySourceDisk.get(disk.SourceDiskId);
      return {
        SourceDiskId: disk.SourceDiskId,
        DiskId: result && 'DiskId' in result && result.DiskId !== undefined ? result.DiskId : null,
      };
    });
  const everyRestored = server.unit.disks.every((disk) => bySourceDisk.get(disk.SourceDiskId)?.Outcome === 'restored');
  return {
    RestoreId: order.RestoreId,
    ...(server.unit.InstanceId ? { InstanceId: server.unit.InstanceId } : {}),
    SystemDiskId: system.target.SourceDiskId,
    Ready: everyRestored,
    RunInstances: {
      RegionId: order.DestinationRegionId,
      ZoneId: server.ZoneId ?? order.ZoneId ?? null,
      ImageId,
      // The system disk's own category when its copies record it; that the zone sells it for the instance type is
      // for RunInstances to say (DescribeAvailableResource with DestinationResource=SystemDisk needs the type).
      'SystemDisk.Category': systemCategory,
      'SystemDisk.Size': system.copy.SizeGiB ?? null,
    },
    AttachDisks: attach,
  };
}
