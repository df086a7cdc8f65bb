import type { Deadline } from '../calls/deadline';
import type { ResilientEcs } from '../calls/resilient-ecs';
import { isDeadlineExceeded, type RetryPolicy } from '../calls/retry';
import { CopyFailure } from '../ecs/errors';
import type { CopyOrder } from '../request/copy-order';
import type { CopyJob, CopyResult } from './copy-plan';
import type { DestinationCopies } from './destination-copies';
import { inPool } from './in-pool';

export interface StartCopiesContext {
  order: CopyOrder;
  ecs: ResilientEcs;
  deadline: Deadline;
  retryPolicy: Pick<RetryPolicy, 'minAttemptMs'>;
  /** Each copy made is added to its destination's copies, for the RPO report. */
  destinations: ReadonlyMap<string, DestinationCopies>;
  now: () => number;
  /** Called as each copy's fate is known, so that its log line is written even if the run is cut short. */
  onResult?: (result: CopyResult) => void;
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
  const notStarted: CopyResult = { ...base, Outcome: 'left', Code: 'DeadlineExceeded', Class: 'transient', Message: NOT_STARTED };
  // A copy starts whenever the time left, after its turn at the pacer, holds one attempt: the attempt's HTTP timeout is
  // cut to that time, and a copy it cannot see answered is made again under the same ClientToken by the next run,
  // which then finds it. Asking for a whole attempt's timeout (10 s) here started nothing with an FC timeout of 11 s.
  if (deadline.remainingMs() - ecs.waitMs() < context.retryPolicy.minAttemptMs) return notStarted;
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
    // A derived token is only ever used for this source and destination: another invocation made this copy with
    // other parameters (another day's name, say) before this one's could show up in the destination's listing.
    if (error.Code === 'IdempotentParameterMismatch' && order.ClientToken === undefined) {
      return {
        ...base,
        Outcome: 'already-present',
        Message: 'another invocation made this copy (same ClientToken)',
        Attempts: error.attempts,
      };
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
