import type { Deadline } from '../../calls/deadline';
import { createEcsCaller, type EcsCaller, type EcsCallerDependencies } from '../../calls/ecs-caller';
import type { RetryEvent } from '../../calls/retry';
import type { Credentials } from '../../ecs/credentials';
import type { Ecs } from '../../ecs/ecs';
import type { EcsDisks } from '../../ecs/ecs-disks';
import type { ErrorClass } from '../../ecs/error-classes';
import { CopyFailure } from '../../ecs/errors';
import type { CopyOrder } from '../../request/copy-order';
import { PROVENANCE_KEYS } from '../../request/provenance';
import type { CopyRecord } from '../destination-copies';
import { listDisks, listSnapshots } from '../ecs-listings';
import { findProtectedDisks } from '../protected-disks';
import { PER_DISK_LISTING_LIMIT } from '../source-listings';
import { CopiesByDisk } from './copies-by-disk';
import { planPrune } from './prune-plan';

/**
 * What became of one copy beyond KeepCopies: `pruned` (DeleteSnapshot done), `planned` (a dry run's), `kept` (a rule
 * protects it now: a newer copy still progressing, disks created from it), `failed` (DeleteSnapshot failed).
 */
type PruneOutcome = 'pruned' | 'planned' | 'kept' | 'failed';

export interface PruneResult {
  Outcome: PruneOutcome;
  SnapshotId: string;
  DestinationRegionId: string;
  SourceDiskId: string;
  SourceSnapshotId: string;
  /** When the data in the copy was taken. */
  DataCreationTime: string;
  KeepCopies: number;
  Reason?: string;
  Code?: string;
  Class?: ErrorClass;
  Message?: string;
  RequestId?: string;
}

interface PruneSummary {
  Pruned: number;
  PrunePlanned: number;
  PruneKept: number;
  PruneFailed: number;
}

export interface PruneReport {
  Summary: PruneSummary;
  Copies: PruneResult[];
  ApiCalls: number;
  /** Why KeepCopies stopped before judging every copy (a listing failed); the copy run goes on all the same. */
  Stopped?: PruneStop;
}

/** A failure that stopped KeepCopies, as safe to show as any CopyFailure. */
export interface PruneStop {
  Code: string;
  Class: ErrorClass;
  Message: string;
  RequestId?: string;
}

interface KeepCopiesDependencies extends EcsCallerDependencies {
  ecs: Pick<Ecs, 'describeSnapshots'>;
  disks: Pick<EcsDisks, 'describeDisks' | 'deleteSnapshot'>;
}

/**
 * KeepCopies: keeps at most that many accomplished copies of each protected disk in each destination and deletes
 * the older ones with DeleteSnapshot, sent to the destination region's endpoint. Only copies with this function's
 * provenance tags from this source region are counted or deleted; never the newest accomplished copy, never while a
 * newer copy of the disk is still progressing, never a copy disks were created from (DescribeDisks' SnapshotId
 * filter, and ECS's own SnapshotCreatedDisk, as the function never forces). A dry run lists and deletes nothing.
 */
export async function keepCopies(
  order: Pick<CopyOrder, 'RegionId' | 'DestinationRegionIds' | 'selection' | 'DryRun'> & { KeepCopies: number },
  settings: { apiCallsPerMinute: number },
  dependencies: KeepCopiesDependencies,
  credentials: Credentials,
  deadline: Deadline,
  hooks: {
    onRetry?: (event: RetryEvent & { Action: string }) => void;
    onPrune?: (result: PruneResult) => void;
    onStopped?: (stop: PruneStop) => void;
  } = {},
): Promise<PruneReport> {
  const caller = createEcsCaller(settings.apiCallsPerMinute, dependencies, credentials, deadline, hooks.onRetry);
  const results: PruneResult[] = [];
  const report = (Stopped?: PruneStop): PruneReport => {
    const count = (outcome: PruneOutcome) => results.filter((result) => result.Outcome === outcome).length;
    return {
      Summary: { Pruned: count('pruned'), PrunePlanned: count('planned'), PruneKept: count('kept'), PruneFailed: count('failed') },
      Copies: results,
      ApiCalls: caller.apiCalls,
      ...(Stopped !== undefined ? { Stopped } : {}),
    };
  };
  try {
    await pruneEachDestination(order, dependencies, caller, results, hooks.onPrune);
  } catch (error) {
    // A listing failed (after its retries): nothing more is deleted, and the copies are not held back by it; the
    // invocation fails at its end (keep-copies-verdict.ts), so FC's failure destination tells the operator.
    if (!(error instanceof CopyFailure)) throw error;
    const stop = {
      Code: error.Code,
      Class: error.errorClass,
      Message: error.Message,
      ...(error.RequestId ? { RequestId: error.RequestId } : {}),
    };
    hooks.onStopped?.(stop);
    return report(stop);
  }
  return report();
}

