import type { Deadline } from '../calls/deadline';
import { callWithRetries, type RetryPolicy, type RetryTools } from '../calls/retry';
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

export async function describeCopy(
  SnapshotId: string,
  RegionId: string,
  dependencies: RetryTools & { ecs: Ecs; retryPolicy: RetryPolicy },
  credentials: Credentials,
  deadline: Deadline,
): Promise<CopyStatus> {
  const { value: page } = await callWithRetries(
    (timeoutMs) => dependencies.ecs.describeSnapshots({ RegionId, SnapshotIds: [SnapshotId], MaxResults: 1 }, { credentials, timeoutMs }),
    dependencies.retryPolicy,
    deadline,
    dependencies,
  );
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
