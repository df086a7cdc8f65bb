import type { CallObserver } from '../calls/call-observer';
import type { SharedEndpointNote } from '../config/shared-endpoint';
import type { PruneResult, PruneStop } from './keep-copies';

/** What KeepCopies tells as it goes: prune-log.ts writes a `copy-pruned` line (or why not) for each. */
export interface PruneObserver extends CallObserver {
  /** One copy of a protected disk judged: deleted (and confirmed), planned (a dry run), kept by a rule, or failed. */
  onPrune(result: PruneResult): void;
  /** KeepCopies stopped before judging every copy (a check of the run, or a listing, failed); the copy run goes on. */
  onPruneStopped(stop: PruneStop): void;
  /** A run that deletes (KeepCopies, a restore drill) starts with ECS_ENDPOINT sending every region's calls to one host. */
  onSharedEndpoint(note: SharedEndpointNote): void;
}
