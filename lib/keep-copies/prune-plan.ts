import type { SnapshotInfo, UnrecognizedSnapshot } from '../ecs/ecs';
import { type CopyOnRecord, type DataTimeFrom, type DestinationSnapshotFacts, readCopyFacts } from './copy-facts';

/** What a log line says a copy is: by ECS's fields where ECS knows them. */
export interface PruneSubject {
  SnapshotId: string;
  SourceDiskId: string;
  SourceSnapshotId: string;
  /** When the data in the copy was taken, by ECS (ISO 8601). */
  DataCreationTime: string;
  DataTimeFrom: DataTimeFrom;
}

/** Why a copy beyond the count may go: its rank by ECS time and the newest copy kept. */
export interface PruneRank {
  /** 1 is the copy of the disk holding the newest data, by ECS time; a copy beyond KeepCopies ranks past it. */
  Rank: number;
  NewestKeptSnapshotId: string;
  NewestKeptDataCreationTime: string;
}

/** What KeepCopies decides for one copy of a protected disk, before any call that deletes. */
export type PruneDecision =
  | { kind: 'delete'; copy: CopyOnRecord; subject: PruneSubject; rank: PruneRank }
  | { kind: 'keep'; subject: PruneSubject; Reason: string };

/**
 * One destination as its own listing shows it (listed whole, so that a copy whose tags ECS has not indexed yet is
 * seen): this function's copies read against ECS's fields (copy-facts.ts), and every copy still progressing and every
 * snapshot that could not be read, whoever made them.
 */
export class DestinationListing {
  private readonly facts: DestinationSnapshotFacts[] = [];
  private readonly progressing: Array<{ SnapshotId: string; disks: Set<string> }> = [];
  private readonly unreadable: string[] = [];

  constructor(
    readonly DestinationRegionId: string,
    private readonly sourceRegionId: string,
    /** The source region's snapshots, by SnapshotId: ECS's word on each copy's disk and data time. */
    private readonly sources: ReadonlyMap<string, SnapshotInfo>,
  ) {}

  add(snapshot: SnapshotInfo): void {
    const facts = readCopyFacts(snapshot, this.sourceRegionId, this.sources);
    if (facts.kind !== 'not-ours') this.facts.push(facts);
    if (snapshot.Status !== 'progressing') return;
    // Any copy of the disk, whoever made it: by ECS's SourceSnapshotId (its source's disk), ECS's SourceDiskId, or our tag.
    const disks = new Set<string>([snapshot.SourceDiskId]);
    const source = snapshot.SourceSnapshotId === undefined ? undefined : this.sources.get(snapshot.SourceSnapshotId);
    if (source) disks.add(source.SourceDiskId);
    if (facts.kind !== 'not-ours' && facts.kind !== 'copy' && facts.TagSourceDiskId) disks.add(facts.TagSourceDiskId);
    if (facts.kind === 'copy') disks.add(facts.copy.SourceDiskId);
    this.progressing.push({ SnapshotId: snapshot.SnapshotId, disks });
  }

  /** A snapshot ECS listed that could not be read: it may be a copy still progressing, of any disk. */
  addUnreadable(snapshot: UnrecognizedSnapshot): void {
    this.unreadable.push(snapshot.SnapshotId ?? `(no SnapshotId: ${snapshot.reason})`);
  }

  /** The SourceSnapshotIds ECS lists for the copies and progressing snapshots here: their sources are looked up. */
  static sourcesToLookUp(snapshots: readonly SnapshotInfo[], sourceRegionId: string): string[] {
    const ids = snapshots
      .filter((snapshot) => snapshot.SourceRegionId === undefined || snapshot.SourceRegionId === sourceRegionId)
      .map((snapshot) => snapshot.SourceSnapshotId)
      .filter((id): id is string => id !== undefined);
    return [...new Set(ids)];
  }

