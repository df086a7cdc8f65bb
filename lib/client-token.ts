import { createHash } from 'node:crypto';

/**
 * ECS makes one copy per ClientToken: "the same token with the same parameters returns the same result instead of
 * a second copy" (ecs-api.md). The token is derived from what identifies the copy, not drawn at random, so that every
 * attempt of a copy, and every re-delivery of the same event, carries the same token.
 *
 * `origin` names the occasion: a timer's `triggerTime` (FC re-delivers the same event after a failure), or the FC
 * request ID of an HTTP or direct invocation (retries within it). The result is at most 64 ASCII characters.
 */
export function deriveClientToken(
  origin: readonly string[],
  copy: { RegionId: string; SnapshotId: string; DestinationRegionId: string },
): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([...origin, copy.RegionId, copy.SnapshotId, copy.DestinationRegionId]))
    .digest('base64url');
  return `sc-${digest}`;
}
