import type { Deadline } from '../calls/deadline';
import { EcsSession } from '../calls/ecs-session';
import type { PacedCallsOptions } from '../calls/paced-calls';
import { ECS_ACCOUNT_CALLS_PER_MINUTE } from '../calls/pacer';
import type { RetryPolicy, RetryTools } from '../calls/retry';
import { ANOTHER_TOOL } from '../copy/destination-copies';
import { classifiedFailure } from '../ecs/classify-ecs-error';
import type { Credentials } from '../ecs/credentials';
import { type Ecs, MIN_MAX_RESULTS, type SnapshotInfo, type UnrecognizedSnapshot } from '../ecs/ecs';
import { readProvenance } from '../request/provenance';

/**
 * `GET /copies/<SnapshotId>`: a copy's status and progress in its region, with where it was copied from. A copy ECS
 * lists with a value this function cannot read is answered all the same: `Status: "unreadable"`, `Unreadable` saying
 * why, and what could be read of it (the rest null or empty).
 */
export interface CopyStatus {
  SnapshotId: string;
  RegionId: string;
  Status: string;
  Progress: string;
  CreationTime: string | null;
  SourceSnapshotId: string | null;
  SourceRegionId: string | null;
  SourceDiskId: string | null;
  SourceCreationTime: string | null;
  /** Present when the copy was not made by this function (no provenance tags): ANOTHER_TOOL. */
  MadeBy?: string;
  /** Present when the copy could not be read: which field, and its value. */
  Unreadable?: string;
}

/** The status read: one DescribeSnapshots call, through an EcsSession, as a run's calls. */
export async function describeCopy(
  SnapshotId: string,
  RegionId: string,
  dependencies: RetryTools & {
    ecs: Ecs;
    retryPolicy: RetryPolicy;
    /** The invocation's clock, for the pacer; the wall clock when absent (one call never waits for its turn). */
    now?: () => number;
    /** The pace of the invocation's calls; ECS's own limit for an account when absent. */
    apiCallsPerMinute?: number;
  },
  credentials: Credentials,
  deadline: Deadline,
  onRetry?: PacedCallsOptions['onRetry'],
): Promise<CopyStatus> {
  const ecs = new EcsSession({
    onRetry,
    ecs: dependencies.ecs,
    credentials,
    deadline,
    retryPolicy: dependencies.retryPolicy,
    callsPerMinute: dependencies.apiCallsPerMinute ?? ECS_ACCOUNT_CALLS_PER_MINUTE,
    tools: { random: dependencies.random, sleep: dependencies.sleep, now: dependencies.now ?? Date.now },
  });
  // MaxResults sent as the API accepts it: ECS documents no minimum, and some versions refuse less than 10.
  const { value: page } = await ecs.describeSnapshots({ RegionId, SnapshotIds: [SnapshotId], MaxResults: MIN_MAX_RESULTS });
  const snapshot = page.Snapshots.find((candidate) => candidate.SnapshotId === SnapshotId);
  if (snapshot) return statusOf(snapshot, RegionId);
  const unreadable = page.Unrecognized?.find((candidate) => candidate.SnapshotId === SnapshotId);
  if (unreadable) return unreadableStatus(unreadable, SnapshotId, RegionId);
  throw classifiedFailure({
    Code: 'InvalidSnapshotId.NotFound',
    Message: `${SnapshotId} does not exist in ${RegionId}`,
    RequestId: page.RequestId,
  });
}

/** Where a copy came from: this function's provenance tags, else ECS's own SourceSnapshotId and SourceRegionId. */
function statusOf(snapshot: SnapshotInfo, RegionId: string): CopyStatus {
  const provenance = readProvenance(snapshot.Tags);
  const source = provenance
    ? {
        SourceSnapshotId: provenance.SourceSnapshotId,
        SourceRegionId: provenance.SourceRegionId,
        SourceDiskId: provenance.SourceDiskId || null,
        SourceCreationTime: provenance.SourceCreationTime > 0 ? new Date(provenance.SourceCreationTime).toISOString() : null,
      }
    : {
        SourceSnapshotId: snapshot.SourceSnapshotId ?? null,
        SourceRegionId: snapshot.SourceRegionId ?? null,
        SourceDiskId: null,
        SourceCreationTime: null,
        ...(snapshot.SourceSnapshotId !== undefined ? { MadeBy: ANOTHER_TOOL } : {}),
      };
  return {
    SnapshotId: snapshot.SnapshotId,
    RegionId,
    Status: snapshot.Status,
    Progress: snapshot.Progress,
    CreationTime: new Date(snapshot.CreationTime).toISOString(),
    ...source,
  };
}

function unreadableStatus(snapshot: UnrecognizedSnapshot, SnapshotId: string, RegionId: string): CopyStatus {
  return {
    SnapshotId,
    RegionId,
    Status: 'unreadable',
    Progress: '',
    CreationTime: null,
    SourceSnapshotId: snapshot.SourceSnapshotId ?? null,
    SourceRegionId: snapshot.SourceRegionId ?? null,
    SourceDiskId: snapshot.SourceDiskId ?? null,
    SourceCreationTime: null,
    Unreadable: snapshot.reason,
  };
}
