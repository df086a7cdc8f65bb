import type { Image, ImageStatus } from './image';
import { unusedResourceId } from './resource-id';
import { formatEcsTime, type SnapshotTag } from './snapshot';

export interface StoredImage {
  readonly seq: number;
  readonly RegionId: string;
  readonly ImageId: string;
  readonly ImageName: string;
  readonly Description: string;
  readonly SnapshotId: string;
  readonly Size: number;
  readonly Platform: string;
  readonly Architecture: string;
  readonly BootMode: string;
  readonly Tags: readonly SnapshotTag[];
  readonly creationMs: number;
  readonly readyAtMs: number;
}

/** What CreateImage decided; the store gives it an ID and its time to be Available. */
export type ImageOrder = Omit<StoredImage, 'seq' | 'ImageId' | 'creationMs' | 'readyAtMs'>;

/**
 * The custom images of every region of an account. A new image is `Creating` for `createDurationMs` on the cloud's
 * clock, then `Available`; one whose snapshot is gone before that is `CreateFailed`.
 */
export class ImageStore {
  private readonly byId = new Map<string, StoredImage>();
  private nextSeq = 0;

  constructor(private readonly createDurationMs: number) {}

  create(order: ImageOrder, nowMs: number): StoredImage {
    const image: StoredImage = {
      ...order,
      seq: this.nextSeq++,
      ImageId: unusedResourceId('m-', this.byId),
      creationMs: nowMs,
      readyAtMs: nowMs + this.createDurationMs,
    };
    this.byId.set(image.ImageId, image);
    return image;
  }

  /** `snapshotExists` says whether the image's snapshot is still there: an image still being made needs it. */
  statusAt(image: StoredImage, nowMs: number, snapshotExists: boolean): ImageStatus {
    if (nowMs >= image.readyAtMs) return 'Available';
    return snapshotExists ? 'Creating' : 'CreateFailed';
  }

  /** The region's images, newest first, as DescribeImages lists them. */
  list(regionId: string): StoredImage[] {
    return [...this.byId.values()]
      .filter((image) => image.RegionId === regionId)
      .sort((a, b) => b.creationMs - a.creationMs || b.seq - a.seq);
  }

  /** An image of the region with this name (ImageName is unique in a region: InvalidImageName.Duplicated). */
  named(regionId: string, ImageName: string): StoredImage | undefined {
    return this.list(regionId).find((image) => image.ImageName === ImageName);
  }

  view(image: StoredImage, nowMs: number, snapshotExists: boolean): Image {
    const Status = this.statusAt(image, nowMs, snapshotExists);
    const elapsed = Math.max(0, nowMs - image.creationMs);
    const percent = Status === 'Available' ? 100 : Math.min(99, Math.floor((elapsed / Math.max(1, this.createDurationMs)) * 100));
    return {
      ImageId: image.ImageId,
      ImageName: image.ImageName,
      Description: image.Description,
      Status,
      Progress: `${percent}%`,
      Size: image.Size,
      ImageOwnerAlias: 'self',
      OSType: 'linux',
      Platform: image.Platform,
      Architecture: image.Architecture,
      BootMode: image.BootMode,
      Usage: 'none',
      IsSelfShared: 'False',
      IsCopied: false,
      CreationTime: formatEcsTime(image.creationMs),
      DiskDeviceMappings: {
        DiskDeviceMapping: [{ SnapshotId: image.SnapshotId, Size: String(image.Size), Device: '/dev/xvda', Type: 'system' }],
      },
      Tags: { Tag: image.Tags.map((tag) => ({ ...tag })) },
    };
  }
}
