/** The new snapshot in a handler's answer: the function answers CopySnapshot's own `SnapshotId`, the official
 * SDK's response model names it `snapshotId`. */
export function snapshotIdOf(result: unknown): string | undefined {
  if (typeof result !== 'object' || result === null) return undefined;
  const value = 'SnapshotId' in result ? result.SnapshotId : 'snapshotId' in result ? result.snapshotId : undefined;
  return typeof value === 'string' ? value : undefined;
}
