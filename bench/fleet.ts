// Fleet throughput (the fleet issue: a whole fleet's wall time against the rate-limit floor, and peak memory): not
// measured yet. To come: seed a fleet on the local ECS endpoint (ecs-local-process.ts), run one timer event that
// selects it through the bundle in a fresh process (cold-start-child.ts does one event), and return the wall time
// over the floor (ECS calls answered, from /_local/calls, x 60 s / API_CALLS_PER_MINUTE) and the peak RSS.
import { type Figure, notYet } from './figures';

export async function measureFleet(): Promise<Figure[]> {
  return [notYet('fleet: not yet (wall time vs rate-limit floor, peak RSS)')];
}
