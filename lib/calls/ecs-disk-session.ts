import type { Tag } from '../ecs/copy-snapshot-parameters';
import type { Credentials } from '../ecs/credentials';
import type { Ecs, SnapshotInfo, UnrecognizedSnapshot } from '../ecs/ecs';
import type {
  CreateDiskParameters,
  DescribeDisksQuery,
  DescribeLockedSnapshotsQuery,
  DiskInfo,
  DiskPage,
  EcsDisks,
  LockedSnapshotInfo,
  LockedSnapshotsPage,
  LockSnapshotParameters,
  SnapshotRetention,
  SnapshotRetentionPage,
  ZoneOffers,
} from '../ecs/ecs-disks';
import { ListingGuard, MAX_SNAPSHOTS_KEPT_PER_LISTING } from '../ecs/listing-guard';
import type { Deadline } from './deadline';
import { EcsSession, type EcsSessionOptions, type Listing, type Paging, type SnapshotListing } from './ecs-session';
import type { Answered } from './paced-calls';
import type { RetryEvent, RetryPolicy, RetryTools } from './retry';

/** DescribeDisks answers 10 to 500 a page (SDK model). */
const DISKS_PER_PAGE = 100;

/** DescribeLockedSnapshots takes 1 to 100 SnapshotIds, and answers 10 to 100 locks a page (SDK model). */
const LOCK_IDS_PER_CALL = 100;
/** DescribeSnapshots takes at most 100 SnapshotIds. */
const SNAPSHOT_IDS_PER_CALL = 100;

/** What to list: DescribeDisks' filters, without the paging. */
export type DiskListing = Listing<DescribeDisksQuery>;

/**
 * The session of restore drills, KeepCopies and the copies' locks: EcsSession's snapshot actions and pager, with the
 * disk and lock actions besides (CreateDisk, DescribeDisks, DeleteDisk, DescribeAvailableResource, DeleteSnapshot,
 * TagResources, LockSnapshot, DescribeLockedSnapshots), each paced, retried and cut to the deadline like every other
 * call. Their listings are kept whole, so each is bounded by MAX_SNAPSHOTS_KEPT_PER_LISTING. Only the on-demand
 * bundle holds it.
 */
export class EcsDiskSession extends EcsSession {
  constructor(
    options: EcsSessionOptions,
    private readonly disks: EcsDisks,
  ) {
    super(options);
  }

  /** The disk port, for a session that adds actions of its own (ecs-restore-session.ts). */
  protected get diskPort(): EcsDisks {
    return this.disks;
  }

  createDisk(parameters: CreateDiskParameters): Promise<Answered<{ DiskId: string; RequestId: string }>> {
    return this.call({ Action: 'CreateDisk', RegionId: parameters.RegionId }, (call) => this.disks.createDisk(parameters, call));
  }

  describeDisks(query: DescribeDisksQuery): Promise<Answered<DiskPage>> {
    return this.call({ Action: 'DescribeDisks', RegionId: query.RegionId }, (call) => this.disks.describeDisks(query, call));
  }

  /** Sent to the disk's region's endpoint: DeleteDisk has no RegionId. */
  deleteDisk(parameters: { RegionId: string; DiskId: string }): Promise<Answered<{ RequestId: string }>> {
    return this.call({ Action: 'DeleteDisk', RegionId: parameters.RegionId }, (call) => this.disks.deleteDisk(parameters, call));
  }

  describeAvailableResource(query: { RegionId: string; ZoneId?: string }): Promise<Answered<ZoneOffers>> {
    return this.call({ Action: 'DescribeAvailableResource', RegionId: query.RegionId }, (call) =>
      this.disks.describeAvailableResource(query, call),
    );
  }

  /** Sent to the snapshot's region's endpoint: DeleteSnapshot has no RegionId. Never forced. */
  deleteSnapshot(parameters: { RegionId: string; SnapshotId: string }): Promise<Answered<{ RequestId: string }>> {
    return this.call({ Action: 'DeleteSnapshot', RegionId: parameters.RegionId }, (call) => this.disks.deleteSnapshot(parameters, call));
  }

  tagSnapshots(parameters: {
    RegionId: string;
    SnapshotIds: readonly string[];
    Tag: readonly Tag[];
  }): Promise<Answered<{ RequestId: string }>> {
    return this.call({ Action: 'TagResources', RegionId: parameters.RegionId }, (call) => this.disks.tagSnapshots(parameters, call));
  }

  /**
   * Retried with the same ClientToken, which ECS answers with the first call's answer: a retry never re-configures or
   * extends the lock it made.
   */
  lockSnapshot(parameters: LockSnapshotParameters): Promise<Answered<{ LockedSnapshotInfo: LockedSnapshotInfo; RequestId: string }>> {
    return this.call({ Action: 'LockSnapshot', RegionId: parameters.RegionId }, (call) => this.disks.lockSnapshot(parameters, call));
  }

  describeLockedSnapshots(query: DescribeLockedSnapshotsQuery): Promise<Answered<LockedSnapshotsPage>> {
    return this.call({ Action: 'DescribeLockedSnapshots', RegionId: query.RegionId }, (call) =>
      this.disks.describeLockedSnapshots(query, call),
    );
  }

