import type * as Crypto from 'node:crypto';
import { DERIVED_CLIENT_TOKEN_PREFIX } from '../request/caller-client-token';

/**
 * ECS makes one copy per ClientToken: "the same token with the same parameters returns the same result instead of
 * a second copy" (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-copysnapshot,
 * https://www.alibabacloud.com/help/doc-detail/25693.html). The token is derived from what identifies the copy (source
 * region and snapshot, destination) and `salt` (a caller's own token, and how many earlier copies failed), not drawn
 * at random, so that every attempt, every re-delivery and every racing invocation carries the same token.
 * The result is at most 64 ASCII characters, and starts with DERIVED_CLIENT_TOKEN_PREFIX, which no caller's token
 * may (lib/request/caller-client-token.ts): a caller cannot send a token the function derives.
 */
export function deriveClientToken(
  salt: readonly string[],
  copy: { RegionId: string; SnapshotId: string; DestinationRegionId: string },
): string {
  // Required here rather than at the top: node:crypto and the streams it loads would add to every cold start,
  // and a request refused before any call never needs them.
  const { createHash } = require('node:crypto') as typeof Crypto;
  const digest = createHash('sha256')
    .update(JSON.stringify([...salt, copy.RegionId, copy.SnapshotId, copy.DestinationRegionId]))
    .digest('base64url');
  return `${DERIVED_CLIENT_TOKEN_PREFIX}${digest}`;
}
