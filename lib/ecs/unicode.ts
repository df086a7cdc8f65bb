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

/**
 * The names of the parameters, among those about to be sent, whose text is not well-formed Unicode: `Tag.2.Value`
 * for an item of a list of objects, as the RPC API names it. Checked by the ECS adapter as a last line of defence.
 */
export function malformedUnicodeParameters(params: Readonly<Record<string, unknown>>): string[] {
  const found: string[] = [];
  const visit = (name: string, value: unknown): void => {
    if (typeof value === 'string') {
      if (!isWellFormedUnicode(value)) found.push(name);
    } else if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) visit(`${name}.${index + 1}`, item);
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) visit(`${name}.${key}`, item);
    }
  };
  for (const [name, value] of Object.entries(params)) visit(name, value);
  return found;
}
