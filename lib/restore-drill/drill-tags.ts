import type * as Crypto from 'node:crypto';
import type { Tag } from '../ecs/copy-snapshot-parameters';
import { PROVENANCE_PREFIX } from '../request/provenance';

/**
 * Tags of the disks a drill creates, so that any later run finds a drill disk a killed run left behind (DescribeDisks
 * with the marker tag) and nothing else: a disk without the marker is never deleted. The prefix is the provenance
 * tags' one, which requests and SNAPSHOT_TAGS may not use.
 */
export const DRILL_TAG_KEYS = {
  /** Always `true`: the exact tag DescribeDisks is filtered by. */
  Marker: `${PROVENANCE_PREFIX}drill-disk`,
  RunId: `${PROVENANCE_PREFIX}drill-run`,
  SourceDiskId: `${PROVENANCE_PREFIX}drill-source-disk-id`,
  CopySnapshotId: `${PROVENANCE_PREFIX}drill-copy-snapshot-id`,
} as const;

export const DRILL_MARKER: Tag = { Key: DRILL_TAG_KEYS.Marker, Value: 'true' };

/** On a copy this function made: when it was last restored in a drill (ISO time), for the drills' rotation. */
export const DRILLED_AT_KEY = `${PROVENANCE_PREFIX}drilled-at`;

/**
 * On the same copy: `<RunId> <Outcome>[ <Code> <Class>]` of that drill, so that a re-delivery of a run whose drill
 * failed (FC retries a rejected timer invocation) reports the failure again instead of a disk it cannot remake.
 */
const DRILL_RESULT_KEY = `${PROVENANCE_PREFIX}drill-result`;

export interface RecordedDrill {
  RunId: string;
  Outcome: string;
  Code: string | undefined;
  Class: string | undefined;
}

/**
 * What a drill's record keeps of its result: a DrillResult is one. Not DrillResult itself: drill-report.ts imports
 * drill-copies.ts, which imports this file, and an import back would close a cycle.
 */
type DrillOutcome =
  | { RunId: string; Outcome: 'restored' | 'planned' | 'skipped' }
  | { RunId: string; Outcome: 'failed'; Code: string; Class: string };

export function drillRecordTags(nowMs: number, result: DrillOutcome): Tag[] {
  const failure = result.Outcome === 'failed' ? ` ${result.Code} ${result.Class}` : '';
  return [
    { Key: DRILLED_AT_KEY, Value: new Date(nowMs).toISOString() },
    { Key: DRILL_RESULT_KEY, Value: `${result.RunId} ${result.Outcome}${failure}` },
  ];
}

export function recordedDrill(tags: readonly Tag[]): RecordedDrill | undefined {
  const [RunId, Outcome, Code, Class] = (tagValue(tags, DRILL_RESULT_KEY) ?? '').split(' ');
  return RunId && Outcome ? { RunId, Outcome, Code, Class } : undefined;
}

export function drillDiskTags(drill: { RunId: string; SourceDiskId: string; CopySnapshotId: string }): Tag[] {
  return [
    DRILL_MARKER,
    { Key: DRILL_TAG_KEYS.RunId, Value: drill.RunId },
    { Key: DRILL_TAG_KEYS.SourceDiskId, Value: drill.SourceDiskId },
    { Key: DRILL_TAG_KEYS.CopySnapshotId, Value: drill.CopySnapshotId },
  ];
}

const tagValue = (tags: readonly Tag[], key: string) => tags.find((tag) => tag.Key === key)?.Value;

export function isDrillDisk(tags: readonly Tag[]): boolean {
  return tagValue(tags, DRILL_MARKER.Key) === DRILL_MARKER.Value;
}

export function drillRunOf(tags: readonly Tag[]): string | undefined {
  return tagValue(tags, DRILL_TAG_KEYS.RunId);
}

export function drillSourceDiskOf(tags: readonly Tag[]): string | undefined {
  return tagValue(tags, DRILL_TAG_KEYS.SourceDiskId);
}

/** Milliseconds since the epoch, or undefined for a copy never drilled (or a tag that is not a time). */
export function drilledAt(tags: readonly Tag[]): number | undefined {
  const time = Date.parse(tagValue(tags, DRILLED_AT_KEY) ?? '');
  return Number.isNaN(time) ? undefined : time;
}

/**
 * CreateDisk's ClientToken for one disk of one run: a re-delivery of the run's event (the same RunId) gets the disk
 * the first delivery made, never a second one. At most 64 ASCII characters.
 */
export function drillClientToken(drill: { RunId: string; DestinationRegionId: string; SourceDiskId: string }): string {
  // Loaded on first use, as in client-token.ts: node:crypto would add to every cold start.
  const { createHash } = require('node:crypto') as typeof Crypto;
  const digest = createHash('sha256')
    .update(JSON.stringify(['drill', drill.RunId, drill.DestinationRegionId, drill.SourceDiskId]))
    .digest('base64url');
  return `sd-${digest}`;
}
