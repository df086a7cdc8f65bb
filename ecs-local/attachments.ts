/**
 * Which instance each source disk is attached to now. DescribeSnapshots' `InstanceId` filter means "disks attached to
 * the instance" (`@alicloud/ecs20140526` `src/models/DescribeSnapshotsRequest.ts`; docs/ecs-fidelity.md reads it as:
 * now), so the snapshots of a disk that was detached, moved or released stop matching the instance they were taken on,
 * while `DiskId` still finds them ("SourceDiskId … retained even after the disk is released").
 */
export class DiskAttachments {
  private readonly instanceByDisk = new Map<string, string>();
  private readonly released = new Set<string>();

  /** The instance the disk is attached to now; undefined when detached, released or never attached. */
  instanceOf(DiskId: string): string | undefined {
    return this.instanceByDisk.get(DiskId);
  }

  /** Throws for a released disk: it cannot be attached again. */
  attach(DiskId: string, InstanceId: string): void {
    if (this.released.has(DiskId)) throw new Error(`Disk ${DiskId} was released`);
    this.instanceByDisk.set(DiskId, InstanceId);
  }

  detach(DiskId: string): void {
    this.instanceByDisk.delete(DiskId);
  }

  /** The disk is gone; its snapshots stay (and keep their SourceDiskId). */
  release(DiskId: string): void {
    this.instanceByDisk.delete(DiskId);
    this.released.add(DiskId);
  }

  isReleased(DiskId: string): boolean {
    return this.released.has(DiskId);
  }
}
