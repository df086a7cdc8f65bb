import type { PruneResult, PruneStop } from './keep-copies';

/** What KeepCopies tells as it goes: lib/fc/drill-log.ts writes a `copy-pruned` line (or why not) for each. */
export interface PruneObserver {
  /** One copy beyond KeepCopies: deleted, planned (a dry run), kept by a rule, or failed. */
  onPrune(result: PruneResult): void;
  /** KeepCopies stopped before judging every copy (a listing failed); the copy run goes on. */
  onPruneStopped(stop: PruneStop): void;
}
