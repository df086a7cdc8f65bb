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
