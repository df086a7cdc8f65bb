import type { Ecs } from '../../lib/ecs/ecs';
import { CopyFailure } from '../../lib/ecs/errors';
import { readOnlyEcs } from '../../tools/status/read-only-ecs';

const call = { credentials: { accessKeyId: 'id', accessKeySecret: 'secret' }, timeoutMs: 1000 };

describe('the ECS adapter of npm run status', () => {
  const page = { Snapshots: [], NextToken: undefined, RequestId: 'r-1' };
  const inner: Ecs = {
    describeSnapshots: jest.fn(async () => page),
    copySnapshot: jest.fn(async () => ({ SnapshotId: 's-made', RequestId: 'r-2' })),
  };

  it('passes DescribeSnapshots through', async () => {
    await expect(readOnlyEcs(inner).describeSnapshots({ RegionId: 'cn-hangzhou', MaxResults: 10 }, call)).resolves.toBe(page);
  });

  it('refuses CopySnapshot before it reaches ECS', async () => {
    const ecs = readOnlyEcs(inner);

    await expect(
      ecs.copySnapshot(
        {
          RegionId: 'cn-hangzhou',
          SnapshotId: 's-abcd',
          DestinationRegionId: 'us-east-1',
          DestinationSnapshotName: 'x',
          DestinationSnapshotDescription: 'x',
          RetentionDays: undefined,
          Tag: [],
          Encrypted: undefined,
          KMSKeyId: undefined,
          ClientToken: 't',
        },
        call,
      ),
    ).rejects.toMatchObject({ Code: 'StatusIsReadOnly' });
    expect(inner.copySnapshot).not.toHaveBeenCalled();
  });

  it('refuses any call the port may gain later, not only CopySnapshot', async () => {
    const withMore = { ...inner, deleteSnapshot: jest.fn(async () => ({})) };
    const ecs = readOnlyEcs(withMore) as typeof withMore;

    await expect(ecs.deleteSnapshot()).rejects.toBeInstanceOf(CopyFailure);
    expect(withMore.deleteSnapshot).not.toHaveBeenCalled();
  });
});
