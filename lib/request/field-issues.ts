import type { FieldIssue } from '../failures/errors';

interface ZodLikeIssue {
  code: string;
  path: ReadonlyArray<PropertyKey>;
  message: string;
  keys?: readonly string[];
}

/** A field name as echoed in a message: a caller's unknown key may be any length. */
const MAX_ECHOED = 64;
function echoed(name: string): string {
  return name.length > MAX_ECHOED ? `${name.slice(0, MAX_ECHOED)}…` : name;
}

/**
 * Turns zod issues into the API's own field names. List items are numbered from 1, as in `Tag.N.Key`, so that the
 * field named in an error is the one a user finds in the CopySnapshot documentation.
 */
export function toFieldIssues(issues: readonly ZodLikeIssue[], prefix?: string): FieldIssue[] {
  // Unknown keys first, the request's own before nested ones: a misspelt field explains the others, and an answer
  // cut at its first issues (ValidationError) must still name a key such as `__proto__` that no request may carry.
  const rank = (issue: ZodLikeIssue) => (issue.code === 'unrecognized_keys' ? issue.path.length : Number.POSITIVE_INFINITY);
  const ordered = [...issues].sort((a, b) => rank(a) - rank(b));
  return ordered.flatMap((issue) => {
    const base = fieldPath(issue.path, prefix);
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      return issue.keys.map((key) => ({
        field: base ? `${base}.${echoed(key)}` : echoed(key),
        rule: 'is not a parameter this function accepts (check its spelling)',
      }));
    }
    return [{ field: base || '(request)', rule: issue.message }];
  });
}

/** A path as the API names a field: `Tag.2.Key` for `['Tag', 1, 'Key']`; empty for the request itself. */
export function fieldPath(path: ReadonlyArray<PropertyKey>, prefix?: string): string {
  return [prefix, ...path.map((part) => (typeof part === 'number' ? String(part + 1) : echoed(String(part))))]
    .filter((part): part is string => part !== undefined && part !== '')
    .join('.');
}
