import { classifyEcsError } from '../ecs/classify-ecs-error';
import { type CopySnapshotParameters, CopySnapshotParametersSchema } from '../ecs/copy-snapshot-parameters';
import type { SnapshotInfo } from '../ecs/ecs';
import { type Failure, failureOf, ValidationError } from '../failures/errors';
import { toFieldIssues } from '../request/field-issues';
import { provenanceTags } from '../request/provenance';
import { renderTemplate } from '../request/template';
import { deriveClientToken } from './client-token';
import { type CopyOrder, isSingleCopy } from './copy-order';
import type { DestinationCopies } from './destination-copies';
import type { SourceSelection } from './source-selection';

interface CopySubject {
  SourceSnapshotId: string;
  SourceDiskId: string | undefined;
  RegionId: string;
  DestinationRegionId: string;
}

/** The CopySnapshot call planned for it (a result decided before a call was planned has none). */
interface CopyCall {
  DestinationSnapshotName: string;
  RetentionDays?: number;
  ClientToken: string;
  /** How many CopySnapshot calls were made. */
  Attempts?: number;
}

/**
 * What became of one source in one destination:
 * - `copied`: ECS accepted the copy (it then runs for minutes to hours);
 * - `already-present`: an earlier copy (progressing or accomplished) was found in the destination, by its provenance
 *   tags or, made by another tool, by ECS's SourceSnapshotId (`MadeBy` says so); always with its SnapshotId;
 * - `planned`: a dry run's copy to make;
 * - `not-ready`: must wait for something running (the source, or an earlier copy of its disk): a later run copies it;
 *   or a snapshot listed as a copy of it could not be read (EarlierCopyUnreadable): it is not copied again meanwhile;
 * - `left`: not started for capacity (MAX_COPIES_IN_FLIGHT: Class `throttled`) or time (DeadlineExceeded: Class
 *   `transient`): nothing is wrong with it, and the next run starts it;
 * - `failed`: the copy failed, with its Code and class (a missing or uncopyable exact pick too).
 *
 * `not-ready` and `left` say why with the same fields as a failure (the one Failure: Code, Class, Message): what the
 * run waits for is named and classified as a failure is, though nothing failed.
 */
export type CopyResult =
  | (CopySubject & CopyCall & { Outcome: 'copied'; SnapshotId: string; RequestId: string; Attempts: number })
  | (CopySubject &
      Partial<CopyCall> & {
        Outcome: 'already-present';
        /** The copy found. */
        SnapshotId: string;
        /** Who made it, when not this function (ANOTHER_TOOL: no provenance tags). */
        MadeBy?: string;
        /** How it was found, when ECS's answer to CopySnapshot led to it. */
        Message?: string;
      })
  | (CopySubject & CopyCall & { Outcome: 'planned' })
  | (CopySubject & Partial<CopyCall> & { Outcome: 'not-ready'; SnapshotId?: string } & Failure)
  | (CopySubject & Partial<CopyCall> & { Outcome: 'left' } & Failure)
  | (CopySubject & Partial<CopyCall> & { Outcome: 'failed' } & Failure);

/** A result that says why the copy was not made now: it failed, must wait, or was left to the next run. */
export type CopyNotMade = Extract<CopyResult, Failure>;

export interface CopyJob {
  source: SnapshotInfo;
  parameters: CopySnapshotParameters;
}

/** The parameters of one CopySnapshot call: the order's, rendered for this source and destination, with provenance. */
function copyParametersFor(
  order: CopyOrder,
  source: SnapshotInfo,
  DestinationRegionId: string,
  earlierFailures: number,
  instanceOf: ReadonlyMap<string, string>,
): CopySnapshotParameters {
  const values = { SnapshotId: source.SnapshotId, RegionId: order.RegionId, DestinationRegionId, time: order.facts.time };
  const render = (text: { literal: string } | { template: string }) =>
    'literal' in text ? text.literal : renderTemplate(text.template, values);
  // A caller's token names its one copy. Otherwise each copy's token is derived from what the copy is, not from the
  // invocation, so that every invocation that could make it (a re-delivery, the next run, a racing one) uses the
  // same token and ECS makes it once. A copy that failed is made again under a new token: under the old one ECS
  // would answer with the failed copy.
  const ClientToken =
    order.ClientToken !== undefined && isSingleCopy(order) && earlierFailures === 0
      ? order.ClientToken
      : deriveClientToken([order.ClientToken ?? '', String(earlierFailures)], {
          RegionId: order.RegionId,
          SnapshotId: source.SnapshotId,
          DestinationRegionId,
        });
  const parameters = {
    RegionId: order.RegionId,
    SnapshotId: source.SnapshotId,
    DestinationRegionId,
    DestinationSnapshotName: render(order.DestinationSnapshotName),
    DestinationSnapshotDescription: render(order.DestinationSnapshotDescription),
    RetentionDays: order.RetentionDays,
    Tag: [
      ...order.Tag,
      ...provenanceTags({
        SourceSnapshotId: source.SnapshotId,
        SourceRegionId: order.RegionId,
        SourceDiskId: source.SourceDiskId,
        SourceCreationTime: source.CreationTime,
        SourceInstanceId: instanceOf.get(source.SourceDiskId),
      }),
    ],
    Encrypted: order.Encrypted,
    KMSKeyId: order.KMSKeyIds.get(DestinationRegionId),
    ClientToken,
  };
  // The order was checked; this is the last line of defence before a call (a disk ID too long for a tag, say).
  const checked = CopySnapshotParametersSchema.safeParse(parameters);
  if (!checked.success) throw new ValidationError(toFieldIssues(checked.error.issues));
  return checked.data;
}

