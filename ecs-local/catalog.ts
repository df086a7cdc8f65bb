import type { ActionSpec } from './action';
import { assumeRole } from './assume-role';
import { copySnapshot } from './copy-snapshot';
import { createDisk } from './create-disk';
import { createImage } from './create-image';
import { deleteDisk } from './delete-disk';
import { deleteSnapshot } from './delete-snapshot';
import { describeAvailableResource } from './describe-available-resource';
import { describeDisks } from './describe-disks';
import { describeImages } from './describe-images';
import { describeLockedSnapshots } from './describe-locked-snapshots';
import { describeSnapshots } from './describe-snapshots';
import { type EcsError, ecsError } from './errors';
import { invokeFunction } from './invoke-function';
import { listAccounts } from './list-accounts';
import { lockSnapshot } from './lock-snapshot';
import { tagResources } from './tag-resources';
import { unlockSnapshot } from './unlock-snapshot';

/** Every action this cloud serves, of every product and version: adding one is its file and a line here. */
const CATALOG: readonly ActionSpec[] = [
  copySnapshot,
  describeSnapshots,
  createDisk,
  describeDisks,
  deleteDisk,
  deleteSnapshot,
  describeAvailableResource,
  tagResources,
  lockSnapshot,
  describeLockedSnapshots,
  unlockSnapshot,
  assumeRole,
  listAccounts,
  invokeFunction,
  createImage,
  describeImages,
];

const BY_KEY = new Map(CATALOG.map((spec) => [keyOf(spec.product, spec.version, spec.Action), spec]));
const VERSIONS = new Set(CATALOG.map((spec) => `${spec.product}\n${spec.version}`));

function keyOf(product: string, version: string, Action: string): string {
  return `${product}\n${version}\n${Action}`;
}

/** Whether the product has that API version: ECS answers `InvalidVersion` to any other, before anything else. */
export function hasVersion(product: string, version: string): boolean {
  return VERSIONS.has(`${product}\n${version}`);
}

export type Lookup = { ok: true; spec: ActionSpec } | { ok: false; error: EcsError };

/** The action a request names in a version of the product it was sent to. */
export function lookUpAction(product: string, version: string, Action: string | undefined): Lookup {
  const spec = BY_KEY.get(keyOf(product, version, Action ?? ''));
  if (spec === undefined) {
    return { ok: false, error: ecsError(404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.') };
  }
  return { ok: true, spec };
}
