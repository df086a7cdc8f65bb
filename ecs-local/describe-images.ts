import { type ActionContext, type ActionResult, ecsAction, fail, succeed } from './action';
import { invalidParameter } from './errors';
import { IMAGE_STATUSES } from './image';
import type { StoredImage } from './image-store';
import { integerFrom, oneOf } from './param-rules';
import { nonEmpty } from './params';
import { readTagParams } from './tag-params';

/** "PageSize: maximum 100, default 10"; "ImageId: up to 100 IDs, separated by commas" (the page). */
const MAX_PAGE_SIZE = 100;
const DEFAULT_PAGE_SIZE = 10;
const MAX_IMAGE_IDS = 100;
const MAX_TAG_FILTERS = 20;

/**
 * DescribeImages (Version 2014-05-26): the account's custom images of a region that match every filter, newest first,
 * paged with PageNumber and PageSize (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describeimages).
 * Without `Status` only Available images are listed, as the page says: an image still Creating is listed only when
 * `Status` names it. This cloud holds no public, shared or marketplace images: `ImageOwnerAlias` other than `self`
 * lists none. Malformed filters are `InvalidParameter.<Name>` (the codes are UNVERIFIED).
 */
function run(context: ActionContext): ActionResult {
  const { params, images, store, nowMs } = context;
  const RegionId = params.get('RegionId') ?? '';
  const idsText = nonEmpty(params, 'ImageId');
  const ids = idsText?.split(',').map((id) => id.trim());
  if (ids !== undefined && (ids.length > MAX_IMAGE_IDS || ids.some((id) => id === ''))) {
    return fail(invalidParameter('ImageId', `at most ${MAX_IMAGE_IDS} image IDs separated by commas are expected`));
  }
  const statuses = (nonEmpty(params, 'Status') ?? 'Available').split(',').map((status) => status.trim());
  const unknown = statuses.find((status) => !(IMAGE_STATUSES as readonly string[]).includes(status));
  if (unknown !== undefined) return fail(invalidParameter('Status', `one or more of ${IMAGE_STATUSES.join(', ')} is expected`));
  const tags: { Key: string; Value: string | undefined }[] = [];
  for (const tag of readTagParams(params)) {
    if (tag.n > MAX_TAG_FILTERS) return fail(invalidParameter('Tag', `N ranges from 1 to ${MAX_TAG_FILTERS}`));
    if (tag.Key === undefined || tag.Key === '') return fail(invalidParameter('Tag', `Tag.${tag.n}.Key is required`));
    tags.push({ Key: tag.Key, Value: tag.Value });
  }
  const owner = nonEmpty(params, 'ImageOwnerAlias');
  const ImageName = nonEmpty(params, 'ImageName');
  const PageNumber = Number(nonEmpty(params, 'PageNumber') ?? '1');
  const PageSize = Number(nonEmpty(params, 'PageSize') ?? String(DEFAULT_PAGE_SIZE));

  const view = (image: StoredImage) => images.view(image, nowMs, store.find(RegionId, image.SnapshotId) !== undefined);
  const matching = (owner === undefined || owner === 'self' ? images.list(RegionId) : [])
    .map((image) => ({ image, listed: view(image) }))
    .filter(
      ({ image, listed }) =>
        statuses.includes(listed.Status) &&
        (ids === undefined || ids.includes(image.ImageId)) &&
        (ImageName === undefined || ImageName === image.ImageName) &&
        tags.every((wanted) =>
          image.Tags.some((tag) => tag.TagKey === wanted.Key && (wanted.Value === undefined || tag.TagValue === wanted.Value)),
        ),
    );
  const page = matching.slice((PageNumber - 1) * PageSize, PageNumber * PageSize);
  return succeed({
    RegionId,
    TotalCount: matching.length,
    PageNumber,
    PageSize,
    Images: { Image: page.map(({ listed }) => listed) },
  });
}

export const describeImages = ecsAction('DescribeImages', run, {
  required: ['RegionId'],
  knownRegion: { status: 404 },
  params: {
    PageNumber: integerFrom(1, 1_000_000),
    PageSize: integerFrom(1, MAX_PAGE_SIZE),
    ImageOwnerAlias: oneOf(['system', 'self', 'others', 'marketplace']),
  },
});
