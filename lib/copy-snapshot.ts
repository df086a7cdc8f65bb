import type { Configuration } from './configuration';
import { CopyRequestSchema } from './copy-request';
import type { CopySnapshotParameters } from './copy-snapshot-parameters';
import type { Credentials } from './credentials';
import type { Deadline } from './deadline';
import type { Ecs } from './ecs';
import { ValidationError } from './errors';
import { toFieldIssues } from './field-issues';
import { resolveCopySnapshotParameters, type InvocationFacts } from './resolve-copy-parameters';
import { callWithRetries, type RetryEvent, type RetryPolicy, type RetryTools } from './retry';

/** A copy ECS accepted: CopySnapshot's answer, with what it was asked. */
export interface CopySucceeded {
  /** The new snapshot, in DestinationRegionId. */
  SnapshotId: string;
  /** ECS's RequestId of the call that succeeded. */
  RequestId: string;
  SourceSnapshotId: string;
  RegionId: string;
  DestinationRegionId: string;
  DestinationSnapshotName: string;
  RetentionDays: number | undefined;
  ClientToken: string;
  Attempts: number;
}

/**
 * Parses a caller's request (`unknown`, straight from the event) and merges it with the configuration into the
 * parameters of one CopySnapshot call. Throws a ValidationError naming every broken field; calls nothing.
 */
export function prepareCopy(body: unknown, configuration: Configuration, facts: InvocationFacts): CopySnapshotParameters {
  const request = CopyRequestSchema.safeParse(body);
  if (!request.success) throw new ValidationError(toFieldIssues(request.error.issues));
  return resolveCopySnapshotParameters(request.data, configuration, facts);
}

export interface CopyDependencies extends RetryTools {
  ecs: Ecs;
  retryPolicy: RetryPolicy;
}

/**
 * Calls CopySnapshot until ECS accepts the copy or the failure is final. Every attempt carries the same ClientToken,
 * so a retried call after a lost answer gets the first copy back instead of making a second one.
 * Rejects with a classified CopyFailure.
 */
export async function copySnapshot(
  parameters: CopySnapshotParameters,
  credentials: Credentials,
  deadline: Deadline,
  dependencies: CopyDependencies,
  onRetry?: (event: RetryEvent) => void,
): Promise<CopySucceeded> {
  const { value, attempts } = await callWithRetries(
    (timeoutMs) => dependencies.ecs.copySnapshot(parameters, { credentials, timeoutMs }),
    dependencies.retryPolicy,
    deadline,
    dependencies,
    onRetry,
  );
  return {
    SnapshotId: value.SnapshotId,
    RequestId: value.RequestId,
    SourceSnapshotId: parameters.SnapshotId,
    RegionId: parameters.RegionId,
    DestinationRegionId: parameters.DestinationRegionId,
    DestinationSnapshotName: parameters.DestinationSnapshotName,
    RetentionDays: parameters.RetentionDays,
    ClientToken: parameters.ClientToken,
    Attempts: attempts,
  };
}
