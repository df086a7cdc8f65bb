import { findSources } from '../../lib/copy/find-sources';
import type { FakeEcs } from '../support/fake-ecs';
import { fakePort, seedOf } from './support/fake-port';
import { diskId, HOUR, NOW, orderFor, snapshot, snapshotId } from './support/orders';
import { resilient } from './support/session';

/** The listings made, by what they asked for (a later page by whether it carried a NextToken). */
const listingsMade = (port: FakeEcs) =>
  port.calls.map(({ params }) => ({
    ...(params.SnapshotIds ? { SnapshotIds: (JSON.parse(params.SnapshotIds) as unknown[]).length } : {}),
    ...(params.DiskId ? { DiskId: params.DiskId } : {}),
    ...(params.InstanceId ? { InstanceId: params.InstanceId } : {}),
    ...(params.SnapshotType ? { SnapshotType: params.SnapshotType } : {}),
    ...(params.NextToken ? { NextPage: true } : {}),
  }));

describe('finding the sources', () => {
  it('lists the whole region, page after page, for a selection by SourceTag alone', async () => {
    const { ecs: port } = fakePort();
    const prod = { Key: 'env', Value: 'prod' };
    for (let n = 0; n < 150; n++) port.addSnapshot(seedOf(snapshot(`p${n}`, `p${n}`, { Tags: [prod], CreationTime: NOW - n * HOUR })));

    const sources = await findSources(orderFor({ SourceTag: [prod], SnapshotType: 'auto' }), resilient(port), NOW);

    expect(listingsMade(port)).toEqual([{ SnapshotType: 'auto' }, { SnapshotType: 'auto', NextPage: true }]);
    expect(sources.verdicts).toHaveLength(150);
    expect(sources.protectedDisks).toHaveLength(150);
  });

  it('searches disk by disk for up to 20 DiskIds, and lists the region once for more', async () => {
    const few = Array.from({ length: 20 }, (_, n) => diskId(`few${n}`));
    const many = Array.from({ length: 21 }, (_, n) => diskId(`many${n}`));
    const { ecs: port } = fakePort();
    port.addSnapshot(seedOf(snapshot('few0', 'few0')));

    await findSources(orderFor({ DiskIds: few }), resilient(port), NOW);
    const perDisk = listingsMade(port);
    port.calls.length = 0;
    await findSources(orderFor({ DiskIds: many }), resilient(port), NOW);

    expect(perDisk).toEqual(few.map((DiskId) => ({ DiskId })));
    expect(listingsMade(port)).toEqual([{}]);
  });

  it('asks for exact picks 100 IDs a call, and lists each instance by its InstanceId', async () => {
    const picks = Array.from({ length: 150 }, (_, n) => snapshotId(`pick${n}`));
    const { ecs: port } = fakePort();
    port.addSnapshot(seedOf({ ...snapshot('pick0', 'a'), InstanceId: 'i-bp1instance00000001' }));

    const sources = await findSources(orderFor({ SnapshotIds: picks, InstanceIds: ['i-bp1instance00000001'] }), resilient(port), NOW);

    expect(listingsMade(port)).toEqual([{ SnapshotIds: 100 }, { SnapshotIds: 50 }, { InstanceId: 'i-bp1instance00000001' }]);
    expect(sources.missingPicks).toHaveLength(149);
  });

  it('fails when a listing fails, rather than copy from half a list', async () => {
    const { ecs: port } = fakePort();
    port.addSnapshot(seedOf(snapshot('a1', 'a')));
    port.injectFault({ Action: 'DescribeSnapshots', fault: { kind: 'error', status: 403, Code: 'Forbidden.RAM' } });

    await expect(findSources(orderFor({ DiskIds: [diskId('a')] }), resilient(port), NOW)).rejects.toMatchObject({ Code: 'Forbidden.RAM' });
  });
});
