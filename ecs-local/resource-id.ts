import { randomInt } from 'node:crypto';

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** The prefix of a snapshot's, a disk's and an image's ID (`m-bp1g6zv0ce8oghu7k***`, CreateImage page). */
export type ResourceIdPrefix = 's-' | 'd-' | 'm-';

/** `prefix` + 20 lowercase letters and digits, the length of real IDs such as `s-bp67acfmxazb4p3xk2rd` and
 * `d-bp131n0q38u3a4zi1234`, that no resource in `taken` has. */
export function unusedResourceId(prefix: ResourceIdPrefix, taken: ReadonlyMap<string, unknown>): string {
  let id = newResourceId(prefix);
  while (taken.has(id)) id = newResourceId(prefix);
  return id;
}

function newResourceId(prefix: ResourceIdPrefix): string {
  let id: string = prefix;
  for (let i = 0; i < 20; i += 1) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)] ?? 'a';
  return id;
}
