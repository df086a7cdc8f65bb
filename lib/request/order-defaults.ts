import type { Tag } from '../ecs/copy-snapshot-parameters';
import type { Selection } from './copy-request';

/**
 * What the operator's configuration fills in when a request leaves it out (lib/config reads it from the environment;
 * its Configuration is one).
 */
export interface OrderDefaults {
  /** SOURCE_REGION_ID, else FC_REGION (the function's own region); undefined outside FC when neither is set. */
  SourceRegionId: string | undefined;
  /** DESTINATION_REGION_ID: one region or a comma-separated list. */
  DestinationRegionIds: readonly string[] | undefined;
  DestinationSnapshotNameTemplate: string;
  DestinationSnapshotDescriptionTemplate: string;
  RetentionDays: number | undefined;
  /** SNAPSHOT_TAGS: a request's tag of the same key wins. */
  Tags: readonly Tag[];
  Encrypted: boolean | undefined;
  /** KMS_KEY_ID: a key, or a JSON object of destination region to key; used only when the copy is encrypted. */
  KMSKeyId: string | Readonly<Record<string, string>> | undefined;
  /** SELECTION: what a payload-less timer (or a request that names no snapshot) protects. */
  Selection: Selection | undefined;
  /** KEEP_COPIES: accomplished copies kept per protected disk and destination; none (no pruning) when unset. */
  KeepCopies: number | undefined;
  /** LOCK_DAYS: every copy locked in compliance mode for this many days; none locked when unset (docs/locks.md). */
  LockDays: number | undefined;
  /** LOCK_COOL_OFF_HOURS: the hours a new lock can still be removed (0 to 72, default 24). */
  LockCoolOffHours: number;
  /** DRILL_TIMEOUT_MINUTES: how long a drill disk may take to become Available before the drill fails. */
  DrillTimeoutMinutes: number;
}
