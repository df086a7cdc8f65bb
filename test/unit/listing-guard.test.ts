import { type EcsDiskSession, openDiskSession } from '../../lib/calls/ecs-disk-session';
import { DEFAULT_RETRY_POLICY } from '../../lib/calls/retry';
import type { Ecs, SnapshotInfo, SnapshotPage } from '../../lib/ecs/ecs';
import type { DescribeDisksQuery, DiskPage, EcsDisks } from '../../lib/ecs/ecs-disks';
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

describe('a DescribeDisks listing (restore drills, KeepCopies)', () => {
  const disk = {
    DiskId: 'd-abcd1234',
    RegionId: 'us-east-1',
    ZoneId: 'us-east-1a',
    Status: 'Available',
    Category: 'cloud_essd',
    Size: 20,
    SourceSnapshotId: 's-abcd1234',
    InstanceId: '',
    CreationTime: undefined,
    Tags: [],
  };
  /** A session whose only answering action is DescribeDisks. */
  const sessionOver = (describeDisks: (query: DescribeDisksQuery) => Promise<DiskPage>): EcsDiskSession => {
    const unused = async (): Promise<never> => {
      throw new Error('not called by a listing');
    };
    const ecs: Ecs = { copySnapshot: unused, describeSnapshots: unused };
    const disks: EcsDisks = {
      describeDisks,
      createDisk: unused,
      deleteDisk: unused,
      describeAvailableResource: unused,
      deleteSnapshot: unused,
      tagSnapshots: unused,
      createImage: unused,
      describeImages: unused,
      describeSnapshotsWithDiskType: unused,
      lockSnapshot: unused,
      describeLockedSnapshots: unused,
      describeSnapshotRetention: unused,
    };
    const tools = { now: () => 0, sleep: async () => undefined, random: () => 0 };
    const credentials = { accessKeyId: 'id', accessKeySecret: 'secret' };
    return openDiskSession(1000, { ecs, disks, retryPolicy: DEFAULT_RETRY_POLICY, ...tools }, credentials, { remainingMs: () => 600_000 });
  };

  it('is stopped at the page whose NextToken was answered before: two calls, not one more', async () => {
    const sent: Array<string | undefined> = [];
    const disks = {
      describeDisks: async (query: DescribeDisksQuery) => {
        sent.push(query.NextToken);
        return { Disks: [disk], NextToken: 'page-2', RequestId: `R-${sent.length}` };
      },
    };

    await expect(sessionOver(disks.describeDisks).listDisks({ RegionId: 'us-east-1', SnapshotId: 's-abcd1234' })).rejects.toMatchObject({
      Code: 'EcsBadResponse',
      RequestId: 'R-2',
      Message: expect.stringMatching(/^DescribeDisks in us-east-1 answered a NextToken it had answered before/),
    });
    expect(sent).toEqual([undefined, 'page-2']);
  });

  it('lists every page when the tokens do not repeat', async () => {
    const pages = ['a', 'b', undefined];
    const disks = {
      describeDisks: async (query: DescribeDisksQuery) => ({
        Disks: [disk],
        NextToken: pages[query.NextToken === undefined ? 0 : query.NextToken === 'a' ? 1 : 2],
        RequestId: 'R',
      }),
    };

    await expect(sessionOver(disks.describeDisks).listDisks({ RegionId: 'us-east-1' })).resolves.toHaveLength(3);
  });
});
