import type { CopySnapshotParameters } from '../../../lib/ecs/copy-snapshot-parameters';
import type { CopySnapshotResult, DescribeSnapshotsQuery, Ecs, EcsCall, SnapshotInfo, SnapshotPage } from '../../../lib/ecs/ecs';
import { CopyFailure } from '../../../lib/ecs/errors';

export interface MemoryEcsOptions {
  now?: () => number;
  /** How the port waits for its latency (a virtual clock's sleep); calls answer at once without it. */
  sleep?: (ms: number) => Promise<void>;
  latencyMs?: number;
  /** The account's flow control: calls a minute past which every call is refused with Throttling.User. */
  rateLimitPerMinute?: number;
  /** A tag filter answers at most this many snapshots (the newest), as ECS caps tag matches at 1000; none when absent. */
  tagFilterCap?: number;
}

export interface MemoryCall {
  Action: 'DescribeSnapshots' | 'CopySnapshot';
  query?: DescribeSnapshotsQuery;
  parameters?: CopySnapshotParameters;
  timeoutMs: number;
  at: number;
}

type Seed = Partial<SnapshotInfo> & Pick<SnapshotInfo, 'SnapshotId' | 'SourceDiskId'> & { InstanceId?: string };

export const throttled = () =>
  new CopyFailure({ Code: 'Throttling.User', Message: 'Request was denied due to user flow control.', errorClass: 'throttled' });

/**
 * The ECS port over a few snapshots in memory, for unit tests: DescribeSnapshots with the filters the run uses,
 * newest first, paged by MaxResults and NextToken; CopySnapshot that makes a progressing copy once per ClientToken;
 * failures on demand, and an account rate limit on the test's clock.
 */
export class MemoryEcs implements Ecs {
  readonly calls: MemoryCall[] = [];
  private readonly regions = new Map<string, (SnapshotInfo & { InstanceId?: string })[]>();
  private readonly tokens = new Map<string, string>();
  private readonly failures: { Action: MemoryCall['Action']; failure: () => CopyFailure }[] = [];
  private copies = 0;
  private tokensLeft: number;
  private refilledAt: number;

  constructor(private readonly options: MemoryEcsOptions = {}) {
    this.tokensLeft = Math.max(1, (options.rateLimitPerMinute ?? 0) / 60);
    this.refilledAt = this.now();
  }

  private now(): number {
    return this.options.now?.() ?? 0;
  }

  add(region: string, seed: Seed): SnapshotInfo {
    const snapshot = {
      RegionId: region,
      Status: 'accomplished' as const,
      Progress: '100%',
      CreationTime: this.now(),
      SnapshotType: 'auto',
      Category: 'standard',
      Encrypted: false,
      Tags: [],
      ...seed,
    };
    this.regions.set(region, [...(this.regions.get(region) ?? []), snapshot]);
    return snapshot;
  }

  snapshots(region: string): SnapshotInfo[] {
    return this.regions.get(region) ?? [];
  }

  /** The next call of `Action` fails with `failure()` (each failure once, in the order given). */
  failNext(Action: MemoryCall['Action'], failure: () => CopyFailure, times = 1): void {
    for (let n = 0; n < times; n++) this.failures.push({ Action, failure });
  }

  async describeSnapshots(query: DescribeSnapshotsQuery, call: EcsCall): Promise<SnapshotPage> {
    await this.answer({ Action: 'DescribeSnapshots', query, timeoutMs: call.timeoutMs, at: this.now() });
    const matching = (this.regions.get(query.RegionId) ?? [])
      .filter(
        (snapshot) =>
          (query.SnapshotIds === undefined || query.SnapshotIds.includes(snapshot.SnapshotId)) &&
          (query.DiskId === undefined || query.DiskId === snapshot.SourceDiskId) &&
          (query.InstanceId === undefined || query.InstanceId === snapshot.InstanceId) &&
          (query.CreationStartTime === undefined || snapshot.CreationTime >= Math.floor(query.CreationStartTime / 60_000) * 60_000) &&
          (query.SnapshotType === undefined || query.SnapshotType === 'all' || query.SnapshotType === snapshot.SnapshotType) &&
          (query.Tag ?? []).every((wanted) => snapshot.Tags.some((tag) => tag.Key === wanted.Key && tag.Value === wanted.Value)),
      )
      .sort((a, b) => b.CreationTime - a.CreationTime)
      .slice(0, (query.Tag?.length ?? 0) > 0 ? this.options.tagFilterCap : undefined);
    const start = Number(query.NextToken ?? 0);
    const end = start + query.MaxResults;
    return {
      RequestId: `R-${this.calls.length}`,
      NextToken: end < matching.length ? String(end) : undefined,
      Snapshots: matching.slice(start, end).map((snapshot) => ({ ...snapshot, Tags: [...snapshot.Tags] })),
    };
  }

  async copySnapshot(parameters: CopySnapshotParameters, call: EcsCall): Promise<CopySnapshotResult> {
    await this.answer({ Action: 'CopySnapshot', parameters, timeoutMs: call.timeoutMs, at: this.now() });
    const earlier = this.tokens.get(parameters.ClientToken ?? '');
    if (earlier !== undefined) return { SnapshotId: earlier, RequestId: `R-${this.calls.length}` };
    const source = this.snapshots(parameters.RegionId).find((snapshot) => snapshot.SnapshotId === parameters.SnapshotId);
    if (!source) throw new CopyFailure({ Code: 'InvalidSnapshotId.NotFound', Message: 'not found', errorClass: 'not-found' });
    const SnapshotId = `s-copy${String(++this.copies).padStart(8, '0')}`;
    this.add(parameters.DestinationRegionId, {
      SnapshotId,
      SourceDiskId: source.SourceDiskId,
      Status: 'progressing',
      Progress: '0%',
      SnapshotType: 'user',
      Tags: [...parameters.Tag],
    });
    if (parameters.ClientToken !== undefined) this.tokens.set(parameters.ClientToken, SnapshotId);
    return { SnapshotId, RequestId: `R-${this.calls.length}` };
  }

  private async answer(call: MemoryCall): Promise<void> {
    this.calls.push(call);
    if (this.options.latencyMs && this.options.sleep) await this.options.sleep(this.options.latencyMs);
    if (!this.withinRate()) throw throttled();
    const index = this.failures.findIndex((failure) => failure.Action === call.Action);
    const [scripted] = index === -1 ? [] : this.failures.splice(index, 1);
    if (scripted) throw scripted.failure();
  }

  /** A token bucket holding one second's worth, refilled at the account's rate. */
  private withinRate(): boolean {
    const perMinute = this.options.rateLimitPerMinute;
    if (perMinute === undefined) return true;
    const now = this.now();
    this.tokensLeft = Math.min(Math.max(1, perMinute / 60), this.tokensLeft + ((now - this.refilledAt) * perMinute) / 60_000);
    this.refilledAt = now;
    if (this.tokensLeft < 1) return false;
    this.tokensLeft -= 1;
    return true;
  }
}
