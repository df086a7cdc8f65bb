import type { CallObserver } from '../calls/call-observer';
import type { SharedEndpointNote } from '../config/shared-endpoint';
import type { DisbelievedCopy } from './drill-copies';
import type { DrillResult, DrillSummary, LeftoverDrillDisk } from './drill-report';

/**
 * What a restore drill tells as it goes, so that an operator can follow it: drill-log.ts writes each as a log
 * line. The drill decides what a thing means (a failure, an attached disk); the log only words it.
 */
export interface DrillObserver extends CallObserver {
  /** The drill deletes its disks, and ECS_ENDPOINT sends every region's calls to one host. */
  onSharedEndpoint(note: SharedEndpointNote): void;
  /** One protected disk's drill, told as soon as it ends, so that a run cut short still tells what it did. */
  onDrill(result: DrillResult): void;
  /** A drill disk of an earlier run (or one this run lost): deleted, or why not. */
  onLeftoverDrillDisk(leftover: LeftoverDrillDisk): void;
  /** A copy whose provenance tags ECS contradicts: not restored as the disk its tags name. */
  onDisbelievedCopy(copy: DisbelievedCopy): void;
  /** The drill is over. */
  onDrillSummary(summary: DrillSummary): void;
}
