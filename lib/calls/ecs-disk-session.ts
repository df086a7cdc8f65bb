import type { Tag } from '../ecs/copy-snapshot-parameters';
import type { Credentials } from '../ecs/credentials';
import type { Ecs, SnapshotInfo, UnrecognizedSnapshot } from '../ecs/ecs';
import type { CreateDiskParameters, DescribeDisksQuery, DiskInfo, DiskPage, EcsDisks, ZoneOffers } from '../ecs/ecs-disks';
import { ListingGuard, MAX_SNAPSHOTS_KEPT_PER_LISTING } from '../ecs/listing-guard';
import type { Deadline } from './deadline';
import { EcsSession, type EcsSessionOptions, type Paging, type SnapshotListing } from './ecs-session';
import type { Answered } from './paced-calls';
import type { RetryEvent, RetryPolicy, RetryTools } from './retry';

/** DescribeDisks answers 10 to 500 a page (SDK model). */
const DISKS_PER_PAGE = 100;

/** What to list: DescribeDisks' filters, without the paging. */
export type DiskListing = Omit<DescribeDisksQuery, 'MaxResults' | 'NextToken'>;

/**
 * The session of restore drills and KeepCopies: EcsSession's snapshot actions and pager, with the disk actions
 * besides (CreateDisk, DescribeDisks, DeleteDisk, DescribeAvailableResource, DeleteSnapshot, TagResources), each
 * paced, retried and cut to the deadline like every other call. Their listings are kept whole, so each is bounded
 * by MAX_SNAPSHOTS_KEPT_PER_LISTING. Only the on-demand bundle holds it.
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

  /** Every snapshot a DescribeSnapshots listing lists, kept, with those that could not be read. */
  async listSnapshots(listing: SnapshotListing): Promise<{ snapshots: SnapshotInfo[]; unreadable: UnrecognizedSnapshot[] }> {
    const snapshots: SnapshotInfo[] = [];
    const unreadable: UnrecognizedSnapshot[] = [];
    for await (const page of this.snapshotPages(listing, new ListingGuard(listing, MAX_SNAPSHOTS_KEPT_PER_LISTING))) {
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

/** A session for restore drills and KeepCopies, at the pace of API_CALLS_PER_MINUTE. */
export function openDiskSession(
  callsPerMinute: number,
  { ecs, disks, retryPolicy, ...tools }: DiskSessionDependencies,
  credentials: Credentials,
  deadline: Deadline,
  onRetry?: (event: RetryEvent & { Action: string }) => void,
): EcsDiskSession {
  return new EcsDiskSession({ ecs, credentials, deadline, retryPolicy, callsPerMinute, tools, onRetry }, disks);
}
