import type { Deadline } from '../calls/deadline';
import { ECS_ACCOUNT_CALLS_PER_MINUTE } from '../calls/pacer';
import { ResilientEcs } from '../calls/resilient-ecs';
import type { RetryPolicy, RetryTools } from '../calls/retry';
import type { Credentials } from '../ecs/credentials';
import type { Ecs } from '../ecs/ecs';
import { CopyFailure } from '../ecs/errors';
import { readProvenance } from '../request/provenance';

/** `GET /copies/<SnapshotId>`: a copy's status and progress in its region, with where it was copied from. */
export interface CopyStatus {
  SnapshotId: string;
  RegionId: string;
  Status: string;
  Progress: string;
  CreationTime: string;
  SourceSnapshotId: string | null;
  SourceRegionId: string | null;
  SourceDiskId: string | null;
  SourceCreationTime: string | null;
}

/** The status read: one DescribeSnapshots call, through the same resilient ECS as a run. */
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
): Promise<CopyStatus> {
  const ecs = new ResilientEcs({
    ecs: dependencies.ecs,
    credentials,
    deadline,
    retryPolicy: dependencies.retryPolicy,
    callsPerMinute: dependencies.apiCallsPerMinute ?? ECS_ACCOUNT_CALLS_PER_MINUTE,
    tools: { random: dependencies.random, sleep: dependencies.sleep, now: dependencies.now ?? Date.now },
  });
  const { value: page } = await ecs.describeSnapshots({ RegionId, SnapshotIds: [SnapshotId], MaxResults: 1 });
  const snapshot = page.Snapshots.find((candidate) => candidate.SnapshotId === SnapshotId);
  if (!snapshot) {
    throw new CopyFailure({
      Code: 'InvalidSnapshotId.NotFound',
      Message: `${SnapshotId} does not exist in ${RegionId}`,
      errorClass: 'not-found',
      RequestId: page.RequestId,
    });
  }
  const provenance = readProvenance(snapshot.Tags);
  return {
    SnapshotId,
    RegionId,
    Status: snapshot.Status,
    Progress: snapshot.Progress,
    CreationTime: new Date(snapshot.CreationTime).toISOString(),
    SourceSnapshotId: provenance?.SourceSnapshotId ?? null,
    SourceRegionId: provenance?.SourceRegionId ?? null,
    SourceDiskId: provenance?.SourceDiskId || null,
    SourceCreationTime: provenance && provenance.SourceCreationTime > 0 ? new Date(provenance.SourceCreationTime).toISOString() : null,
  };
}
