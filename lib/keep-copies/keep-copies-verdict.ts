import type { RunReport } from '../copy/copy-run';
import type { RunVerdict } from '../copy/run-verdict';
import { stepIncomplete } from '../copy/step-verdict';
import type { PruneReport } from './keep-copies';

/** The run's report with KeepCopies' counts and ECS calls in its summary (and so in the `run-summary` line). */
export function withPruneCounts(report: RunReport, prune: PruneReport | undefined): RunReport {
  if (prune === undefined) return report;
  return { ...report, Summary: { ...report.Summary, ...prune.Summary, ApiCalls: report.Summary.ApiCalls + prune.ApiCalls } };
}

/**
 * A failed deletion fails a timer or direct invocation whose copies went well (KeepCopiesFailed, class `incomplete`),
 * so that FC's failure destination tells the operator; the copies are made all the same. An HTTP caller keeps the copy's answer: the failure is in the log
 * and the counts (docs/keep-copies.md).
 */
export function keepCopiesVerdict(verdict: RunVerdict, prune: PruneReport | undefined, fromHttpCaller: boolean): RunVerdict {
  const failed = prune?.Copies.filter((result) => result.Outcome === 'failed') ?? [];
  const [first] = failed;
  const stopped = prune?.Stopped;
  if (!verdict.ok || fromHttpCaller || (first === undefined && stopped === undefined)) return verdict;
  const parts = [
    ...(stopped !== undefined ? [`KeepCopies stopped before judging every copy (${stopped.Code}: ${stopped.Message})`] : []),
    ...(first !== undefined ? [`${failed.length} deletion(s) of copies beyond KeepCopies failed (${first.Code})`] : []),
  ];
  // Caused by what stopped KeepCopies, else by the first deletion that failed.
  return stepIncomplete('KeepCopiesFailed', parts, stopped ?? first, verdict.answer);
}
