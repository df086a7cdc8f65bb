import { classifiedFailure } from '../ecs/classify-ecs-error';
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
import { diskSessionArguments, EcsDiskSession } from './ecs-disk-session';
import { type Listing, type Paging, SNAPSHOTS_PER_PAGE } from './ecs-session';
import type { Answered } from './paced-calls';

/** DescribeImages answers at most 100 images a page (the DescribeImages page: PageSize). */
const IMAGES_PER_PAGE = 100;
/** A restore's images are one a system disk: far fewer pages than this; more is an answer that never ends. */
const MAX_IMAGE_PAGES = 50;

/** What to list: DescribeSnapshots' filters a restore uses, without the paging. */
export type SnapshotsWithDiskTypeListing = Listing<SnapshotsWithDiskTypeQuery>;

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
  listSnapshotsWithDiskType(
    listing: SnapshotsWithDiskTypeListing,
  ): Promise<{ snapshots: SnapshotWithDiskType[]; unreadable: UnrecognizedSnapshot[] }> {
    const describe = (paging: Paging) => this.describeSnapshotsWithDiskType({ ...listing, ...paging });
    return this.keepSnapshots(this.pages(describe, new ListingGuard(listing, MAX_SNAPSHOTS_KEPT_PER_LISTING), SNAPSHOTS_PER_PAGE));
  }
}

/** A session for restores, at the pace of API_CALLS_PER_MINUTE. */
export function openRestoreSession(...args: Parameters<typeof diskSessionArguments>): EcsRestoreSession {
  return new EcsRestoreSession(...diskSessionArguments(...args));
}
