import type { Configuration } from '../config/configuration';
import { resolveCredentials } from '../ecs/credentials';
import type { Instance, Invocation } from '../fc/instance';
import { parseCopyRequest } from '../request/copy-request';
import { checkCallerRequest } from './caller-checks';
import type { CopyObserver } from './copy-observer';
import { type CopyOrder, type InvocationFacts, resolveCopyOrder } from './copy-order';
import { type RunSettings, runCopies } from './copy-run';
import type { KeepCopiesOutcome, KeepCopiesStep } from './keep-copies-step';
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
 * caller policy, then the run, with KeepCopies (`keepCopies`, when the operator's order asks for it) between its checks
 * and its copies, and its verdict. Throws a CopyFailure when nothing could be run: a request that breaks a rule, a caller refused,
 * no credentials, a listing that failed.
 */
export async function copySnapshots(
  asked: CopyAsked,
  instance: Instance,
  invocation: Invocation<CopyObserver>,
  keepCopies: KeepCopiesStep,
): Promise<{ order: CopyOrder; verdict: RunVerdict }> {
  const { configuration, dependencies, env } = instance;
  const { contextCredentials, deadline, observer } = invocation;
  const request = parseCopyRequest(asked.body);
  const order = resolveCopyOrder(request, configuration, asked.facts, asked.fromHttpCaller ? 'http-caller' : 'operator');
  const settings = runSettings(configuration, asked.fromHttpCaller);
  if (settings.callerPolicy) checkCallerRequest(request, order, settings.callerPolicy, configuration);
  const credentials = resolveCredentials(contextCredentials, env);
  let prune: KeepCopiesOutcome | undefined;
  const copied = await runCopies(order, settings, dependencies, credentials, deadline, {
    onRetry: (retry) => observer.onRetry(retry),
    onResult: (result) => observer.onResult(result, isFailure(result, order)),
    onUnreadable: (snapshot) => observer.onUnreadable(snapshot),
    // KeepCopies after every check of the request and the plan, before the run starts copies: nothing is deleted for
    // a refused request, and the copy this run starts does not hold back the pruning that yesterday's finished copy
    // allows (docs/keep-copies.md). An HTTP caller's order never has it. Its code is in dist/on-demand.js.
    checkedAndPlanned: async (checked) => {
      if (order.KeepCopies !== undefined) prune = await keepCopies({ ...order, KeepCopies: order.KeepCopies }, checked, credentials);
    },
  });
  const report = prune === undefined ? copied : prune.report(copied);
  const copiesVerdict = runVerdict(order, report);
  const verdict = prune === undefined ? copiesVerdict : prune.verdict(copiesVerdict);
  observer.onReport(report, verdict.ok && (prune?.ok ?? true), configuration.RpoHours);
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
