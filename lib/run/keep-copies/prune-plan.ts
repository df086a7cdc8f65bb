import type { CopyRecord } from '../destination-copies';
import type { CopiesByDisk } from './copies-by-disk';

/** What KeepCopies decides for one protected disk in one destination. */
interface PrunePlan {
  /** Accomplished copies beyond the KeepCopies newest, oldest first. */
  candidates: CopyRecord[];
  /** Why none of them may be deleted now, when so. */
  blockedBy: string | undefined;
}

const newestDataFirst = (a: CopyRecord, b: CopyRecord) => b.SourceCreationTime - a.SourceCreationTime || b.CreationTime - a.CreationTime;

/**
 * The count rule, on the copies this function made (CopiesByDisk keeps only those, by their provenance tags):
 * the `keep` newest accomplished copies of the disk stay (so the newest one always does: keep is at least 1), and
 * so does every copy still progressing or failed; the older accomplished ones are candidates, none of which is
 * deleted while a copy of the disk newer than it is still progressing. Newest means newest data: the source
 * snapshot's time, then the copy's.
 */
export function planPrune(copies: CopiesByDisk, SourceDiskId: string, keep: number): PrunePlan {
  const records = copies.ofDisk(SourceDiskId);
  const accomplished = records.filter((record) => record.Status === 'accomplished').sort(newestDataFirst);
  const newest = accomplished[0];
  const candidates = accomplished
    .slice(Math.max(1, keep))
    .filter((record) => record !== newest)
    .reverse();
  const oldestCandidate = candidates[0];
  const progressing = records.find(
    (record) => record.Status === 'progressing' && oldestCandidate !== undefined && newestDataFirst(record, oldestCandidate) < 0,
  );
  return {
    candidates,
    blockedBy: progressing === undefined ? undefined : `a newer copy of ${SourceDiskId}, ${progressing.SnapshotId}, is still progressing`,
  };
}
