import type { SnapshotInfo, SnapshotPage } from '../../lib/ecs/ecs';
import { ListingGuard } from '../../lib/ecs/listing-guard';

function page(NextToken: string | undefined, count = 1): SnapshotPage {
  const snapshot: SnapshotInfo = {
    SnapshotId: 's-abcd1234',
    RegionId: 'us-east-1',
    SourceDiskId: 'd-abcd1234',
    Status: 'accomplished',
    Progress: '100%',
    CreationTime: 0,
    SnapshotType: 'user',
    Category: 'standard',
    Encrypted: false,
    Tags: [],
  };
  return { RequestId: 'R-1', NextToken, Snapshots: Array.from({ length: count }, () => snapshot) };
}

describe('ListingGuard', () => {
  it('lets a listing page through tokens it has not seen', () => {
    const guard = new ListingGuard({ RegionId: 'us-east-1' }, 1000);

    expect(() => {
      guard.admit(page('a'));
      guard.admit(page('b'));
      guard.admit(page(undefined));
    }).not.toThrow();
  });

  it('ends a listing whose NextToken leads back to an earlier page, as a classified bad answer', () => {
    const guard = new ListingGuard({ RegionId: 'us-east-1' }, 1000);
    guard.admit(page('a'));
    guard.admit(page('b'));

    expect(() => guard.admit(page('a'))).toThrow(
      expect.objectContaining({
        Code: 'EcsBadResponse',
        errorClass: 'transient',
        RequestId: 'R-1',
        Message: expect.stringMatching(/NextToken/),
      }),
    );
  });

  it('ends a listing that grows past what the caller can hold', () => {
    const guard = new ListingGuard({ RegionId: 'us-east-1' }, 150);
    guard.admit(page('a', 100));

    expect(() => guard.admit(page('b', 100))).toThrow(
      expect.objectContaining({ Code: 'EcsBadResponse', Message: expect.stringMatching(/more than 150/) }),
    );
  });

  it('flags a tag-filtered listing that reached the 1000 matches ECS caps tag filters at, and only that', () => {
    const tagged = new ListingGuard({ RegionId: 'us-east-1', Tag: [{ Key: 'k', Value: 'v' }] }, 100_000);
    const untagged = new ListingGuard({ RegionId: 'us-east-1' }, 100_000);
    for (let n = 0; n < 10; n++) {
      tagged.admit(page(`t${n}`, 100));
      untagged.admit(page(`u${n}`, 100));
    }

    expect(tagged.mayBeCapped).toBe(true);
    expect(untagged.mayBeCapped).toBe(false);
  });
});
