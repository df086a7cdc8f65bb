import * as z from 'zod/mini';

/**
 * A JavaScript string can hold a lone UTF-16 surrogate (`"\ud800"` in JSON is legal), which is no character at all:
 * it cannot be written as UTF-8, so pop-core's `encodeURIComponent` throws a URIError while signing, after the
 * listings were already made. Such text is refused where it enters, with the field named.
 *
 * With the `u` flag a well-formed surrogate pair is one code point outside this range, so only a lone half matches.
 */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

export const WELL_FORMED_UNICODE_RULE = 'must be well-formed Unicode text (it holds a lone UTF-16 surrogate)';

export function isWellFormedUnicode(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/**
 * The check for a string field of any schema: `z.string().check(wellFormedUnicode(), ...)`. It aborts the field's
 * other checks, whose messages ("must start with a letter") would only confuse the one that matters.
 */
export function wellFormedUnicode() {
  return z.refine<string>(isWellFormedUnicode, { error: WELL_FORMED_UNICODE_RULE, abort: true });
}

/** Where a JSON value holds text that is not well-formed Unicode: the path to it, and whether a key or a value. */
export interface MalformedText {
  /** Object keys and list positions (from 0) down to the string, as zod gives an issue's path. */
  path: Array<string | number>;
  /** `key`: the last object key of `path` is itself malformed (the path then ends at the object holding it). */
  at: 'key' | 'value';
}

/** How deep the fields of a copy request, SELECTION or SNAPSHOT_TAGS go, with room to spare. */
const MAX_FIELD_DEPTH = 8;

/**
 * Every string in a parsed JSON value, keys included, that holds a lone UTF-16 surrogate (`"\ud800"` is legal JSON
 * and parses to one). Such text cannot be sent: pop-core's `encodeURIComponent` throws on it, after the listings
 * were made. Checked where a request or a variable enters, so that it is refused before any call, naming the field.
 *
 * Walked with a stack of its own, not by recursion, and only as deep as a request's fields go (`Tag.1.Key` is the
 * deepest): a direct invoker may send JSON nested thousands deep, and anything below the fields is refused by the
 * request's schema for its shape anyway.
 */
export function malformedText(value: unknown, maxDepth = MAX_FIELD_DEPTH): MalformedText[] {
  const found: MalformedText[] = [];
  const pending: Array<{ value: unknown; path: Array<string | number> }> = [{ value, path: [] }];
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    const { value: current, path } = item;
    if (path.length > maxDepth) continue;
    if (typeof current === 'string') {
      if (!isWellFormedUnicode(current)) found.push({ path, at: 'value' });
    } else if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index--) pending.push({ value: current[index], path: [...path, index] });
    } else if (typeof current === 'object' && current !== null) {
      const entries = Object.entries(current);
      for (let index = entries.length - 1; index >= 0; index--) {
        const [key, child] = entries[index] as [string, unknown];
        // A malformed key is named by where it is; what it holds is not looked into (its path would quote the key).
        if (!isWellFormedUnicode(key)) found.push({ path, at: 'key' });
        else pending.push({ value: child, path: [...path, key] });
      }
    }
  }
  return found;
}

/**
 * The names of the parameters, among those about to be sent, whose text is not well-formed Unicode: `Tag.2.Value`
 * for an item of a list of objects, as the RPC API names it. Checked by the ECS adapter as a last line of defence.
 */
export function malformedUnicodeParameters(params: Readonly<Record<string, unknown>>): string[] {
  return malformedText(params).map(({ path }) => path.map((part) => (typeof part === 'number' ? String(part + 1) : part)).join('.'));
}
