import { type EcsError, refusal } from './errors';
import { lengthOf } from './params';
import type { SnapshotTag } from './snapshot';

/** `Tag.N.Key` / `Tag.N.Value` as the RPC API flattens them (pop-core turns `Tag: [{ Key, Value }]` into these). */
export interface TagParam {
  n: number;
  Key: string | undefined;
  Value: string | undefined;
}

const TAG_PARAMETER = /^Tag\.([1-9]\d*)\.(Key|Value)$/;

/** The tag parameters of a request, ordered by N. */
export function readTagParams(params: ReadonlyMap<string, string>): TagParam[] {
  const byN = new Map<number, TagParam>();
  for (const [name, value] of params) {
    const match = TAG_PARAMETER.exec(name);
    if (match === null) continue;
    const n = Number(match[1]);
    const tag = byN.get(n) ?? { n, Key: undefined, Value: undefined };
    if (match[2] === 'Key') tag.Key = value;
    else tag.Value = value;
    byN.set(n, tag);
  }
  return [...byN.values()].sort((a, b) => a.n - b.n);
}

/** "Tag.N … N" is at most 20 ("at most 20 tags": https://api.aliyun.com/document/Ecs/2014-05-26/CopySnapshot). */
const MAX_TAGS = 20;

const containsUrl = (value: string): boolean => /https?:\/\//i.test(value);
const startsWithReservedPrefix = (value: string): boolean => /^(acs:|aliyun)/i.test(value);

/** The tags a request sets (CopySnapshot, CreateDisk, TagResources share the rules of a tag's Key and Value). */
export function parseTags(params: ReadonlyMap<string, string>): { ok: true; tags: SnapshotTag[] } | { ok: false; error: EcsError } {
  const tagParams = readTagParams(params);
  // No code for too many tags is documented (CopySnapshot, CreateDisk, TagResources); InvalidTagCount is UNVERIFIED.
  if (tagParams.length > MAX_TAGS) {
    return refusal(400, 'InvalidTagCount', `The number of tags must not exceed ${MAX_TAGS}.`);
  }
  const tags: SnapshotTag[] = [];
  const keys = new Set<string>();
  for (const { Key, Value } of tagParams) {
    if (Key === undefined || Key === '' || lengthOf(Key) > 128 || containsUrl(Key) || startsWithReservedPrefix(Key)) {
      return refusal(400, 'InvalidTagKey.Malformed', 'The specified Tag.n.Key is not valid.');
    }
    const value = Value ?? '';
    if (lengthOf(value) > 128 || containsUrl(value) || startsWithReservedPrefix(value)) {
      return refusal(400, 'InvalidTagValue.Malformed', 'The specified Tag.n.Value is not valid.');
    }
    if (keys.has(Key)) return refusal(400, 'Duplicate.TagKey', 'The Tag.N.Key contain duplicate key.');
    keys.add(Key);
    tags.push({ TagKey: Key, TagValue: value });
  }
  return { ok: true, tags };
}
