// An ECS that answers from memory, at once: with it, the per-event figures are the function's own code (decode,
// validate, configure, list, plan, derive the ClientToken, log, answer) without an HTTP client or a network under
// it. Every snapshot asked for by ID exists and is ready; every destination holds no copy yet, so every event
// makes a copy, as on the local endpoint.
import type { DescribeSnapshotsQuery, Ecs, SnapshotInfo, SnapshotPage } from '../lib/ecs/ecs';

const REQUEST_ID = '00000000-0000-4000-8000-000000000000';

function readySnapshot(SnapshotId: string, RegionId: string): SnapshotInfo {
  return {
    SnapshotId,
    RegionId,
    SourceDiskId: `d-${SnapshotId.slice(2)}`,
    Status: 'accomplished',
    Progress: '100%',
    CreationTime: Date.parse('2026-11-27T18:00:00Z'),
    SnapshotType: 'auto',
    Category: 'standard',
    Encrypted: false,
    Tags: [],
  };
}

export function inMemoryEcs(): Ecs {
  let copies = 0;
  return {
    copySnapshot: async () => {
      copies += 1;
      const serial = copies.toString(36).padStart(18, '0');
      return { SnapshotId: `s-m${serial}`, RequestId: REQUEST_ID };
    },
    describeSnapshots: async (query: DescribeSnapshotsQuery): Promise<SnapshotPage> => ({
      Snapshots: (query.SnapshotIds ?? []).map((id) => readySnapshot(id, query.RegionId)),
      NextToken: undefined,
      RequestId: REQUEST_ID,
    }),
  };
}