/**
 * Decides, for each source and destination, whether to copy: not when a copy made earlier is found (unless it
 * failed), not while an earlier copy of the same disk is still running there (ECS would refuse it:
 * InvalidOperation.DiskHasUnfinishedSnapshotCopy), and not beyond MAX_COPIES_IN_FLIGHT running copies.
 */
export function planCopies(
  order: CopyOrder,
  sources: SourceSelection,
  destinations: ReadonlyMap<string, DestinationCopies>,
  maxCopiesInFlight: number,
): { jobs: CopyJob[]; results: CopyResult[] } {
  const jobs: CopyJob[] = [];
  const results: CopyResult[] = [];
  for (const DestinationRegionId of order.DestinationRegionIds) {
    const base = { RegionId: order.RegionId, DestinationRegionId };
    for (const SourceSnapshotId of sources.missingPicks) {
      results.push({
        ...base,
        Outcome: 'failed',
        SourceSnapshotId,
        SourceDiskId: undefined,
        Code: 'InvalidSnapshotId.NotFound',
        Class: classifyEcsError('InvalidSnapshotId.NotFound'),
        Message: `DescribeSnapshots does not find ${SourceSnapshotId} in ${order.RegionId}`,
      });
    }
    const copies = destinations.get(DestinationRegionId);
    let inFlight = copies?.progressingCount() ?? 0;
    const disksStarted = new Set<string>();
    for (const verdict of sources.verdicts) {
      const source = verdict.snapshot;
      const result = { ...base, SourceSnapshotId: source.SnapshotId, SourceDiskId: source.SourceDiskId };
      if (verdict.kind === 'not-ready') {
        results.push({
          ...result,
          Outcome: 'not-ready',
          Code: 'InvalidSnapshotId.NotReady',
          Class: classifyEcsError('InvalidSnapshotId.NotReady'),
          Message: verdict.reason,
        });
        continue;
      }
      if (verdict.kind === 'not-copyable') {
        results.push({
          ...result,
          Outcome: 'failed',
          Code: 'SnapshotNotCopyable',
          Class: classifyEcsError('SnapshotNotCopyable'),
          Message: verdict.reason,
        });
        continue;
      }
      const earlier = copies?.ofSource(source.SnapshotId) ?? [];
      const present = earlier.filter((copy) => copy.Status !== 'failed').sort((a, b) => b.CreationTime - a.CreationTime)[0];
      if (present) {
        results.push({
          ...result,
          Outcome: 'already-present',
          SnapshotId: present.SnapshotId,
          ...(present.MadeBy !== undefined ? { MadeBy: present.MadeBy } : {}),
        });
        continue;
      }
      const [unreadable] = copies?.unreadableOf(source.SnapshotId) ?? [];
      if (unreadable) {
        results.push({
          ...result,
          Outcome: 'not-ready',
          ...(unreadable.SnapshotId !== undefined ? { SnapshotId: unreadable.SnapshotId } : {}),
          Code: 'EarlierCopyUnreadable',
          Class: classifyEcsError('EarlierCopyUnreadable'),
          Message: `${unreadable.SnapshotId ?? 'a snapshot'} in ${DestinationRegionId} is listed as a copy of this source, but ${unreadable.reason}; it is not copied again while that copy may exist`,
        });
        continue;
      }
      const diskBusy = disksStarted.has(source.SourceDiskId) || (copies?.progressing(source.SourceDiskId).length ?? 0) > 0;
      if (diskBusy) {
        results.push({
          ...result,
          Outcome: 'not-ready',
          Code: 'InvalidOperation.DiskHasUnfinishedSnapshotCopy',
          Class: classifyEcsError('InvalidOperation.DiskHasUnfinishedSnapshotCopy'),
          Message: `an earlier copy of ${source.SourceDiskId} to ${DestinationRegionId} is still running; a later run copies this one`,
        });
        continue;
      }
      if (inFlight >= maxCopiesInFlight) {
        results.push({
          ...result,
          Outcome: 'left',
          Code: 'MaxCopiesInFlight',
          // The function's own flow control: `left`, not `not-ready` (nothing it waits for is running).
          Class: classifyEcsError('MaxCopiesInFlight'),
          Message: `MAX_COPIES_IN_FLIGHT (${maxCopiesInFlight}) copies are running in ${DestinationRegionId}; the next run copies this one`,
        });
        continue;
      }
      try {
        jobs.push({ source, parameters: copyParametersFor(order, source, DestinationRegionId, earlier.length, sources.instanceOf) });
        inFlight++;
        disksStarted.add(source.SourceDiskId);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        results.push({ ...result, Outcome: 'failed', ...failureOf(error) });
      }
    }
  }
  return { jobs, results };
}
