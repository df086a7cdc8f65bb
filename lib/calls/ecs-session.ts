import type { CopySnapshotParameters } from '../ecs/copy-snapshot-parameters';
import type { CopySnapshotResult, DescribeSnapshotsQuery, Ecs, EcsCall, SnapshotPage, UnrecognizedSnapshot } from '../ecs/ecs';
import { type ListedPage, ListingGuard, MAX_SNAPSHOTS_PER_LISTING } from '../ecs/listing-guard';
import { type Answered, type CallOf, PacedCalls, type PacedCallsOptions } from './paced-calls';

/** DescribeSnapshots answers at most 100 snapshots a page (`MaxResults`:
 * https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describesnapshots). */
export const SNAPSHOTS_PER_PAGE = 100;

/** The paging a listing adds to its query, page by page. */
export interface Paging {
  MaxResults: number;
  NextToken?: string;
}

/** What to list: a Describe* query's filters, without the paging. */
export type Listing<Query> = Omit<Query, keyof Paging>;

/** What to list: DescribeSnapshots' filters, without the paging. */
export type SnapshotListing = Listing<DescribeSnapshotsQuery>;

export interface EcsSessionOptions extends PacedCallsOptions {
  ecs: Ecs;
  /** Told of each listed snapshot that could not be read, with the region it is in: reported, never copied. */
  onUnrecognized?: (snapshot: UnrecognizedSnapshot & { RegionId: string }) => void;
}

/**
 * The ECS port as one use case of one invocation calls it: a typed method for each ECS action, every call through
 * PacedCalls (paced by account, region and API, retried by its error class, cut to the deadline and counted), and one `pages()` that pages a
 * listing through its ListingGuard. The copy run and the status read use it as it is; restore drills and KeepCopies
 * use EcsDiskSession (ecs-disk-session.ts), which adds the disk actions, so that the copy path's bundle stays small.
 */
export class EcsSession {
  protected readonly paced: PacedCalls;
  /** Calls worth having in flight at once: two seconds' worth at the pace of one key (API_CALLS_PER_MINUTE), from 4 to
   * 32. A pool's calls are mostly of one action in one region; more would only queue at its pacer, holding their
   * pages; fewer would leave the pace unused when ECS is slow to answer. */
  readonly concurrency: number;

  constructor(private readonly options: EcsSessionOptions) {
    this.paced = new PacedCalls(options);
    this.concurrency = Math.min(32, Math.max(4, Math.ceil(options.callsPerMinute / 60) * 2));
  }

  /** ECS calls made so far (attempts included, calls never made not). */
  get apiCalls(): number {
    return this.paced.apiCalls;
  }

  /** How long the call (an action, sent to a region's endpoint) asked for now would wait for its turn; with none named,
   * the longest wait of any action and region this session has called. */
  waitMs(call?: CallOf): number {
    return this.paced.waitMs(call);
  }

  copySnapshot(parameters: CopySnapshotParameters): Promise<Answered<CopySnapshotResult>> {
    return this.call({ Action: 'CopySnapshot', RegionId: parameters.RegionId }, (call) => this.options.ecs.copySnapshot(parameters, call));
  }

  describeSnapshots(query: DescribeSnapshotsQuery): Promise<Answered<SnapshotPage>> {
    return this.call({ Action: 'DescribeSnapshots', RegionId: query.RegionId }, (call) => this.options.ecs.describeSnapshots(query, call));
  }

  /**
   * Every page of a DescribeSnapshots listing, one call a page, as they come: a caller keeps what it needs of each
   * and drops the rest. Each snapshot of a page that could not be read is told to `onUnrecognized`. The guard is the
   * caller's, to ask it afterwards whether a tag search may have been cut at ECS's cap.
   */
  async *snapshotPages(
    listing: SnapshotListing,
    guard = new ListingGuard(listing, MAX_SNAPSHOTS_PER_LISTING),
  ): AsyncGenerator<SnapshotPage> {
    const describe = (paging: Paging) => this.describeSnapshots({ ...listing, ...paging });
    for await (const page of this.pages(describe, guard, SNAPSHOTS_PER_PAGE)) {
      for (const snapshot of page.Unrecognized ?? []) this.options.onUnrecognized?.({ ...snapshot, RegionId: listing.RegionId });
      yield page;
    }
  }

  /**
   * The pager of every listing: asks page after page, each through the guard first (a NextToken seen before, or a
   * listing longer than its bound, ends it with EcsBadResponse), until a page names no NextToken.
   */
  protected async *pages<P extends ListedPage>(
    describe: (paging: Paging) => Promise<Answered<P>>,
    guard: ListingGuard,
    MaxResults: number,
  ): AsyncGenerator<P> {
    let NextToken: string | undefined;
    do {
      const { value: page } = await describe({ MaxResults, ...(NextToken !== undefined ? { NextToken } : {}) });
      guard.admit(page);
      yield page;
      NextToken = page.NextToken;
    } while (NextToken !== undefined);
  }

  /** One call, paced by its action and the region whose endpoint it goes to (RegionId; CopySnapshot: the source's). */
  protected call<T>(of: CallOf, request: (call: EcsCall) => Promise<T>): Promise<Answered<T>> {
    return this.paced.call(of, request);
  }
}
