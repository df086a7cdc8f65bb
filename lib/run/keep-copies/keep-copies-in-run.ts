import type { Credentials } from '../../ecs/credentials';
import type { CheckedRun } from '../copy-run';
import type { Instance, Invocation } from '../instance';
import { type KeepCopiesOrder, keepCopies, type PruneReport } from './keep-copies';
import type { PruneObserver } from './prune-observer';

/**
 * KeepCopies inside a copy run (copy-snapshots.ts, at the run's `checkedAndPlanned` point): the instance's
 * configuration, clients and pacing, and the invocation's deadline and observer. Its calls and the copy run's follow
 * one another, each paced at API_CALLS_PER_MINUTE.
 */
export function keepCopiesInRun(
  order: KeepCopiesOrder,
  checked: CheckedRun,
  { configuration, dependencies, disks }: Instance,
  { deadline, observer }: Invocation<PruneObserver>,
  credentials: Credentials,
): Promise<PruneReport> {
  return keepCopies(
    order,
    checked,
    { apiCallsPerMinute: configuration.ApiCallsPerMinute, ecsEndpointTemplate: configuration.EcsEndpointTemplate },
    { ...dependencies, disks: disks() },
    credentials,
    deadline,
    {
      onRetry: (retry) => observer.onRetry(retry),
      onPrune: (result) => observer.onPrune(result),
      onStopped: (stop) => observer.onPruneStopped(stop),
      onSharedEndpoint: (note) => observer.onSharedEndpoint(note),
    },
  );
}
