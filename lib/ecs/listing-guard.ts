import { classifiedFailure } from './classify-ecs-error';
import { type DescribeSnapshotsQuery, type SnapshotPage, TAG_FILTER_MATCH_CAP } from './ecs';

/**
 * The most snapshots one listing may list before it is stopped as a bad answer. The run's listings stream: they keep
 * per page only its NextToken (a few dozen bytes) and per disk what the plan and the report need, so the bound is
 * there to end a listing that never ends although its NextTokens never repeat: 200,000 snapshots (2,000 pages, about 200 KB of tokens) is almost three times a destination holding a
 * week of daily copies of 10,000 disks, and far below 128 MB.
 */
export const MAX_SNAPSHOTS_PER_LISTING = 200_000;

/**
 * The bound of a listing whose snapshots are all kept until it ends (restore drills, KeepCopies: EcsDiskSession in
 * lib/calls/ecs-disk-session.ts): about 1.5 KB a listed snapshot with its tags, so 20,000 hold about 30 MB, which leaves a 128 MB
 * instance room for everything else.
 */
export const MAX_SNAPSHOTS_KEPT_PER_LISTING = 20_000;

/** A page of a listing, as the guard counts it: DescribeSnapshots' snapshots, or DescribeDisks' disks. */
export type ListedPage = Pick<SnapshotPage, 'NextToken' | 'RequestId'> &
  ({ Snapshots: readonly unknown[]; Unrecognized?: readonly unknown[] } | { Disks: readonly unknown[] });

/**
 * Watches one listing page by page, for whoever pages through it: a NextToken seen before (a page that leads back to
 * an earlier one, or to itself, would be listed until the deadline, about 33 KB a page, and run a 128 MB function
 * out of memory before it could report) ends the listing as a bad answer at once, and so does a listing longer than
 * the caller can hold. The guard sees a page after its call has returned, so its failure is never retried as the
 * call's (asking again for the same page gets the same answer): the listing stops after the call that repeated.
 * A tag-filtered listing that reaches ECS's cap of tag matches is flagged, so the caller can list another way
 * instead of taking it as complete.
 */
export class ListingGuard {
  private readonly seenTokens = new Set<string>();
  private listed = 0;
  private readonly tagFiltered: boolean;
  private readonly regionId: string;

  constructor(
    query: Pick<DescribeSnapshotsQuery, 'RegionId' | 'Tag'>,
    private readonly maxSnapshots: number,
    private readonly action = 'DescribeSnapshots',
    private readonly items = 'snapshots',
  ) {
    this.tagFiltered = (query.Tag?.length ?? 0) > 0;
    this.regionId = query.RegionId;
  }

  /** Counts a page in; throws a CopyFailure (EcsBadResponse) when the listing cycles or grows past its bound. */
  admit(page: ListedPage): void {
    this.listed += 'Disks' in page ? page.Disks.length : page.Snapshots.length + (page.Unrecognized?.length ?? 0);
    if (this.listed > this.maxSnapshots) {
      throw classifiedFailure({
        Code: 'EcsBadResponse',
        Message: `${this.action} in ${this.regionId} listed more than ${this.maxSnapshots} ${this.items} for one query; the listing was stopped`,
        RequestId: page.RequestId,
      });
    }
    const token = page.NextToken;
    if (token === undefined || token === '') return;
    if (this.seenTokens.has(token)) {
      throw classifiedFailure({
        Code: 'EcsBadResponse',
        Message: `${this.action} in ${this.regionId} answered a NextToken it had answered before: the listing would never end`,
        RequestId: page.RequestId,
      });
    }
    this.seenTokens.add(token);
  }

  /**
   * True once a tag-filtered listing has listed as many snapshots as ECS's tag filters match at most: it may be
   * missing some, so the caller must not take it as complete (list without the tag filter, by DiskId, instead).
   */
  get mayBeCapped(): boolean {
    return this.tagFiltered && this.listed >= TAG_FILTER_MATCH_CAP;
  }
}
