import { ClientTokens } from './client-tokens';
import type { ZoneOffer } from './disk';
import { DiskStore } from './disk-store';
import { ImageStore } from './image-store';
import { FlowControl } from './rate-limit';
import { RoleStore } from './role-store';
import { SnapshotStore } from './store';

/** How every account of the cloud is made: its regions, its zones, how long copies and disks take, its flow control. */
export interface AccountTemplate {
  regions: ReadonlySet<string>;
  copyDurationMs: number;
  zones: Readonly<Record<string, ZoneOffer[]>>;
  diskCreateDurationMs: number;
  diskDeleteDurationMs: number;
  imageCreateDurationMs: number;
  rateLimitPerMinute: number | undefined;
  now: () => number;
}

/**
 * What one Alibaba Cloud account holds, in every region: its snapshots (with their source disks' attachments), its
 * disks, its custom images, its ClientTokens and its flow control (ECS limits an account's calls of each API; this cloud, of each API in
 * each region). Nothing is shared between accounts:
 * one account's keys never see, copy or delete another's resources.
 */
export class AccountState {
  readonly store: SnapshotStore;
  readonly disks: DiskStore;
  readonly images: ImageStore;
  /** Calls a minute for each region and API, past which ECS answers Throttling.User; none when absent. */
  readonly flowControl: FlowControl | undefined;
  readonly clientTokens = new ClientTokens();
  /** Its RAM roles, which STS AssumeRole assumes (role-store.ts). */
  readonly roles = new RoleStore();

  constructor(template: AccountTemplate) {
    this.store = new SnapshotStore(template.regions, template.copyDurationMs);
    this.disks = DiskStore.withDefaultZones(template.zones, template.diskCreateDurationMs, template.diskDeleteDurationMs);
    this.images = new ImageStore(template.imageCreateDurationMs);
    this.flowControl = template.rateLimitPerMinute === undefined ? undefined : new FlowControl(template.rateLimitPerMinute, template.now);
  }
}
