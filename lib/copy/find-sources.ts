import type { EcsSession } from '../calls/ecs-session';
import { inPool } from '../calls/in-pool';
import type { CopyOrder } from './copy-order';
import { type SourceListing, sourceListings } from './source-listings';
import { type SourceSelection, SourceSelector } from './source-selection';

/**
 * Step 1: lists the source region for what the order selects, the listings side by side and each one's pages in
 * turn, and selects from each page as it comes (what a page holds beyond the selection is dropped with it). A failed
 * listing fails the run: nothing is copied blind.
 */
export async function findSources(order: CopyOrder, ecs: EcsSession, nowMs: number): Promise<SourceSelection> {
  const { selection } = order;
  const SnapshotType = selection.SnapshotType === 'all' ? undefined : selection.SnapshotType;
  const typeFilter = SnapshotType ? { SnapshotType } : {};
  const queryOf = (listing: SourceListing) => {
    switch (listing.kind) {
      case 'ids':
        return { RegionId: order.RegionId, SnapshotIds: listing.SnapshotIds };
      case 'disk':
        return { RegionId: order.RegionId, DiskId: listing.DiskId, ...typeFilter };
      case 'instance':
        return { RegionId: order.RegionId, InstanceId: listing.InstanceId, ...typeFilter };
      case 'region':
        return { RegionId: order.RegionId, ...typeFilter };
    }
  };
  const selector = new SourceSelector(selection, nowMs);
  const listings = sourceListings(selection).map((listing, index) => ({ listing, index }));
  await inPool(listings, ecs.concurrency, async ({ listing, index }) => {
    for await (const page of ecs.snapshotPages(queryOf(listing))) selector.add(index, listing, page.Snapshots);
  });
  return selector.result();
}
