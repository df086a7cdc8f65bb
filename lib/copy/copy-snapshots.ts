import type { Configuration } from '../config/configuration';
import { resolveCredentials } from '../ecs/credentials';
import type { Instance, Invocation } from '../fc/instance';
import { parseCopyRequest } from '../request/copy-request';
import { checkCallerRequest } from './caller-checks';
import type { CopyObserver } from './copy-observer';
import { type CopyOrder, type InvocationFacts, resolveCopyOrder } from './copy-order';
import { type RunSettings, runCopies } from './copy-run';
import type { KeepCopiesStep } from './keep-copies-step';
import type { LockCopiesOutcome, LockCopiesStep } from './lock-copies-step';
import { isFailure, type RunVerdict, runVerdict } from './run-verdict';
import type { StepOutcome } from './step-outcome';

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
 * caller policy, then the run, with KeepCopies (`keepCopies`, when the operator's order asks for it) and the copies'
 * locks (`lockCopies`, when the order has a Lock) between its checks and its copies, each copy locked as it is made,
 * and its verdict. Throws a CopyFailure when nothing could be run: a request that breaks a rule, a caller refused,
 * no credentials, a listing that failed.
 */
export async function copySnapshots(
  asked: CopyAsked,
  instance: Instance,
  invocation: Invocation<CopyObserver>,
  keepCopies: KeepCopiesStep,
  lockCopies: LockCopiesStep,
): Promise<{ order: CopyOrder; verdict: RunVerdict }> {
  const { configuration, dependencies, env } = instance;
  const { contextCredentials, deadline, observer } = invocation;
  const request = parseCopyRequest(asked.body);
  const order = resolveCopyOrder(request, configuration, asked.facts, asked.fromHttpCaller ? 'http-caller' : 'operator');
  const settings = runSettings(configuration, asked.fromHttpCaller);
  if (settings.callerPolicy) checkCallerRequest(request, order, settings.callerPolicy, configuration);
  const credentials = resolveCredentials(contextCredentials, env);
  // The outcomes of the steps whose code is in dist/on-demand.js, in the order they ran.
  const steps: StepOutcome[] = [];
  let locks: LockCopiesOutcome | undefined;
  const copied = await runCopies(order, settings, dependencies, credentials, deadline, {
    onRetry: (retry) => observer.onRetry(retry),
    onResult: (result) => observer.onResult(result, isFailure(result, order)),
    onUnreadable: (snapshot) => observer.onUnreadable(snapshot),
    onCopied: (result) => locks?.copied(result),
    // KeepCopies after every check of the request and the plan, before the run starts copies: nothing is deleted for
    // a refused request, and the copy this run starts does not hold back the pruning that yesterday's finished copy
    // allows (docs/keep-copies.md). An HTTP caller's order never has it. Then the locks of the copies found without
    // one (docs/locks.md), after KeepCopies has deleted what it may.
    checkedAndPlanned: async (checked) => {
      if (order.KeepCopies !== undefined) steps.push(await keepCopies(order, checked, credentials));
      if (order.Lock) {
        locks = await lockCopies(order, checked, credentials);
        steps.push(locks);
      }
    },
  });
  const report = steps.reduce((report, step) => step.report(report), copied);
  const verdict = steps.reduce((verdict, step) => step.verdict(verdict), runVerdict(order, report));
  observer.onReport(report, verdict.ok && steps.every((step) => step.ok), configuration.RpoHours);
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
