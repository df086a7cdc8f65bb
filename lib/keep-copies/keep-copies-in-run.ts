import type { KeepCopiesStep } from '../copy/keep-copies-step';
import type { Instance, Invocation } from '../fc/instance';
import { keepCopies } from './keep-copies';
import { keepCopiesVerdict, withPruneCounts } from './keep-copies-verdict';
import type { PruneObserver } from './prune-observer';

/**
 * KeepCopies as the copy run's step (lib/copy/keep-copies-step.ts), at the run's `checkedAndPlanned` point: the
 * instance's configuration, clients and pacing, and the invocation's deadline and observer. Its calls and the copy
 * run's follow one another, each paced at API_CALLS_PER_MINUTE. `fromHttpCaller`: an HTTP caller's order never has
 * KeepCopies, and its answer is the copy's whatever KeepCopies did (docs/keep-copies.md).
 */
export function keepCopiesInRun(
  { configuration, dependencies, disks }: Instance,
  { deadline, observer }: Invocation<PruneObserver>,
  fromHttpCaller: boolean,
): KeepCopiesStep {
  return async (order, checked, credentials) => {
    const { KeepCopies } = order;
    if (KeepCopies === undefined) throw new Error('The KeepCopies step runs only for an order with KeepCopies');
    const prune = await keepCopies(
      { ...order, KeepCopies },
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
    return {
      report: (report) => withPruneCounts(report, prune),
      verdict: (verdict) => keepCopiesVerdict(verdict, prune, fromHttpCaller),
      ok: prune.Summary.PruneFailed === 0 && prune.Stopped === undefined,
    };
  };
}
