import type { DiskStore } from './disk-store';
import type { EcsError } from './errors';
import type { SnapshotStore } from './store';
import type { EcsVariants } from './variants';

/** What an ECS action sees once the request is authenticated. */
export interface ActionContext {
  params: ReadonlyMap<string, string>;
  store: SnapshotStore;
  nowMs: number;
  /** The account that owns the AccessKey: ClientTokens are remembered per account. */
  accountId: string;
  disks: DiskStore;
  /** The region of the endpoint called (`/<RegionId>/`), for actions without a RegionId parameter; undefined on `/`. */
  endpointRegionId: string | undefined;
  /** The documented behaviours switched on (variants.ts). */
  variants: Readonly<EcsVariants>;
}

/** An action answers a body (the server adds `RequestId`) or an ECS error. */
export type ActionResult = { ok: true; body: Record<string, unknown> } | { ok: false; error: EcsError };

export const succeed = (body: Record<string, unknown>): ActionResult => ({ ok: true, body });
export const fail = (error: EcsError): ActionResult => ({ ok: false, error });
