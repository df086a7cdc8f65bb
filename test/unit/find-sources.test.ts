import { CopyFailure } from '../../lib/ecs/errors';
import { findSources } from '../../lib/run/find-sources';
import { MemoryEcs } from './support/memory-ecs';
import { diskId, HOUR, NOW, orderFor, SOURCE, snapshot, snapshotId } from './support/orders';
import { resilient } from './support/session';

const listingsMade = (port: MemoryEcs) =>
  port.calls.map(({ query }) => ({
    ...(query?.SnapshotIds ? { SnapshotIds: query.SnapshotIds.length } : {}),
    ...(query?.DiskId ? { DiskId: query.DiskId } : {}),
    ...(query?.InstanceId ? { InstanceId: query.InstanceId } : {}),
    ...(query?.SnapshotType ? { SnapshotType: query.SnapshotType } : {}),
    ...(query?.NextToken ? { NextToken: query.NextToken } : {}),
  }));

describe('finding the sources', () => {
  it('lists the whole region, page after page, for a selection by SourceTag alone', async () => {
    const port = new MemoryEcs();
    const prod = { Key: 'env', Value: 'prod' };
    for (let n = 0; n < 150; n++) port.add(SOURCE, snapshot(`p${n}`, `p${n}`, { Tags: [prod], CreationTime: NOW - n * HOUR }));

    const sources = await findSources(orderFor({ SourceTag: [prod], SnapshotType: 'auto' }), resilient(port), NOW);

    expect(listingsMade(port)).toEqual([{ SnapshotType: 'auto' }, { SnapshotType: 'auto', NextToken: '100' }]);
    expect(sources.verdicts).toHaveLength(150);
    expect(sources.protectedDisks).toHaveLength(150);
  });

  it('searches disk by disk for up to 20 DiskIds, and lists the region once for more', async () => {
    const few = Array.from({ length: 20 }, (_, n) => diskId(`few${n}`));
    const many = Array.from({ length: 21 }, (_, n) => diskId(`many${n}`));
    const port = new MemoryEcs();
    port.add(SOURCE, snapshot('few0', 'few0'));

    await findSources(orderFor({ DiskIds: few }), resilient(port), NOW);
    const perDisk = listingsMade(port);
    port.calls.length = 0;
    await findSources(orderFor({ DiskIds: many }), resilient(port), NOW);

    expect(perDisk).toEqual(few.map((DiskId) => ({ DiskId })));
    expect(listingsMade(port)).toEqual([{}]);
  });

  it('asks for exact picks 100 IDs a call, and lists each instance by its InstanceId', async () => {
    const picks = Array.from({ length: 150 }, (_, n) => snapshotId(`pick${n}`));
    const port = new MemoryEcs();
    port.add(SOURCE, { ...snapshot('pick0', 'a'), InstanceId: 'i-bp1instance00000001' });

    const sources = await findSources(orderFor({ SnapshotIds: picks, InstanceIds: ['i-bp1instance00000001'] }), resilient(port), NOW);

    expect(listingsMade(port)).toEqual([{ SnapshotIds: 100 }, { SnapshotIds: 50 }, { InstanceId: 'i-bp1instance00000001' }]);
    expect(sources.missingPicks).toHaveLength(149);
  });

  it('fails when a listing fails, rather than copy from half a list', async () => {
    const port = new MemoryEcs();
    port.add(SOURCE, snapshot('a1', 'a'));
    port.failNext('DescribeSnapshots', () => new CopyFailure({ Code: 'Forbidden.RAM', Message: 'denied', errorClass: 'forbidden' }));

    await expect(findSources(orderFor({ DiskIds: [diskId('a')] }), resilient(port), NOW)).rejects.toMatchObject({ Code: 'Forbidden.RAM' });
  });
});
