import { classifiedFailure } from '../ecs/classify-ecs-error';
import type { Credentials } from '../ecs/credentials';
import type { UnrecognizedSnapshot } from '../ecs/ecs';
import type {
  CreateImageParameters,
  DescribeImagesQuery,
  ImageInfo,
  ImagePage,
  SnapshotsWithDiskTypePage,
  SnapshotsWithDiskTypeQuery,
  SnapshotWithDiskType,
} from '../ecs/ecs-disks';
import { ListingGuard, MAX_SNAPSHOTS_KEPT_PER_LISTING } from '../ecs/listing-guard';
import type { Deadline } from './deadline';
import { type DiskSessionDependencies, EcsDiskSession } from './ecs-disk-session';
import type { Paging } from './ecs-session';
import type { Answered } from './paced-calls';
import type { RetryEvent } from './retry';

/** DescribeImages answers at most 100 images a page (the DescribeImages page: PageSize). */
const IMAGES_PER_PAGE = 100;
/** A restore's images are one a system disk: far fewer pages than this; more is an answer that never ends. */
const MAX_IMAGE_PAGES = 50;
const SNAPSHOTS_PER_PAGE = 100;

/** What to list: DescribeSnapshots' filters a restore uses, without the paging. */
export type SnapshotsWithDiskTypeListing = Omit<SnapshotsWithDiskTypeQuery, 'MaxResults' | 'NextToken'>;

/**
 * The session of restores: EcsDiskSession's actions, with the image actions besides (CreateImage, DescribeImages) and
 * DescribeSnapshots read with each snapshot's SourceDiskType, each paced, retried and cut to the deadline like every
 * other call. Only the on-demand bundle holds it.
 */
export class EcsRestoreSession extends EcsDiskSession {
  createImage(parameters: CreateImageParameters): Promise<Answered<{ ImageId: string; RequestId: string }>> {
    return this.call({ Action: 'CreateImage', RegionId: parameters.RegionId }, (call) => this.diskPort.createImage(parameters, call));
  }

  describeImages(query: DescribeImagesQuery): Promise<Answered<ImagePage>> {
    return this.call({ Action: 'DescribeImages', RegionId: query.RegionId }, (call) => this.diskPort.describeImages(query, call));
  }

  describeSnapshotsWithDiskType(query: SnapshotsWithDiskTypeQuery): Promise<Answered<SnapshotsWithDiskTypePage>> {
    return this.call({ Action: 'DescribeSnapshots', RegionId: query.RegionId }, (call) =>
      this.diskPort.describeSnapshotsWithDiskType(query, call),
    );
  }

  /** Every image a DescribeImages query lists, page by page (PageNumber), each kept. */
  async listImages(listing: Omit<DescribeImagesQuery, 'PageNumber' | 'PageSize'>): Promise<ImageInfo[]> {
    const found: ImageInfo[] = [];
    for (let PageNumber = 1; PageNumber <= MAX_IMAGE_PAGES; PageNumber++) {
      const { value: page } = await this.describeImages({ ...listing, PageNumber, PageSize: IMAGES_PER_PAGE });
      found.push(...page.Images);
      if (page.Images.length < IMAGES_PER_PAGE || found.length >= page.TotalCount) return found;
    }
    throw classifiedFailure({
      Code: 'EcsBadResponse',
      Message: `DescribeImages in ${listing.RegionId} listed more than ${MAX_IMAGE_PAGES} pages for one query; the listing was stopped`,
    });
  }

  /** Every snapshot a DescribeSnapshots listing lists, with its SourceDiskType, kept: bounded and guarded as any. */
  async listSnapshotsWithDiskType(
    listing: SnapshotsWithDiskTypeListing,
  ): Promise<{ snapshots: SnapshotWithDiskType[]; unreadable: UnrecognizedSnapshot[] }> {
    const snapshots: SnapshotWithDiskType[] = [];
    const unreadable: UnrecognizedSnapshot[] = [];
    const describe = (paging: Paging) => this.describeSnapshotsWithDiskType({ ...listing, ...paging });
    for await (const page of this.pages(describe, new ListingGuard(listing, MAX_SNAPSHOTS_KEPT_PER_LISTING), SNAPSHOTS_PER_PAGE)) {
      snapshots.push(...page.Snapshots);
      unreadable.push(...(page.Unrecognized ?? []));
    }
    return { snapshots, unreadable };
  }
}

/** A session for restores, at the pace of API_CALLS_PER_MINUTE. */
export function openRestoreSession(
  callsPerMinute: number,
  { ecs, disks, retryPolicy, ...tools }: DiskSessionDependencies,
  credentials: Credentials,
  deadline: Deadline,
  onRetry?: (event: RetryEvent & { Action: string }) => void,
): EcsRestoreSession {
  return new EcsRestoreSession({ ecs, credentials, deadline, retryPolicy, callsPerMinute, tools, onRetry }, disks);
}
