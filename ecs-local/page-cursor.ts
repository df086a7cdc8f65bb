import * as z from 'zod';

/**
 * Where the next page of a listing starts: after the item created at `c` with sequence number `s`, of the query
 * whose fingerprint is `q` (a token is refused for another query). DescribeSnapshots and DescribeDisks page alike.
 */
const CursorSchema = z.strictObject({ c: z.number().int(), s: z.number().int().nonnegative(), q: z.string() });
export type Cursor = z.infer<typeof CursorSchema>;

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

/** The cursor a NextToken stands for, or undefined for a token this server did not make. */
export function decodeCursor(token: string): Cursor | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  try {
    const parsed = CursorSchema.safeParse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** A parameter sent as a JSON array of strings (`SnapshotIds`, `DiskIds`), or undefined when it is not one. */
export function parseJsonStringArray(text: string): string[] | undefined {
  try {
    const parsed = z.array(z.string()).safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
