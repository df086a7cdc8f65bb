import type { SnapshotTag } from './snapshot';

/**
 * The states of a custom image this cloud goes through (DescribeImages' `Status`,
 * https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describeimages): CreateImage makes
 * it `Creating`, then it is `Available`. `CreateFailed` is an image whose snapshot was deleted while it was being made
 * (what real ECS answers then is UNVERIFIED).
 */
export type ImageStatus = 'Creating' | 'Available' | 'CreateFailed';

/** Every value DescribeImages' `Status` filter takes (SDK model DescribeImagesRequest.status). */
export const IMAGE_STATUSES = ['Creating', 'Waiting', 'Available', 'UnAvailable', 'CreateFailed', 'Deprecated'] as const;

/**
 * One item of DescribeImages' `Images.Image[]`, with the fields of the SDK model DescribeImagesResponseBodyImagesImage
 * (@alicloud/ecs20140526) this cloud fills: a custom image made from one system disk snapshot.
 */
export interface Image {
  ImageId: string;
  ImageName: string;
  Description: string;
  Status: ImageStatus;
  /** `"37%"`, as DescribeSnapshots' Progress. */
  Progress: string;
  /** GiB: the system disk size the image needs at least. */
  Size: number;
  ImageOwnerAlias: 'self';
  OSType: 'linux';
  Platform: string;
  Architecture: string;
  BootMode: string;
  Usage: 'none';
  IsSelfShared: string;
  IsCopied: boolean;
  CreationTime: string;
  DiskDeviceMappings: { DiskDeviceMapping: { SnapshotId: string; Size: string; Device: string; Type: 'system' }[] };
  Tags: { Tag: SnapshotTag[] };
}
