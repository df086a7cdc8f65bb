import { invocationDeadline } from '../../lib/calls/deadline';
import { callWithRetries, DEFAULT_RETRY_POLICY, type RetryTools } from '../../lib/calls/retry';
import type { Credentials } from '../../lib/ecs/credentials';
import type { Ecs, SnapshotInfo } from '../../lib/ecs/ecs';

/** DescribeSnapshots takes at most 100 IDs in `SnapshotIds` and answers at most 100 a page
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describesnapshots). */
const IDS_PER_CALL = 100;

export interface CopyLookupTools extends RetryTools {
  now: () => number;
}

/**
 * The copies named, as DescribeSnapshots lists them now in their regions: 100 IDs a call, each call retried as the
 * function retries its own. A copy not found (released since) is simply absent from the answer.
 */
export async function describeCopies(
  ecs: Ecs,
  wanted: ReadonlyMap<string, readonly string[]>,
  credentials: Credentials,
  tools: CopyLookupTools,
  timeoutSeconds = 60,
): Promise<Map<string, SnapshotInfo>> {
  const deadline = invocationDeadline(timeoutSeconds, tools.now(), tools.now);
  const found = new Map<string, SnapshotInfo>();
  for (const [RegionId, ids] of wanted) {
    const distinct = [...new Set(ids)];
    for (let index = 0; index < distinct.length; index += IDS_PER_CALL) {
      const SnapshotIds = distinct.slice(index, index + IDS_PER_CALL);
      const seen = new Set<string>();
      let NextToken: string | undefined;
      do {
        const token = NextToken;
        const { value: page } = await callWithRetries(
          (timeoutMs) =>
            ecs.describeSnapshots(
              { RegionId, SnapshotIds, MaxResults: IDS_PER_CALL, ...(token !== undefined ? { NextToken: token } : {}) },
              { credentials, timeoutMs },
            ),
          DEFAULT_RETRY_POLICY,
          deadline,
          tools,
        );
        for (const snapshot of page.Snapshots) if (SnapshotIds.includes(snapshot.SnapshotId)) found.set(snapshot.SnapshotId, snapshot);
        // At most 100 IDs fit one page; a NextToken that comes back would page forever, so it ends the listing.
        NextToken = page.NextToken !== undefined && !seen.has(page.NextToken) ? page.NextToken : undefined;
        if (NextToken !== undefined) seen.add(NextToken);
      } while (NextToken !== undefined);
    }
  }
  return found;
}
