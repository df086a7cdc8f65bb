import type { FieldIssue } from './errors';

interface ZodLikeIssue {
  code: string;
  path: ReadonlyArray<PropertyKey>;
  message: string;
  keys?: readonly string[];
}

/**
 * Turns zod issues into the API's own field names. List items are numbered from 1, as in `Tag.N.Key`, so that the
 * field named in an error is the one a user finds in the CopySnapshot documentation.
 */
export function toFieldIssues(issues: readonly ZodLikeIssue[], prefix?: string): FieldIssue[] {
  return issues.flatMap((issue) => {
    const base = [prefix, ...issue.path.map((part) => (typeof part === 'number' ? String(part + 1) : String(part)))]
      .filter((part): part is string => part !== undefined && part !== '')
      .join('.');
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      return issue.keys.map((key) => ({
        field: base ? `${base}.${key}` : key,
        rule: 'is not a parameter this function accepts (check its spelling)',
      }));
    }
    return [{ field: base || '(request)', rule: issue.message }];
  });
}
