import type { CopySnapshotParameters } from '../../lib/ecs/copy-snapshot-parameters';
import type {
  CopySnapshotResult,
  DescribeSnapshotsQuery,
  Ecs,
  EcsCall,
  SnapshotInfo,
  SnapshotPage,
  UnrecognizedSnapshot,
} from '../../lib/ecs/ecs';
import { CopyFailure } from '../../lib/ecs/errors';

/**
 * An in-memory ECS behind the function's port, for unit tests: snapshots by region, DescribeSnapshots' filters the
 * function sends (SnapshotIds, DiskId, InstanceId by attachment, Tag), and CopySnapshot's ClientToken rule ("the
 * same token with other parameters: IdempotentParameterMismatch"). Every call is recorded. What it does not model
 * (signing, pages, faults, the per-disk rule) the local ECS endpoint does, through pop-core.
 */
export class FakeEcs implements Ecs {
  readonly calls: Array<{ Action: 'CopySnapshot' | 'DescribeSnapshots'; params: unknown }> = [];
  private readonly stored: SnapshotInfo[] = [];
  /** Snapshots the adapter could not read (a Status it does not know, say), by region: listed in `Unrecognized`. */
  private readonly unreadable: Array<UnrecognizedSnapshot & { RegionId: string }> = [];
  private readonly attachedTo = new Map<string, string>();
  private readonly tokens = new Map<string, { parameters: string; SnapshotId: string }>();
  private next = 0;

  /** A source snapshot; `InstanceId` attaches its disk to that instance. Returns its SnapshotId. */
  addSnapshot(seed: Partial<SnapshotInfo> & { RegionId: string; SourceDiskId: string; InstanceId?: string }): string {
    const { InstanceId, ...fields } = seed;
    const snapshot: SnapshotInfo = {
      SnapshotId: `s-fake${String(++this.next).padStart(12, '0')}`,
      Status: 'accomplished',
      Progress: '100%',
      CreationTime: Date.UTC(2026, 10, 27, 18, this.next),
      SnapshotType: 'auto',
      Category: 'standard',
      Encrypted: false,
      Tags: [],
      ...fields,
    };
    this.stored.push(snapshot);
    if (InstanceId !== undefined) this.attachedTo.set(snapshot.SourceDiskId, InstanceId);
    return snapshot.SnapshotId;
  }

  /** A snapshot as the adapter reports one it cannot read; listed by SnapshotIds or a whole-region listing. */
  addUnrecognized(RegionId: string, unrecognized: UnrecognizedSnapshot): void {
    this.unreadable.push({ RegionId, ...unrecognized });
  }

  snapshots(RegionId: string): SnapshotInfo[] {
    return this.stored.filter((snapshot) => snapshot.RegionId === RegionId);
  }

  copiesOf(SourceSnapshotId: string, RegionId: string): SnapshotInfo[] {
    return this.snapshots(RegionId).filter((snapshot) => snapshot.SourceSnapshotId === SourceSnapshotId);
  }

  callsOf(Action: 'CopySnapshot' | 'DescribeSnapshots'): unknown[] {
    return this.calls.filter((call) => call.Action === Action).map((call) => call.params);
  }

  async describeSnapshots(query: DescribeSnapshotsQuery, _call: EcsCall): Promise<SnapshotPage> {
    this.calls.push({ Action: 'DescribeSnapshots', params: query });
    const Snapshots = this.snapshots(query.RegionId).filter(
      (snapshot) =>
        (query.SnapshotIds === undefined || query.SnapshotIds.includes(snapshot.SnapshotId)) &&
        (query.DiskId === undefined || snapshot.SourceDiskId === query.DiskId) &&
        (query.InstanceId === undefined || this.attachedTo.get(snapshot.SourceDiskId) === query.InstanceId) &&
        (query.SnapshotType === undefined || query.SnapshotType === 'all' || snapshot.SnapshotType === query.SnapshotType) &&
        (query.Tag ?? []).every((wanted) => snapshot.Tags.some((tag) => tag.Key === wanted.Key && tag.Value === wanted.Value)),
    );
    const Unrecognized = this.unreadable
      .filter((entry) => entry.RegionId === query.RegionId)
      .filter(
        (entry) => query.SnapshotIds === undefined || (entry.SnapshotId !== undefined && query.SnapshotIds.includes(entry.SnapshotId)),
      )
      .filter(() => query.DiskId === undefined && query.InstanceId === undefined && query.Tag === undefined)
      .map(({ RegionId: _region, ...entry }) => entry);
    return {
      Snapshots,
      NextToken: undefined,
      RequestId: `req-${this.calls.length}`,
      ...(Unrecognized.length > 0 ? { Unrecognized } : {}),
    };
  }

  async copySnapshot(parameters: CopySnapshotParameters, _call: EcsCall): Promise<CopySnapshotResult> {
    this.calls.push({ Action: 'CopySnapshot', params: parameters });
    const RequestId = `req-${this.calls.length}`;
    const { ClientToken, ...rest } = parameters;
    const key = JSON.stringify(rest);
    const earlier = this.tokens.get(ClientToken);
    if (earlier !== undefined) {
      if (earlier.parameters === key) return { SnapshotId: earlier.SnapshotId, RequestId };
      throw new CopyFailure({
        Code: 'IdempotentParameterMismatch',
        Message: 'The specified parameter is not the same as the previous request with the same ClientToken',
        errorClass: 'invalid-request',
        RequestId,
        ecsHttpStatus: 400,
      });
    }
    const source = this.snapshots(parameters.RegionId).find((snapshot) => snapshot.SnapshotId === parameters.SnapshotId);
    if (source === undefined) {
      throw new CopyFailure({
        Code: 'InvalidSnapshotId.NotFound',
        Message: 'The specified snapshot does not exist',
        errorClass: 'not-found',
        RequestId,
        ecsHttpStatus: 404,
      });
    }
    const SnapshotId = this.addSnapshot({
      RegionId: parameters.DestinationRegionId,
      SourceDiskId: source.SourceDiskId,
      Status: 'progressing',
      Progress: '0%',
      SnapshotType: 'user',
      Tags: parameters.Tag,
      SourceSnapshotId: source.SnapshotId,
      SourceRegionId: parameters.RegionId,
    });
    this.tokens.set(ClientToken, { parameters: key, SnapshotId });
    return { SnapshotId, RequestId };
  }
}
