import * as z from 'zod';
import { type LocalEcs, type LocalEcsCredential, startLocalEcs } from '../../ecs-local';
import { callEcs, ecsFailureOf, ListingSchema, popCoreClient } from '../support/pop-core-client';

// The local cloud holds state per account: each key of the credential table belongs to one account, and a call
// made with it sees, copies and deletes only that account's resources, as two Alibaba Cloud accounts would.

const OWN: LocalEcsCredential = { accessKeyId: 'LTAI-own-key', accessKeySecret: 'own-secret-value' };
const OTHER: LocalEcsCredential = { accessKeyId: 'LTAI-other-key', accessKeySecret: 'other-secret-value', accountId: 'other-account' };
const SOURCE_REGION = 'cn-hangzhou';
const DESTINATION_REGION = 'cn-shanghai';

const CopyAnswerSchema = z.object({ SnapshotId: z.string() });

let ecs: LocalEcs;

beforeEach(async () => {
  ecs = await startLocalEcs({ credentials: [OWN, OTHER], copyDurationMs: 60_000 });
});

afterEach(async () => {
  await ecs.close();
});

const listedIds = async (credential: LocalEcsCredential): Promise<string[]> => {
  const answer = ListingSchema.parse(await callEcs(popCoreClient(ecs, credential), 'DescribeSnapshots', { RegionId: SOURCE_REGION }));
  return answer.Snapshots.Snapshot.map((snapshot) => String(snapshot.SnapshotId));
};

describe('accounts of the local cloud', () => {
  test("a second account's keys list only that account's snapshots, and the first account's keys never see them", async () => {
    const own = ecs.addSnapshot({ RegionId: SOURCE_REGION, DiskId: 'd-own0000000000000001' });
    const other = ecs.addSnapshot({ RegionId: SOURCE_REGION, DiskId: 'd-other000000000000001' }, 'other-account');

    expect(await listedIds(OWN)).toEqual([own.SnapshotId]);
    expect(await listedIds(OTHER)).toEqual([other.SnapshotId]);
    expect(ecs.snapshots(SOURCE_REGION, 'other-account').map((snapshot) => snapshot.SnapshotId)).toEqual([other.SnapshotId]);
  });

  test("a key cannot copy or delete another account's snapshot: it is not found, and stays", async () => {
    const other = ecs.addSnapshot({ RegionId: SOURCE_REGION, DiskId: 'd-other000000000000001' }, 'other-account');
    const client = popCoreClient(ecs, OWN);

    const copy = await ecsFailureOf(
      callEcs(client, 'CopySnapshot', {
        RegionId: SOURCE_REGION,
        SnapshotId: other.SnapshotId,
        DestinationRegionId: DESTINATION_REGION,
        DestinationSnapshotName: 'stolen-copy',
        DestinationSnapshotDescription: 'not my snapshot',
      }),
    );
    expect(copy.code).toBe('InvalidSnapshotId.NotFound');
    const deletion = await ecsFailureOf(callEcs(client, 'DeleteSnapshot', { SnapshotId: other.SnapshotId }));
    expect(deletion.code).toBe('InvalidSnapshotId.NotFound');

    expect(ecs.snapshots(SOURCE_REGION, 'other-account').map((snapshot) => snapshot.SnapshotId)).toEqual([other.SnapshotId]);
    expect(ecs.snapshots(DESTINATION_REGION, 'other-account')).toEqual([]);
    expect(ecs.snapshots(DESTINATION_REGION)).toEqual([]);
  });

  test("a copy made with the second account's key lands in that account's destination region only", async () => {
    const other = ecs.addSnapshot({ RegionId: SOURCE_REGION, DiskId: 'd-other000000000000001' }, 'other-account');

    const answer = CopyAnswerSchema.parse(
      await callEcs(popCoreClient(ecs, OTHER), 'CopySnapshot', {
        RegionId: SOURCE_REGION,
        SnapshotId: other.SnapshotId,
        DestinationRegionId: DESTINATION_REGION,
        DestinationSnapshotName: 'dr-copy',
        DestinationSnapshotDescription: 'a copy in the other account',
      }),
    );

    expect(ecs.snapshots(DESTINATION_REGION, 'other-account').map((snapshot) => snapshot.SnapshotId)).toEqual([answer.SnapshotId]);
    expect(ecs.snapshots(DESTINATION_REGION)).toEqual([]);
  });

  test('a key added to the credential table after start signs for its account at once, and a second use of its AccessKeyId is refused', async () => {
    const third: LocalEcsCredential = { accessKeyId: 'LTAI-third-key', accessKeySecret: 'third-secret-value', accountId: 'third-account' };
    const theirs = ecs.addSnapshot({ RegionId: SOURCE_REGION, DiskId: 'd-third000000000000001' }, 'third-account');

    ecs.addCredential(third);

    expect(await listedIds(third)).toEqual([theirs.SnapshotId]);
    expect(() => ecs.addCredential({ ...third, accessKeySecret: 'another-secret' })).toThrow(/LTAI-third-key/);
    expect(() => ecs.addCredential({ ...third, accessKeySecret: 'another-secret' })).not.toThrow(/another-secret/);
  });
});
