import { checkCallerRequest } from '../config/caller-policy';
import type { Configuration } from '../config/configuration';
import { resolveCredentials } from '../ecs/credentials';
import { type CopyOrder, type InvocationFacts, resolveCopyOrder } from '../request/copy-order';
import { parseCopyRequest } from '../request/copy-request';
import { type RunSettings, runCopies } from './copy-run';
import type { Instance, Invocation } from './instance';
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
 * caller policy, then the run and its verdict. Throws a CopyFailure when nothing could be run: a request that breaks
 * a rule, a caller refused, no credentials, a listing that failed.
 */
export async function copySnapshots(
  asked: CopyAsked,
  { configuration, dependencies, env }: Instance,
  { contextCredentials, deadline, observer }: Invocation,
): Promise<{ order: CopyOrder; verdict: RunVerdict }> {
  const request = parseCopyRequest(asked.body);
  const order = resolveCopyOrder(request, configuration, asked.facts, asked.fromHttpCaller ? 'http-caller' : 'operator');
  const settings = runSettings(configuration, asked.fromHttpCaller);
  if (settings.callerPolicy) checkCallerRequest(request, order, settings.callerPolicy, configuration);
  const credentials = resolveCredentials(contextCredentials, env);
  const report = await runCopies(order, settings, dependencies, credentials, deadline, {
    onRetry: (retry) => observer.onRetry(retry),
    onResult: (result) => observer.onResult(result, isFailure(result, order)),
  });
  const verdict = runVerdict(order, report);
  observer.onReport(report, verdict.ok, configuration.RpoHours);
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
