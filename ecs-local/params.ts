/**
 * Request parameters of the RPC API: `application/x-www-form-urlencoded` pairs, in the query (GET) or in the body
 * (POST, which pop-core sends with `content-type: application/x-www-form-urlencoded`).
 */

export type ParseResult = { ok: true } | { ok: false; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Bytes that are not UTF-8 are refused rather than replaced, so a signature is never checked over altered text. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Adds the pairs of `text` to `into`, a later pair replacing an earlier one of the same name. `+` is a space, as in
 * every form decoder; pop-core itself sends spaces as `%20` and `+` as `%2B`, so both readings agree for it.
 */
export function parseFormEncoded(text: string, into: Map<string, string>): ParseResult {
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const rawName = equals === -1 ? pair : pair.slice(0, equals);
    const rawValue = equals === -1 ? '' : pair.slice(equals + 1);
    const name = decodeComponent(rawName);
    const value = decodeComponent(rawValue);
    if (name === undefined || value === undefined) {
      return { ok: false, reason: 'The request contains malformed percent-encoding or percent-encoded bytes that are not UTF-8.' };
    }
    if (name === '') continue;
    into.set(name, value);
  }
  return { ok: true };
}

function decodeComponent(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/** A parameter counts as given only when it is not empty: ECS treats `X=` like an absent `X`. */
export function nonEmpty(params: ReadonlyMap<string, string>, name: string): string | undefined {
  const value = params.get(name);
  return value === undefined || value === '' ? undefined : value;
}

/** Lengths count characters, not UTF-16 units: Chinese letters are allowed in names, descriptions and tags. */
export const lengthOf = (value: string): number => [...value].length;
