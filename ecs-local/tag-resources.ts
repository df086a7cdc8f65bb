import { type ActionContext, type ActionResult, ecsAction, fail, succeed } from './action';
import { ecsError, missingParameter } from './errors';
import type { SnapshotTag } from './snapshot';
import { parseTags } from './tag-params';

/** "ResourceId.N: valid values of N: 1 to 50"; "Tag.N: 1 to 20" (TagResources page). */
const MAX_RESOURCES = 50;
/** ECS's limit on the tags of one resource (the "Tag limits" of the Limits page). */
const MAX_TAGS_PER_RESOURCE = 20;

/** A tag list with `added` put in: a key already there takes the new value (TagResources overwrites). */
function merged(existing: readonly SnapshotTag[], added: readonly SnapshotTag[]): SnapshotTag[] {
  const keys = new Set(added.map((tag) => tag.TagKey));
  return [...existing.filter((tag) => !keys.has(tag.TagKey)), ...added];
}

/**
 * TagResources (Version 2014-05-26) for `ResourceType` `snapshot` and `disk`
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-tagresources): every resource
 * must exist in the region, and none may end up with more than 20 tags, or nothing is tagged. The codes for a
 * resource not found and for too many tags are UNVERIFIED.
 */
function run(context: ActionContext): ActionResult {
  const { params, store, disks, nowMs } = context;
  const RegionId = params.get('RegionId') ?? '';
  const ResourceType = params.get('ResourceType');
  if (ResourceType !== 'snapshot' && ResourceType !== 'disk') {
    return fail(ecsError(400, 'InvalidParameter.ResourceType', 'ecs-local tags snapshots and disks only.'));
  }
  const ids = [...params].filter(([name]) => /^ResourceId\.[1-9]\d*$/.test(name)).map(([, value]) => value);
  if (ids.length === 0) return fail(missingParameter('ResourceId.1'));
  if (ids.length > MAX_RESOURCES)
    return fail(ecsError(400, 'InvalidParameter.ResourceId', `At most ${MAX_RESOURCES} resources can be tagged at once.`));
  const tags = parseTags(params);
  if (!tags.ok) return tags;
  if (tags.tags.length === 0) return fail(missingParameter('Tag.1.Key'));

  const apply: (() => void)[] = [];
  for (const id of ids) {
    const resource = ResourceType === 'snapshot' ? store.find(RegionId, id) : disks.find(RegionId, id, nowMs);
    if (resource === undefined) return fail(ecsError(404, 'InvalidResourceId.NotFound', `The specified resource ${id} does not exist.`));
    const next = merged(resource.Tags, tags.tags);
    if (next.length > MAX_TAGS_PER_RESOURCE) {
      return fail(ecsError(400, 'InvalidTagCount', `A resource can carry at most ${MAX_TAGS_PER_RESOURCE} tags.`));
    }
    apply.push(() => ('SnapshotId' in resource ? store.retag(resource, next) : disks.retag(resource, next)));
  }
  for (const change of apply) change();
  return succeed({});
}

export const tagResources = ecsAction('TagResources', run, { required: ['RegionId', 'ResourceType'], knownRegion: { status: 404 } });
