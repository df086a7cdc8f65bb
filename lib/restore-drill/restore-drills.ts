import type * as Crypto from 'node:crypto';
import { sharedEndpointNote } from '../config/shared-endpoint';
import type { InvocationFacts } from '../copy/copy-order';
import { resolveCredentials } from '../ecs/credentials';
import type { Instance, Invocation } from '../fc/instance';
import { checkCallerDrill, holdDrillRequestToCallerPolicy } from './caller-drill-policy';
import type { DrillObserver } from './drill-observer';
import type { DrillReport } from './drill-report';
import { DEFAULT_MAX_DRILL_DISK_GIB, parseDrillRequest, resolveDrillOrder } from './drill-request';
import { runRestoreDrill } from './run-restore-drill';

/**
 * The RunId of an HTTP caller's drill: the request's second, and a random part. FC does not deliver an HTTP request
 * twice, so nothing needs to find the run again; and two requests in the same second, or one sent in the second of a
 * timer's triggerTime, must not share a RunId, which would share their disks' ClientTokens and let one run's end sweep
 * (its own disks, by the RunId tag) delete a disk the other is still timing.
 */
function callerRunId(RunId: string): string {
  // Loaded on first use, as in client-token.ts.
  const { randomBytes } = require('node:crypto') as typeof Crypto;
  return `${RunId}-http-${randomBytes(6).toString('hex')}`;
}

/** A restore drill asked for: `"Action": "RestoreDrill"` in a timer's payload or a direct event, or `POST /restore-drills`. */
interface DrillAsked {
  /** The drill request, as sent: parsed here. */
  body: unknown;
  /** An HTTP caller drills only what, where and as much as the CALLER_* rules let it (caller-drill-policy.ts). */
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
  { contextCredentials, deadline, observer }: Invocation<DrillObserver>,
): Promise<DrillReport> {
  const request = parseDrillRequest(asked.body);
  const order = resolveDrillOrder(
    asked.fromHttpCaller ? holdDrillRequestToCallerPolicy(request, configuration.CallerPolicy, DEFAULT_MAX_DRILL_DISK_GIB) : request,
    configuration,
    asked.facts,
  );
  if (asked.fromHttpCaller) checkCallerDrill(order, asked.facts.functionRegionId, configuration.CallerPolicy, configuration);
  // A drill deletes its disks (DeleteDisk names no RegionId): said once when ECS_ENDPOINT sends every region to one host.
  const endpointNote = sharedEndpointNote(configuration.EcsEndpointTemplate, 'RestoreDrill');
  if (endpointNote) observer.onSharedEndpoint(endpointNote);
  const report = await runRestoreDrill(
    asked.fromHttpCaller ? { ...order, RunId: callerRunId(order.RunId) } : order,
    // An HTTP caller deletes only the disks its own drill creates: other runs' leftovers are the operator's runs' to sweep.
    { apiCallsPerMinute: configuration.ApiCallsPerMinute, sweepOtherRuns: !asked.fromHttpCaller },
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