/** Lists each destination's copies of the protected disks and deletes, disk by disk, what is beyond the count. */
async function pruneEachDestination(
  order: Pick<CopyOrder, 'RegionId' | 'DestinationRegionIds' | 'selection' | 'DryRun'> & { KeepCopies: number },
  dependencies: KeepCopiesDependencies,
  caller: EcsCaller,
  results: PruneResult[],
  onPrune: ((result: PruneResult) => void) | undefined,
): Promise<void> {
  const { disks } = await findProtectedDisks(order.RegionId, order.selection, caller, dependencies.ecs, dependencies.now());
  for (const DestinationRegionId of disks.length > 0 ? order.DestinationRegionIds : []) {
    const copies = new CopiesByDisk(DestinationRegionId, order.RegionId);
    // By disk (a provenance tag) for a few disks, whole for a fleet, as the copy run lists destinations.
    const queries =
      disks.length <= PER_DISK_LISTING_LIMIT
        ? disks.map((disk) => ({ RegionId: DestinationRegionId, Tag: [{ Key: PROVENANCE_KEYS.SourceDiskId, Value: disk }] }))
        : [{ RegionId: DestinationRegionId }];
    for (const query of queries) for (const snapshot of await listSnapshots(caller, dependencies.ecs, query)) copies.addListed(snapshot);

    for (const SourceDiskId of disks) {
      const plan = planPrune(copies, SourceDiskId, order.KeepCopies);
      for (const copy of plan.candidates) {
        const base = {
          SnapshotId: copy.SnapshotId,
          DestinationRegionId,
          SourceDiskId,
          SourceSnapshotId: copy.SourceSnapshotId,
          DataCreationTime: new Date(copy.SourceCreationTime).toISOString(),
          KeepCopies: order.KeepCopies,
        };
        const result: PruneResult =
          plan.blockedBy !== undefined
            ? { ...base, Outcome: 'kept', Reason: plan.blockedBy }
            : { ...base, ...(await pruneOne(copy, order.DryRun, caller, dependencies)) };
        results.push(result);
        onPrune?.(result);
      }
    }
  }
}

type PruneDecision = Pick<PruneResult, 'Outcome' | 'Reason' | 'Code' | 'Class' | 'Message' | 'RequestId'>;

/** Keeps a copy disks were created from; else deletes it (or, in a dry run, says it would). */
async function pruneOne(
  copy: CopyRecord,
  DryRun: boolean,
  caller: EcsCaller,
  dependencies: KeepCopiesDependencies,
): Promise<PruneDecision> {
  const RegionId = copy.DestinationRegionId;
  try {
    const created = await listDisks(caller, dependencies.disks, { RegionId, SnapshotId: copy.SnapshotId });
    if (created.length > 0) {
      return { Outcome: 'kept', Reason: `disks were created from it: ${created.map((disk) => disk.DiskId).join(', ')}` };
    }
    if (DryRun) return { Outcome: 'planned' };
    const { RequestId } = await caller.call('DeleteSnapshot', (call) =>
      dependencies.disks.deleteSnapshot({ RegionId, SnapshotId: copy.SnapshotId }, call),
    );
    return { Outcome: 'pruned', RequestId };
  } catch (error) {
    if (!(error instanceof CopyFailure)) throw error;
    // DeleteSnapshot's page: "if the snapshot does not exist, the request is ignored"; its table says NotFound.
    if (error.Code === 'InvalidSnapshotId.NotFound') return { Outcome: 'pruned', Reason: 'already gone', RequestId: error.RequestId };
    if (error.Code === 'SnapshotCreatedDisk' || error.Code === 'SnapshotCreatedImage') {
      return { Outcome: 'kept', Reason: error.Message, Code: error.Code, Class: error.errorClass };
    }
    return { Outcome: 'failed', Code: error.Code, Class: error.errorClass, Message: error.Message, RequestId: error.RequestId };
  }
}
