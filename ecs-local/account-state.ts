import { ClientTokens } from './client-tokens';
import type { ZoneOffer } from './disk';
import { DiskStore } from './disk-store';
import { RateLimit } from './rate-limit';
import { SnapshotStore } from './store';

/** How every account of the cloud is made: its regions, its zones, how long copies and disks take, its flow control. */
export interface AccountTemplate {
  regions: ReadonlySet<string>;
  copyDurationMs: number;
  zones: Readonly<Record<string, ZoneOffer[]>>;
  diskCreateDurationMs: number;
  diskDeleteDurationMs: number;
  rateLimitPerMinute: number | undefined;
  now: () => number;
}

/**
 * What one Alibaba Cloud account holds, in every region: its snapshots (with their source disks' attachments), its
 * disks, its ClientTokens and its flow control (ECS limits calls per account). Nothing is shared between accounts:
 * one account's keys never see, copy or delete another's resources.
 */
export class AccountState {
  readonly store: SnapshotStore;
  readonly disks: DiskStore;
  readonly rateLimit: RateLimit | undefined;
  readonly clientTokens = new ClientTokens();

  constructor(template: AccountTemplate) {
    this.store = new SnapshotStore(template.regions, template.copyDurationMs);
    this.disks = DiskStore.withDefaultZones(template.zones, template.diskCreateDurationMs, template.diskDeleteDurationMs);
    this.rateLimit = template.rateLimitPerMinute === undefined ? undefined : new RateLimit(template.rateLimitPerMinute, template.now);
  }
}
