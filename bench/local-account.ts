// The one account, its source snapshots and the destinations every measurement uses on the local ECS endpoint;
// the function and the baseline get exactly these.
import { DEFAULT_REGIONS } from '../ecs-local/regions';
import { CANARY_CREDENTIALS } from '../tools/fc-fixtures';

export const BENCH_CREDENTIALS = CANARY_CREDENTIALS;

export const SOURCE_REGION_ID = 'cn-hangzhou';

/**
 * The n-th event copies the n-th source snapshot (each on a disk of its own), so that every event makes a new copy:
 * the function finds the copies it made earlier by their tags and would not copy a source twice.
 */
export function sourceSnapshot(n: number): { SnapshotId: string; DiskId: string } {
  const serial = String(n).padStart(10, '0');
  return { SnapshotId: `s-bench${serial}`, DiskId: `d-bench${serial}` };
}

const DESTINATIONS = DEFAULT_REGIONS.filter((region) => region !== SOURCE_REGION_ID);

/**
 * The n-th event's destination, in turn among every other region: the function lists a destination's snapshots
 * on every run, and the turns keep each region's list to a page (100) for a few thousand events, so that event
 * 2000 costs what event 1 does.
 */
export function destinationRegionId(n: number): string {
  return DESTINATIONS[n % DESTINATIONS.length] ?? 'us-east-1';
}

/** Events one local endpoint can take before a destination's list passes one page. */
export const MAX_EVENTS_PER_ENDPOINT = DESTINATIONS.length * 99;

/** The tag every snapshot of the benchmark's fleet carries; the fleet run selects by it (`SourceTag`). */
export const FLEET_TAG = { Key: 'dr-fleet', Value: 'bench' } as const;
