import type { CopyOrder } from '../copy/copy-order';
import type { CheckedRun } from '../copy/copy-run';

/**
 * Whether the copy run's checks let KeepCopies delete: every check of the request passed (the caller policy and the
 * copy count threw before this point; a selection entry that matched nothing, unless AllowEmpty, an exact pick not
 * found or not copyable fail the run, so they stop the deletions too). `answered`: the copies the run's answer names
 * as already present, which KeepCopies keeps, so that the answer never names a copy it deleted.
 */
export type RunChecks = { passed: true; answered: ReadonlySet<string> } | { passed: false; Code: string; Message: string };

export function runChecks(order: Pick<CopyOrder, 'AllowEmpty'>, checked: CheckedRun): RunChecks {
  const { sources, plan } = checked;
  if (sources.matchedNothing.length > 0 && !order.AllowEmpty) {
    const entries = sources.matchedNothing.map((entry) => `${entry.Field} ${entry.Entry}`).slice(0, 5);
    return {
      passed: false,
      Code: 'SelectionMatchedNothing',
      Message: `nothing is deleted: the selection's ${entries.join(', ')} matched nothing, which fails the run`,
    };
  }
  const failed = plan.results.filter((result) => result.Outcome === 'failed');
  const [first] = failed;
  if (first !== undefined) {
    return {
      passed: false,
      Code: first.Code,
      Message: `nothing is deleted: ${failed.length} source(s) of the request failed its checks (${first.SourceSnapshotId}: ${first.Message})`,
    };
  }
  const answered = new Set<string>();
  for (const result of plan.results) if (result.Outcome === 'already-present' && result.SnapshotId) answered.add(result.SnapshotId);
  return { passed: true, answered };
}
