import type { ClientTokens } from './client-tokens';
import type { CloudServices } from './cloud-services';
import type { DiskStore } from './disk-store';
import { ECS_API_VERSION } from './ecs-version';
import type { EcsError } from './errors';
import type { ImageStore } from './image-store';
import type { ParamRule } from './param-rules';
import type { Principal } from './principal';
import type { SnapshotStore } from './store';
import type { EcsVariants } from './variants';

/** What an action sees once the request is admitted: its parameters and the calling account's state in this cloud. */
export interface ActionContext {
  params: ReadonlyMap<string, string>;
  /** The calling account's snapshots (every region of it). */
  store: SnapshotStore;
  nowMs: number;
  /** The calling account's disks (every region of it). */
  disks: DiskStore;
  /** The calling account's custom images (every region of it). */
  images: ImageStore;
  /** The calling account's ClientTokens (CopySnapshot, CreateDisk, CreateImage). */
  clientTokens: ClientTokens;
  /** The region of the endpoint called (`/<RegionId>/`), for actions without a RegionId parameter; undefined on `/`. */
  endpointRegionId: string | undefined;
  /** The documented behaviours switched on (variants.ts). */
  variants: Readonly<EcsVariants>;
  /** Who is calling: its account, its key's RAM policy and the RAM identity it signs as. */
  caller: Principal;
  /** What the actions of STS, Resource Manager and FC reach beyond the calling account (cloud-services.ts). */
  services: CloudServices;
  /** The request's body, for an API that carries its payload there (FC's InvokeFunction); undefined for RPC. */
  body: Buffer | undefined;
}

/** An action answers a body (the transport adds `RequestId`) or an ECS error. */
export type ActionResult = { ok: true; body: Record<string, unknown> } | { ok: false; error: EcsError };

/**
 * One action of one version of one product: what the engine dispatches on, the parameter rules it checks before the
 * action runs (`Missing<Name>` for each of `required`, then `knownRegion`, then each rule of `params`), and the action.
 */
export interface ActionSpec {
  product: string;
  version: string;
  Action: string;
  required?: readonly string[];
  /** The RegionId must be a region of the cloud, else `InvalidRegionId.NotFound` with this HTTP status (the actions'
   * error tables differ: 400 for DescribeSnapshots, 404 for the disk actions). */
  knownRegion?: { status: number };
  params?: Readonly<Record<string, ParamRule>>;
  run(context: ActionContext): ActionResult;
}

/** The spec of an ECS action of this cloud's version (ecs-version.ts). */
export const ecsAction = (
  Action: string,
  run: ActionSpec['run'],
  rules: Pick<ActionSpec, 'required' | 'knownRegion' | 'params'> = {},
): ActionSpec => ({
  product: 'Ecs',
  version: ECS_API_VERSION,
  Action,
  ...rules,
  run,
});

export const succeed = (body: Record<string, unknown>): ActionResult => ({ ok: true, body });
export const fail = (error: EcsError): ActionResult => ({ ok: false, error });