  /**
   * The count rule for one protected disk: its accomplished copies ranked by ECS data time (newest first; ties by
   * the copy's own CreationTime, then SnapshotId), the `keep` newest kept (at least 1, so never the newest). Of the
   * others, none is deleted whose tags contradict ECS, that the run's answer names, or while any copy of the disk
   * is progressing here (or a snapshot here cannot be read). Each contested or not-a-copy snapshot of the disk is
   * reported once, kept.
   */
  planPrune(SourceDiskId: string, keep: number, answered: ReadonlySet<string>): PruneDecision[] {
    const decisions: PruneDecision[] = [];
    const contested = new Set<string>();
    for (const facts of this.facts) {
      if (facts.kind === 'contested' && (facts.copy?.SourceDiskId ?? facts.TagSourceDiskId) === SourceDiskId) {
        contested.add(facts.snapshot.SnapshotId);
        decisions.push({
          kind: 'keep',
          subject: subjectOfListed(facts.snapshot, facts.copy),
          Reason: `its tags disagree with ECS: ${facts.Reason}`,
        });
      } else if (facts.kind === 'not-a-copy' && facts.TagSourceDiskId === SourceDiskId) {
        decisions.push({
          kind: 'keep',
          subject: subjectOfListed(facts.snapshot, undefined),
          Reason: 'it carries provenance tags, but ECS lists no SourceSnapshotId for it: it is not a copy',
        });
      }
    }
    const ranked = this.facts
      .flatMap((facts) => (facts.kind === 'copy' || facts.kind === 'contested' ? (facts.copy ? [facts.copy] : []) : []))
      .filter((copy) => copy.SourceDiskId === SourceDiskId && copy.Status === 'accomplished')
      .sort(newestDataFirst);
    const kept = Math.max(1, keep);
    const [newest] = ranked;
    if (newest === undefined) return decisions;
    const progressing = this.progressing.find((snapshot) => snapshot.disks.has(SourceDiskId));
    const blockedBy =
      progressing !== undefined
        ? `a copy of ${SourceDiskId}, ${progressing.SnapshotId}, is still progressing in this destination`
        : this.unreadable.length > 0
          ? `ECS listed a snapshot here that cannot be read (${this.unreadable[0]}): it may be a copy of ${SourceDiskId} still progressing`
          : undefined;
    const beyond: PruneDecision[] = [];
    ranked.forEach((copy, index) => {
      if (index < kept || contested.has(copy.SnapshotId)) return;
      const subject = subjectOf(copy);
      if (answered.has(copy.SnapshotId)) {
        beyond.push({ kind: 'keep', subject, Reason: "this run's answer names it as the copy of its source" });
      } else if (blockedBy !== undefined) {
        beyond.push({ kind: 'keep', subject, Reason: blockedBy });
      } else {
        const rank = {
          Rank: index + 1,
          NewestKeptSnapshotId: newest.SnapshotId,
          NewestKeptDataCreationTime: new Date(newest.DataCreationTime).toISOString(),
        };
        beyond.push({ kind: 'delete', copy, subject, rank });
      }
    });
    // The oldest first: a run cut short has deleted the oldest ones.
    return [...decisions, ...beyond.reverse()];
  }
}

const newestDataFirst = (a: CopyOnRecord, b: CopyOnRecord) =>
  b.DataCreationTime - a.DataCreationTime || b.CreationTime - a.CreationTime || (a.SnapshotId < b.SnapshotId ? 1 : -1);

function subjectOf(copy: CopyOnRecord): PruneSubject {
  return {
    SnapshotId: copy.SnapshotId,
    SourceDiskId: copy.SourceDiskId,
    SourceSnapshotId: copy.SourceSnapshotId,
    DataCreationTime: new Date(copy.DataCreationTime).toISOString(),
    DataTimeFrom: copy.DataTimeFrom,
  };
}

function subjectOfListed(snapshot: SnapshotInfo, copy: CopyOnRecord | undefined): PruneSubject {
  if (copy) return subjectOf(copy);
  return {
    SnapshotId: snapshot.SnapshotId,
    SourceDiskId: snapshot.SourceDiskId,
    SourceSnapshotId: snapshot.SourceSnapshotId ?? '',
    DataCreationTime: new Date(snapshot.CreationTime).toISOString(),
    DataTimeFrom: 'Copy.CreationTime',
  };
}
