import type { Deadline } from '../calls/deadline';
import type { DiskSessionDependencies } from '../calls/ecs-disk-session';
import { type EcsRestoreSession, openRestoreSession } from '../calls/ecs-restore-session';
import type { Credentials } from '../ecs/credentials';
import { CopyFailure } from '../failures/errors';
import type { SourceFacts } from './restore-selection';

/**
 * A source region that is gone does not answer: its calls are tried twice, not as often as the DR region's, so that
 * the restore loses seconds on it, not minutes.
 */
const SOURCE_ATTEMPTS = 2;
const DISK_IDS_PER_CALL = 100;

/** The source region, asked about the source disks: a session of its own, with few attempts. */
export class SourceRegion {
  private readonly session: EcsRestoreSession;

  constructor(
    readonly RegionId: string,
    apiCallsPerMinute: number,
    dependencies: DiskSessionDependencies,
    credentials: Credentials,
    deadline: Deadline,
  ) {
    const retryPolicy = { ...dependencies.retryPolicy, maxAttempts: Math.min(SOURCE_ATTEMPTS, dependencies.retryPolicy.maxAttempts) };
    this.session = openRestoreSession(apiCallsPerMinute, { ...dependencies, retryPolicy }, credentials, deadline);
  }

  get apiCalls(): number {
    return this.session.apiCalls;
  }

  /** The disks of each instance as the source region's DescribeSnapshots lists them now (InstanceId filter). */
  async instanceDisks(InstanceIds: readonly string[]): Promise<SourceFacts['instanceDisks']> {
    const found = new Map<string, { DiskId: string; DiskType: 'system' | 'data' | undefined }[]>();
    for (const InstanceId of InstanceIds) {
      const { snapshots } = await this.session.listSnapshotsWithDiskType({ RegionId: this.RegionId, InstanceId });
      const disks = new Map(snapshots.map((snapshot) => [snapshot.SourceDiskId, snapshot.SourceDiskType]));
      found.set(
        InstanceId,
        [...disks].map(([DiskId, DiskType]) => ({ DiskId, DiskType })),
      );
    }
    return found;
  }

  /** Each disk's category, as the source region's DescribeDisks lists the disks that still exist. */
  async categories(DiskIds: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (let start = 0; start < DiskIds.length; start += DISK_IDS_PER_CALL) {
      const disks = await this.session.listDisks({ RegionId: this.RegionId, DiskIds: DiskIds.slice(start, start + DISK_IDS_PER_CALL) });
      for (const disk of disks) if (disk.Category !== '') found.set(disk.DiskId, disk.Category);
    }
    return found;
  }
}

/** What the source region's failure means for the restore: it goes on with what the copies record. */
export function sourceUnanswered(RegionId: string, error: unknown): string {
  if (!(error instanceof CopyFailure)) throw error;
  return `the source region ${RegionId} did not answer (${error.Code}: ${error.Message}): the restore goes on with what the copies record`;
}