  describeSnapshotRetention(query: { RegionId: string; SnapshotIds: readonly string[] }): Promise<Answered<SnapshotRetentionPage>> {
    return this.call({ Action: 'DescribeSnapshots', RegionId: query.RegionId }, (call) =>
      this.disks.describeSnapshotRetention(query, call),
    );
  }

  /**
   * The lock of each of these snapshots that has one, an expired lock included (a snapshot left out has none): 100
   * IDs a DescribeLockedSnapshots call, each call's pages through the one pager. A lock listed for a snapshot not
   * asked for is left out.
   */
  async locksOf(RegionId: string, SnapshotIds: readonly string[]): Promise<Map<string, LockedSnapshotInfo>> {
    const locks = new Map<string, LockedSnapshotInfo>();
    for (let start = 0; start < SnapshotIds.length; start += LOCK_IDS_PER_CALL) {
      const batch = SnapshotIds.slice(start, start + LOCK_IDS_PER_CALL);
      const asked = new Set(batch);
      const guard = new ListingGuard({ RegionId }, MAX_SNAPSHOTS_KEPT_PER_LISTING, 'DescribeLockedSnapshots', 'locks');
      const describe = async (paging: Paging) => {
        const { value, attempts } = await this.describeLockedSnapshots({ RegionId, SnapshotIds: batch, ...paging });
        // The guard counts a page's `Snapshots`: here, its locks.
        return { value: { ...value, Snapshots: value.LockedSnapshotsInfo }, attempts };
      };
      for await (const page of this.pages(describe, guard, LOCK_IDS_PER_CALL)) {
        for (const lock of page.LockedSnapshotsInfo) if (asked.has(lock.SnapshotId)) locks.set(lock.SnapshotId, lock);
      }
    }
    return locks;
  }

  /** The retention of each of these snapshots ECS lists (one left out is no longer listed): 100 IDs a call. */
  async retentionOf(RegionId: string, SnapshotIds: readonly string[]): Promise<Map<string, SnapshotRetention>> {
    const found = new Map<string, SnapshotRetention>();
    for (let start = 0; start < SnapshotIds.length; start += SNAPSHOT_IDS_PER_CALL) {
      const batch = SnapshotIds.slice(start, start + SNAPSHOT_IDS_PER_CALL);
      const { value } = await this.describeSnapshotRetention({ RegionId, SnapshotIds: batch });
      for (const snapshot of value.Snapshots) if (batch.includes(snapshot.SnapshotId)) found.set(snapshot.SnapshotId, snapshot);
    }
    return found;
  }

  /** Every snapshot a DescribeSnapshots listing lists, kept, with those that could not be read. */
  listSnapshots(listing: SnapshotListing): Promise<{ snapshots: SnapshotInfo[]; unreadable: UnrecognizedSnapshot[] }> {
    return this.keepSnapshots(this.snapshotPages(listing, new ListingGuard(listing, MAX_SNAPSHOTS_KEPT_PER_LISTING)));
  }

  /** A snapshot listing's pages kept whole: their snapshots, and those that could not be read. */
  protected async keepSnapshots<S>(
    pages: AsyncIterable<{ Snapshots: readonly S[]; Unrecognized?: readonly UnrecognizedSnapshot[] }>,
  ): Promise<{ snapshots: S[]; unreadable: UnrecognizedSnapshot[] }> {
    const snapshots: S[] = [];
    const unreadable: UnrecognizedSnapshot[] = [];
    for await (const page of pages) {
      snapshots.push(...page.Snapshots);
      unreadable.push(...(page.Unrecognized ?? []));
    }
    return { snapshots, unreadable };
  }

  /** Every disk a DescribeDisks listing lists, kept: bounded and guarded as a snapshot listing is. */
  async listDisks(listing: DiskListing): Promise<DiskInfo[]> {
    const found: DiskInfo[] = [];
    const guard = new ListingGuard(listing, MAX_SNAPSHOTS_KEPT_PER_LISTING, 'DescribeDisks', 'disks');
    const describe = (paging: Paging) => this.describeDisks({ ...listing, ...paging });
    for await (const page of this.pages(describe, guard, DISKS_PER_PAGE)) found.push(...page.Disks);
    return found;
  }
}

/** What a drill or KeepCopies opens its session with: the ports, and the clock and retry rules of the invocation. */
export interface DiskSessionDependencies extends RetryTools {
  ecs: Ecs;
  disks: EcsDisks;
  retryPolicy: RetryPolicy;
  now: () => number;
}

/** What a session of the disk port is constructed with: its options, and the port. */
export function diskSessionArguments(
  callsPerMinute: number,
  { ecs, disks, retryPolicy, ...tools }: DiskSessionDependencies,
  credentials: Credentials,
  deadline: Deadline,
  onRetry?: (event: RetryEvent & { Action: string }) => void,
): [EcsSessionOptions, EcsDisks] {
  return [{ ecs, credentials, deadline, retryPolicy, callsPerMinute, tools, onRetry }, disks];
}

/** A session for restore drills and KeepCopies, at the pace of API_CALLS_PER_MINUTE. */
export function openDiskSession(...args: Parameters<typeof diskSessionArguments>): EcsDiskSession {
  return new EcsDiskSession(...diskSessionArguments(...args));
}
