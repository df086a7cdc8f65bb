import type { Disk, SeedDisk, ZoneOffer } from './disk';
import type { FaultRule } from './faults';
import type { InjectedFault, RandomFaultOptions } from './random-faults';
import type { LocalEcsCredential } from './signature';
import type { SeedSnapshot, Snapshot } from './snapshot';
import type { EcsVariants, EcsVariantsUpdate } from './variants';

export interface LocalEcsOptions {
  /** The credential table: each key belongs to its `accountId` (the default account when absent). */
  credentials: LocalEcsCredential[];
  /** Known region IDs; when absent, the regions of
   * https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-endpoint. */
  regions?: string[];
  /** How long a copy takes from progressing 0% to accomplished 100%; 2000 when absent. */
  copyDurationMs?: number;
  /** The clock in ms (Date.now when absent): copy progress, CreationTime and the Timestamp window use it. */
  now?: () => number;
  /** How far a request's Timestamp may be from `now`; 15 min when absent (UNVERIFIED:
   * https://www.alibabacloud.com/help/en/sdk/product-overview/rpc-mechanism names no window). */
  timestampWindowMs?: number;
  /** Added to every answer; 0 when absent. */
  latencyMs?: number;
  /** Each account's flow control: calls a minute past which ECS answers Throttling.User; none when absent. */
  rateLimitPerMinute?: number;
  /** 0 (a free port) when absent. */
  port?: number;
  /** Faults drawn at random, reproducibly from a seed, for requests no scripted fault matches; none when absent. */
  randomFaults?: RandomFaultOptions;
  /** How long a created disk is `Creating` before it is `Available`; 2000 when absent. */
  diskCreateDurationMs?: number;
  /** How long a deleted disk is `Deleting` before it is gone; 1000 when absent. */
  diskDeleteDurationMs?: number;
  /** The zones of a region and the data disk categories each sells; two zones a region (disk.ts) when absent. */
  zones?: Record<string, ZoneOffer[]>;
  /** Documented behaviours to switch on (variants.ts, docs/ecs-fidelity.md); the defaults when absent. */
  variants?: EcsVariantsUpdate;
}

/** One request as the server saw it; `status` is 0 when no answer was sent (drop, lose-answer). */
export interface RecordedCall {
  Action: string;
  RegionId?: string;
  /** Every parameter but Signature, AccessKeyId, SecurityToken and SignatureNonce. */
  params: Record<string, string>;
  status: number;
  Code?: string;
  method: string;
  /** The region of the endpoint called, when it was called at `/<RegionId>/`. */
  EndpointRegionId?: string;
}

export interface LocalEcs {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The AccessKeys it accepts: `GET /_local/endpoint` gives the first to a tool on this machine (npm run invoke). */
  readonly credentials: readonly LocalEcsCredential[];
  /** Throws on a malformed seed. `accountId`: the account it belongs to (a credential's `accountId`); the default
   * account's (`local-account`) when absent, as for every method below that takes one. */
  addSnapshot(seed: SeedSnapshot, accountId?: string): Snapshot;
  /** The region's snapshots now, newest first, with progress computed from the clock. */
  snapshots(regionId: string, accountId?: string): Snapshot[];
  /** Throws on a malformed seed or an unknown region. */
  addDisk(seed: SeedDisk, accountId?: string): Disk;
  /** The region's disks now (gone ones left out), newest first, as DescribeDisks answers them. */
  disks(regionId: string, accountId?: string): Disk[];
  /** Faults are used in the order they were injected, by the requests they match, after the signature is verified
   * (except `drop`, which happens before). Throws on a malformed rule. */
  injectFault(rule: FaultRule): void;
  clearFaults(): void;
  /** Replaces the random faults (undefined: none from now on), drawing afresh from the seed. Throws on malformed
   * options. */
  setRandomFaults(options: RandomFaultOptions | undefined): void;
  /** Every random fault applied so far, as it was applied: a `delay` is listed when its wait begins. */
  readonly injectedRandomFaults: InjectedFault[];
  calls: RecordedCall[];
  /** The variants in force. */
  readonly variants: Readonly<EcsVariants>;
  /** Changes the fields given, keeps the others. Throws on a malformed update. */
  setVariants(update: EcsVariantsUpdate): void;
  /** Attaches a source disk to an instance (DescribeSnapshots' InstanceId filter follows); throws for a released disk. */
  attachDisk(DiskId: string, InstanceId: string, accountId?: string): void;
  /** Detaches a source disk: its snapshots no longer match the instance's InstanceId. */
  detachDisk(DiskId: string, accountId?: string): void;
  /** Releases a source disk: detached for good; its snapshots stay, with their SourceDiskId. */
  releaseDisk(DiskId: string, accountId?: string): void;
  close(): Promise<void>;
}
