import type { Deadline } from '../calls/deadline';
import type { EcsSession } from '../calls/ecs-session';
import { inPool } from '../calls/in-pool';
import { isDeadlineExceeded, type RetryPolicy } from '../calls/retry';
import { classifyEcsError } from '../ecs/classify-ecs-error';
import { CopyFailure } from '../failures/errors';
import type { CopyOrder } from './copy-order';
import type { CopyJob, CopyResult } from './copy-plan';
import type { DestinationCopies } from './destination-copies';
import { findCopyOf } from './find-earlier-copies';

export interface StartCopiesContext {
  order: CopyOrder;
  ecs: EcsSession;
  deadline: Deadline;
  retryPolicy: Pick<RetryPolicy, 'minAttemptMs'>;
  /** Each copy made is added to its destination's copies, for the RPO report. */
  destinations: ReadonlyMap<string, DestinationCopies>;
  now: () => number;
  /** Called as each copy's fate is known, so that its log line is written even if the run is cut short. */
  onResult?: (result: CopyResult) => void;
  /**
   * Awaited after each started copy's onResult, in the run: locks a copy CopySnapshot made, for an order with a Lock
   * (lock-copies-step.ts, docs/locks.md).
   */
  onCopied?: (result: CopyResult) => Promise<void> | undefined;
}

const NOT_STARTED = 'not started: the function timeout is near; the next run copies it';

/**
 * Step 4: calls CopySnapshot for each planned copy (a dry run calls nothing and reports the plan). A copy whose turn
 * leaves less than one attempt (RetryPolicy.minAttemptMs) before the deadline is not started, and the next run
 * picks it up (`left`). A failure of one
 * copy is reported with its Code and class, and the others go on.
 */
export async function startCopies(jobs: readonly CopyJob[], context: StartCopiesContext): Promise<CopyResult[]> {
  return inPool(jobs, context.ecs.concurrency, async (job) => {
    const result = await startCopy(job, context);
    context.onResult?.(result);
    await context.onCopied?.(result);
    return result;
  });
}

async function startCopy(job: CopyJob, context: StartCopiesContext): Promise<CopyResult> {
  const { order, ecs, deadline } = context;
  const { parameters, source } = job;
  const base = {
    SourceSnapshotId: parameters.SnapshotId,
    SourceDiskId: source.SourceDiskId,
    RegionId: parameters.RegionId,
    DestinationRegionId: parameters.DestinationRegionId,
    DestinationSnapshotName: parameters.DestinationSnapshotName,
    ...(parameters.RetentionDays !== undefined ? { RetentionDays: parameters.RetentionDays } : {}),
    ClientToken: parameters.ClientToken,
  };
  if (order.DryRun) return { ...base, Outcome: 'planned' };
  const notStarted: CopyResult = {
    ...base,
    Outcome: 'left',
    Code: 'DeadlineExceeded',
    Class: classifyEcsError('DeadlineExceeded'),
    Message: NOT_STARTED,
  };
  // A copy starts whenever the time left, after its turn at the pacer, holds one attempt: the attempt's HTTP timeout is
  // cut to that time, and a copy it cannot see answered is made again under the same ClientToken by the next run,
  // which then finds it. Asking for a whole attempt's timeout (10 s) here started nothing with an FC timeout of 11 s.
  if (deadline.remainingMs() - ecs.waitMs({ Action: 'CopySnapshot', RegionId: parameters.RegionId }) < context.retryPolicy.minAttemptMs)
    return notStarted;
  try {
    const { value, attempts } = await ecs.copySnapshot(parameters);
    context.destinations.get(parameters.DestinationRegionId)?.add({
      SnapshotId: value.SnapshotId,
      DestinationRegionId: parameters.DestinationRegionId,
      Status: 'progressing',
      Progress: '0%',
      CreationTime: context.now(),
      SourceSnapshotId: parameters.SnapshotId,
      SourceDiskId: source.SourceDiskId,
      SourceCreationTime: source.CreationTime,
    });
    return { ...base, Outcome: 'copied', SnapshotId: value.SnapshotId, RequestId: value.RequestId, Attempts: attempts };
  } catch (error) {
    if (!(error instanceof CopyFailure)) throw error;
    // The pacer's turn for the call would have come after the deadline: no call was made.
    if (isDeadlineExceeded(error) && error.attempts === 0) return notStarted;
    // A derived token is only ever used by this function for this source and destination, but anyone who may call
    // CopySnapshot can compute it: a mismatch is not proof that the copy exists (mismatch-on-derived-token below).
    if (error.Code === 'IdempotentParameterMismatch' && order.ClientToken === undefined) {
      return mismatchOnDerivedToken(job, context, base, error.attempts);
    }
    return {
      ...base,
      Outcome: error.errorClass === 'not-ready' ? 'not-ready' : 'failed',
      Code: error.Code,
      Class: error.errorClass,
      Message: error.Message,
      Attempts: error.attempts,
      ...(error.RequestId !== undefined ? { RequestId: error.RequestId } : {}),
    };
  }
}

/**
 * ECS holds this copy's derived ClientToken with other parameters. Either another invocation made this very copy
 * with parameters of its own (another day's name, say) before it showed in the destination's listing, or someone
 * used the token outside the function for another copy. The destination says which: `already-present` only with
 * the copy's SnapshotId found there (by ECS's SourceSnapshotId or the provenance tags, listed without a tag filter,
 * which a new copy may not be indexed in yet); else a failure, ClientTokenTaken, that names what to do. Copying again
 * under another derived token is not done: it would be as easy to take, and a random one would lose never-twice.
 */
async function mismatchOnDerivedToken(
  { source, parameters }: CopyJob,
  context: StartCopiesContext,
  base: Omit<CopyResult, 'Outcome'>,
  Attempts: number,
): Promise<CopyResult> {
  const { DestinationRegionId } = parameters;
  let found: Awaited<ReturnType<typeof findCopyOf>>;
  try {
    found = await findCopyOf(context.ecs, source, context.order.RegionId, DestinationRegionId);
  } catch (error) {
    if (!(error instanceof CopyFailure)) throw error;
    return {
      ...base,
      Outcome: 'failed',
      Code: error.Code,
      Class: error.errorClass,
      Message: `ECS answered IdempotentParameterMismatch, and the destination could not be searched for the copy: ${error.Message}`,
      Attempts,
      ...(error.RequestId !== undefined ? { RequestId: error.RequestId } : {}),
    };
  }
  if (found) {
    context.destinations.get(DestinationRegionId)?.add(found);
    return {
      ...base,
      Outcome: 'already-present',
      SnapshotId: found.SnapshotId,
      ...(found.MadeBy !== undefined ? { MadeBy: found.MadeBy } : {}),
      Message:
        found.MadeBy === undefined
          ? 'another invocation made this copy (same ClientToken)'
          : `ECS holds this copy's ClientToken for another copy; a copy of the source made by ${found.MadeBy} is in the destination`,
      Attempts,
    };
  }
  return {
    ...base,
    Outcome: 'failed',
    Code: 'ClientTokenTaken',
    Class: classifyEcsError('ClientTokenTaken'),
    Message: `ECS holds this copy's ClientToken for another copy (IdempotentParameterMismatch), and no copy of ${source.SnapshotId} is in ${DestinationRegionId}: the token was used outside this function`,
    Attempts,
  };
}
