import { checkCallerDrill } from '../../config/caller-policy';
import { resolveCredentials } from '../../ecs/credentials';
import type { InvocationFacts } from '../../request/copy-order';
import { parseDrillRequest, resolveDrillOrder } from '../../request/drill-request';
import type { Instance, Invocation } from '../instance';
import type { DrillReport } from './drill-report';
import { runRestoreDrill } from './run-restore-drill';

/** A restore drill asked for: `"Action": "RestoreDrill"` in a timer's payload or a direct event, or `POST /restore-drills`. */
interface DrillAsked {
  /** The drill request, as sent: parsed here. */
  body: unknown;
  /** An HTTP caller drills only from and in the regions the CALLER_* rules open to it. */
  fromHttpCaller: boolean;
  facts: InvocationFacts;
}

/**
 * The restore drill use case (docs/restore-drills.md): the request, merged with the configuration into an order and
 * (for an HTTP caller) held to the caller policy, then the drill, told disk by disk and summed up to the observer.
 * Throws a CopyFailure when nothing could be drilled: a request that breaks a rule, a caller refused, no
 * credentials, a listing that failed. A drill that failed a disk is in the report, for the answer to judge.
 */
export async function restoreDrills(
  asked: DrillAsked,
  { configuration, dependencies, disks, env }: Instance,
  { contextCredentials, deadline, observer }: Invocation,
): Promise<DrillReport> {
  const order = resolveDrillOrder(parseDrillRequest(asked.body), configuration, asked.facts);
  if (asked.fromHttpCaller) checkCallerDrill(order, asked.facts.functionRegionId, configuration.CallerPolicy, configuration);
  const report = await runRestoreDrill(
    order,
    { apiCallsPerMinute: configuration.ApiCallsPerMinute },
    { ...dependencies, disks: disks() },
    resolveCredentials(contextCredentials, env),
    deadline,
    {
      onRetry: (retry) => observer.onRetry(retry),
      onDrill: (result) => observer.onDrill(result),
      onLeftover: (leftover) => observer.onLeftoverDrillDisk(leftover),
      onDisbelievedCopy: (copy) => observer.onDisbelievedCopy(copy),
    },
  );
  observer.onDrillSummary(report.Summary);
  return report;
}
