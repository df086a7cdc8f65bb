import { checkCallerRequest } from '../config/caller-policy';
import type { Configuration } from '../config/configuration';
import { resolveCredentials } from '../ecs/credentials';
import { type CopyOrder, type InvocationFacts, resolveCopyOrder } from '../request/copy-order';
import { parseCopyRequest } from '../request/copy-request';
import type { CopyObserver } from './copy-observer';
import { type RunSettings, runCopies } from './copy-run';
import type { Instance, Invocation } from './instance';
import type { PruneReport } from './keep-copies/keep-copies';
import { onDemand } from './lazy-on-demand';
import { isFailure, type RunVerdict, runVerdict } from './run-verdict';

/** A copy asked for: by a timer's payload, a direct invocation's event, or `POST /copies`. */
interface CopyAsked {
  /** The copy request, as sent: parsed here. */
  body: unknown;
  /** An HTTP caller is held to the operator's CALLER_* rules; timer and direct invocations are the operator's own. */
  fromHttpCaller: boolean;
  facts: InvocationFacts;
}

/**
 * The copy use case: the request, merged with the configuration into an order and (for an HTTP caller) held to the
 * caller policy, then the run, with KeepCopies (when the operator asked for it) between its checks and its copies,
 * and its verdict. Throws a CopyFailure when nothing could be run: a request that breaks a rule, a caller refused,
 * no credentials, a listing that failed.
 */
export async function copySnapshots(
  asked: CopyAsked,
  instance: Instance,
  invocation: Invocation<CopyObserver>,
): Promise<{ order: CopyOrder; verdict: RunVerdict }> {
  const { configuration, dependencies, env } = instance;
  const { contextCredentials, deadline, observer } = invocation;
  const request = parseCopyRequest(asked.body);
  const order = resolveCopyOrder(request, configuration, asked.facts, asked.fromHttpCaller ? 'http-caller' : 'operator');
  const settings = runSettings(configuration, asked.fromHttpCaller);
  if (settings.callerPolicy) checkCallerRequest(request, order, settings.callerPolicy, configuration);
  const credentials = resolveCredentials(contextCredentials, env);
  let prune: PruneReport | undefined;
  const copied = await runCopies(order, settings, dependencies, credentials, deadline, {
    onRetry: (retry) => observer.onRetry(retry),
    onResult: (result) => observer.onResult(result, isFailure(result, order)),
    onUnreadable: (snapshot) => observer.onUnreadable(snapshot),
    // KeepCopies after every check of the request and the plan, before the run starts copies: nothing is deleted for
    // a refused request, and the copy this run starts does not hold back the pruning that yesterday's finished copy
    // allows (docs/keep-copies.md). An HTTP caller's order never has it. Its code is in dist/on-demand.js.
    checkedAndPlanned: async (checked) => {
      if (order.KeepCopies !== undefined) {
        prune = await onDemand().keepCopiesInRun({ ...order, KeepCopies: order.KeepCopies }, checked, instance, invocation, credentials);
      }
    },
  });
  // KeepCopies' counts and verdict come with its code: loaded only when the order has KeepCopies.
  const report = prune === undefined ? copied : onDemand().withPruneCounts(copied, prune);
  const copiesVerdict = runVerdict(order, report);
  const verdict = prune === undefined ? copiesVerdict : onDemand().keepCopiesVerdict(copiesVerdict, prune, asked.fromHttpCaller);
  observer.onReport(report, verdict.ok && (prune?.Summary.PruneFailed ?? 0) === 0 && prune?.Stopped === undefined, configuration.RpoHours);
  return { order, verdict };
}

function runSettings(configuration: Configuration, fromHttpCaller: boolean): RunSettings {
  return {
    apiCallsPerMinute: configuration.ApiCallsPerMinute,
    maxCopiesInFlight: configuration.MaxCopiesInFlight,
    rpoHours: configuration.RpoHours,
    ...(fromHttpCaller ? { callerPolicy: configuration.CallerPolicy } : {}),
  };
}
