import type { CopySnapshotParameters } from './copy-snapshot-parameters';
import type { Credentials } from './credentials';

/** The ECS calls the core needs. The adapter over pop-core is pop-core-ecs.ts; tests use the local ECS endpoint. */
export interface Ecs {
  /** Resolves with the new snapshot; rejects with a CopyFailure (already classified, free of credentials). */
  copySnapshot(parameters: CopySnapshotParameters, call: EcsCall): Promise<CopySnapshotResult>;
}

export interface EcsCall {
  credentials: Credentials;
  /** Connect and read timeout of this one HTTP request. */
  timeoutMs: number;
}

/** CopySnapshot's response: the new snapshot's ID (in the destination region) and the request's ID. */
export interface CopySnapshotResult {
  SnapshotId: string;
  RequestId: string;
}
