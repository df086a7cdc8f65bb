import type * as z from 'zod/mini';
import { type FieldIssue, ValidationError } from '../failures/errors';
import { toFieldIssues } from './field-issues';

// The drill's and the restore's requests (on-demand bundle): apart from field-issues.ts, which the copy path's bundle holds.

/** A request as sent, parsed by its schema; throws a ValidationError naming each broken field. */
export function parseRequest<Schema extends z.ZodMiniType>(schema: Schema, body: unknown): z.infer<Schema> {
  const request = schema.safeParse(body);
  if (!request.success) throw new ValidationError(toFieldIssues(request.error.issues));
  return request.data;
}

/**
 * A check of one field that adds its issues, named after the field, to `issues`: the value when it passes, else
 * undefined.
 */
export function fieldCheck(issues: FieldIssue[]) {
  return <T>(field: string, schema: z.ZodMiniType<T>, value: unknown): T | undefined => {
    const result = schema.safeParse(value);
    if (!result.success) issues.push(...toFieldIssues(result.error.issues, field));
    return result.success ? result.data : undefined;
  };
}
