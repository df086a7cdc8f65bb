import type { CopySnapshotParameters } from '../../lib/ecs/copy-snapshot-parameters';
import type { EcsCall } from '../../lib/ecs/ecs';
import { CopyFailure } from '../../lib/failures/errors';
import { CANARY_CREDENTIALS } from '../../tools/fc-fixtures';
import { FakeEcs } from '../support/fake-ecs';
import { VirtualClock } from '../support/virtual-clock';

/**
 * The fake ECS of the unit tests keeps the rules of ECS the function relies on (it runs the local endpoint's own
 * model), and fails the way the pop-core adapter reports ECS failing.
 */
const CALL: EcsCall = { credentials: { ...CANARY_CREDENTIALS }, timeoutMs: 2_000 };

function setUp(options: { copyDurationMs?: number; rateLimitPerMinute?: number } = {}) {
  const clock = new VirtualClock();
  const ecs = new FakeEcs({ clock, copyDurationMs: options.copyDurationMs ?? 10_000, ...options });
  const source = ecs.addSnapshot({ RegionId: 'cn-hangzhou', DiskId: 'd-bp1fakedisk00000001' });
  const copy = (overrides: Partial<CopySnapshotParameters> = {}): CopySnapshotParameters => ({
    RegionId: 'cn-hangzhou',
    SnapshotId: source.SnapshotId,
    DestinationRegionId: 'us-east-1',
    DestinationSnapshotName: 'dr-copy',
    DestinationSnapshotDescription: 'a DR copy',
    Tag: [{ Key: 'snapshot-copy:source-disk-id', Value: source.SourceDiskId }],
    ClientToken: 'token-1',
    ...overrides,
  });
  return { clock, ecs, source, copy };
}

async function failureOf(promise: Promise<unknown>): Promise<CopyFailure> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof CopyFailure)) throw new Error(`expected a CopyFailure, got ${String(error)}`);
  return error;
}

describe('the fake ECS', () => {
  it('makes a copy that progresses with the clock from progressing to accomplished, with its tags', async () => {
    const { clock, ecs, copy } = setUp();

    const { SnapshotId, RequestId } = await ecs.copySnapshot(copy(), CALL);
    const atStart = ecs.snapshots('us-east-1')[0];
    await clock.advance(2_500);
    const meanwhile = ecs.snapshots('us-east-1')[0];
    await clock.advance(7_500);

    expect(RequestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(atStart).toMatchObject({ SnapshotId, Status: 'progressing', Progress: '0%', SnapshotName: 'dr-copy' });
    expect(meanwhile).toMatchObject({ Status: 'progressing', Progress: '25%' });
    expect(ecs.snapshots('us-east-1')[0]).toMatchObject({
      Status: 'accomplished',
      Progress: '100%',
      Tags: { Tag: [{ TagKey: 'snapshot-copy:source-disk-id', TagValue: 'd-bp1fakedisk00000001' }] },
    });
  });

  it('answers the same copy to the same ClientToken, and IdempotentParameterMismatch to other parameters', async () => {
    const { ecs, copy } = setUp();

    const first = await ecs.copySnapshot(copy(), CALL);
    const again = await ecs.copySnapshot(copy(), CALL);
    const mismatch = await failureOf(ecs.copySnapshot(copy({ DestinationSnapshotName: 'dr-other-day' }), CALL));

    expect(again.SnapshotId).toBe(first.SnapshotId);
    expect(ecs.snapshots('us-east-1')).toHaveLength(1);
    expect(mismatch).toMatchObject({ Code: 'IdempotentParameterMismatch', errorClass: 'invalid-request', ecsHttpStatus: 400 });
  });

  it('copies one snapshot of a disk to a region at a time', async () => {
    const { clock, ecs, copy } = setUp();
    const newer = ecs.addSnapshot({ RegionId: 'cn-hangzhou', DiskId: 'd-bp1fakedisk00000001' });
    await ecs.copySnapshot(copy(), CALL);

    const refused = await failureOf(ecs.copySnapshot(copy({ SnapshotId: newer.SnapshotId, ClientToken: 'token-2' }), CALL));
    const elsewhere = await ecs.copySnapshot(
      copy({ SnapshotId: newer.SnapshotId, ClientToken: 'token-3', DestinationRegionId: 'eu-central-1' }),
      CALL,
    );
    await clock.advance(10_000);
    const later = await ecs.copySnapshot(copy({ SnapshotId: newer.SnapshotId, ClientToken: 'token-2' }), CALL);

    expect(refused).toMatchObject({ Code: 'InvalidOperation.DiskHasUnfinishedSnapshotCopy', errorClass: 'not-ready' });
    expect(elsewhere.SnapshotId).toMatch(/^s-/);
    expect(later.SnapshotId).toMatch(/^s-/);
  });

  it('lists by tag and pages with NextToken, newest first, without gaps or repeats', async () => {
    const { clock, ecs } = setUp();
    const tagged: string[] = [];
    for (let n = 0; n < 7; n++) {
      await clock.advance(1_000);
      const Tags = n % 2 === 0 ? [{ Key: 'env', Value: 'prod' }] : [{ Key: 'env', Value: 'dev' }];
      const { SnapshotId } = ecs.addSnapshot({ RegionId: 'cn-hangzhou', DiskId: `d-bp1page${n}`, Tags });
      if (n % 2 === 0) tagged.unshift(SnapshotId);
    }

    const listed: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const query = { RegionId: 'cn-hangzhou', Tag: [{ Key: 'env', Value: 'prod' }], MaxResults: 3 };
      const page = await ecs.describeSnapshots({ ...query, ...(NextToken !== undefined ? { NextToken } : {}) }, CALL);
      listed.push(...page.Snapshots.map((snapshot) => snapshot.SnapshotId));
      NextToken = page.NextToken;
      pages++;
    } while (NextToken !== undefined);

    expect(listed).toEqual(tagged);
    expect(pages).toBe(2);
    expect(ecs.calls.map((call) => call.params.MaxResults)).toEqual(['3', '3']);
  });

  it('fails a call as the pop-core adapter reports it: throttled, dropped, an answer lost after the copy was made', async () => {
    const { ecs, copy } = setUp();
    ecs.injectFault({ Action: 'CopySnapshot', fault: { kind: 'throttle' } });
    ecs.injectFault({ Action: 'CopySnapshot', fault: { kind: 'drop' } });
    ecs.injectFault({ Action: 'CopySnapshot', fault: { kind: 'lose-answer' } });

    const throttled = await failureOf(ecs.copySnapshot(copy(), CALL));
    const dropped = await failureOf(ecs.copySnapshot(copy(), CALL));
    const lost = await failureOf(ecs.copySnapshot(copy(), CALL));
    const found = await ecs.copySnapshot(copy(), CALL);

    expect(throttled).toMatchObject({ Code: 'Throttling.User', errorClass: 'throttled' });
    expect(dropped).toMatchObject({ Code: 'EcsUnreachable', errorClass: 'transient' });
    expect(lost).toMatchObject({ Code: 'EcsUnreachable', errorClass: 'transient' });
    expect(ecs.snapshots('us-east-1').map((snapshot) => snapshot.SnapshotId)).toEqual([found.SnapshotId]);
    expect(ecs.calls.map((call) => [call.status, call.Code])).toEqual([
      [400, 'Throttling.User'],
      [0, undefined],
      [0, undefined],
      [200, undefined],
    ]);
  });

  it('times a call out at its timeout when the answer is slower, and makes the copy when the delay is over', async () => {
    const { clock, ecs, copy } = setUp();
    ecs.injectFault({ Action: 'CopySnapshot', fault: { kind: 'delay', ms: 5_000 } });
    const startedAt = clock.now();

    const timedOut = await failureOf(ecs.copySnapshot(copy(), CALL));
    const atTimeout = ecs.snapshots('us-east-1').length;
    await clock.runAll();

    expect(timedOut).toMatchObject({ Code: 'EcsTimeout', errorClass: 'transient' });
    expect(clock.now() - startedAt).toBe(5_000);
    expect(atTimeout).toBe(0);
    expect(ecs.snapshots('us-east-1')).toHaveLength(1);
  });

  it('answers Throttling.User past the account rate limit, and lets calls through again as time passes', async () => {
    const { clock, ecs } = setUp({ rateLimitPerMinute: 120 });
    const list = () => ecs.describeSnapshots({ RegionId: 'cn-hangzhou', MaxResults: 10 }, CALL);

    await list();
    await list();
    const third = await failureOf(list());
    await clock.advance(500);
    await list();

    expect(third).toMatchObject({ Code: 'Throttling.User', errorClass: 'throttled' });
    expect(ecs.calls.map((call) => call.status)).toEqual([200, 200, 400, 200]);
  });

  it('keeps a rate limit for each API in each region: one used up leaves the others whole', async () => {
    const { ecs, copy } = setUp({ rateLimitPerMinute: 60 });
    const list = (RegionId: string) => ecs.describeSnapshots({ RegionId, MaxResults: 10 }, CALL);
    const tag = (RegionId: string) =>
      ecs.tagSnapshots({ RegionId, SnapshotIds: ['s-bp1notthere00000001'], Tag: [{ Key: 'k', Value: 'v' }] }, CALL).catch(() => undefined);

    // One a second: DescribeSnapshots in cn-hangzhou is used up by its first call.
    await list('cn-hangzhou');
    const past = await failureOf(list('cn-hangzhou'));
    // Nothing of it is taken from another API in the region, nor from the API in another region, nor from an
    // API (DeleteSnapshot) that names no RegionId and counts against its endpoint's region.
    await ecs.copySnapshot(copy(), CALL);
    await list('us-east-1');
    await tag('cn-hangzhou');
    await ecs.deleteSnapshot({ RegionId: 'us-east-1', SnapshotId: 's-bp1notthere00000001' }, CALL).catch(() => undefined);
    const deleteAgain = await failureOf(ecs.deleteSnapshot({ RegionId: 'us-east-1', SnapshotId: 's-bp1notthere00000001' }, CALL));

    expect(past).toMatchObject({ Code: 'Throttling.User', errorClass: 'throttled' });
    expect(deleteAgain).toMatchObject({ Code: 'Throttling.User' });
    expect(ecs.calls.map((call) => [call.Action, call.RegionId ?? call.EndpointRegionId, call.Code ?? call.status])).toEqual([
      ['DescribeSnapshots', 'cn-hangzhou', 200],
      ['DescribeSnapshots', 'cn-hangzhou', 'Throttling.User'],
      ['CopySnapshot', 'cn-hangzhou', 200],
      ['DescribeSnapshots', 'us-east-1', 200],
      ['TagResources', 'cn-hangzhou', expect.not.stringMatching(/^Throttling/)],
      ['DeleteSnapshot', 'us-east-1', expect.not.stringMatching(/^Throttling/)],
      ['DeleteSnapshot', 'us-east-1', 'Throttling.User'],
    ]);
  });

  describe('as the disk port of restore drills and KeepCopies', () => {
    it('makes a disk from a copy that is Creating, then Available on the clock, and once deleted Deleting, then gone', async () => {
      const { clock, ecs, copy } = setUp({ copyDurationMs: 1_000 });
      const { SnapshotId } = await ecs.copySnapshot(copy(), CALL);
      await clock.advance(1_000);
      const disk = { RegionId: 'us-east-1', ZoneId: 'us-east-1a', SnapshotId, DiskCategory: 'cloud_essd', Size: 20 };
      const parameters = { ...disk, DiskName: 'drill', Description: 'a drill', Tag: [], ClientToken: 'disk-token' };

      const { DiskId } = await ecs.createDisk(parameters, CALL);
      const creating = await ecs.describeDisks({ RegionId: 'us-east-1', DiskIds: [DiskId], MaxResults: 10 }, CALL);
      await clock.advance(2_000);
      const again = await ecs.createDisk(parameters, CALL);
      const available = ecs.disks('us-east-1')[0]?.Status;
      await ecs.deleteDisk({ RegionId: 'us-east-1', DiskId }, CALL);
      const deleting = ecs.disks('us-east-1')[0]?.Status;
      await clock.advance(1_000);

      expect(creating.Disks).toEqual([expect.objectContaining({ DiskId, Status: 'Creating', SourceSnapshotId: SnapshotId, Size: 40 })]);
      expect(again.DiskId).toBe(DiskId);
      expect([available, deleting]).toEqual(['Available', 'Deleting']);
      expect(ecs.disks('us-east-1')).toEqual([]);
      // DeleteDisk names no region: it is sent to the region's endpoint, as the pop-core adapter sends it.
      expect(ecs.calls.find((call) => call.Action === 'DeleteDisk')).toMatchObject({ EndpointRegionId: 'us-east-1', params: { DiskId } });
    });

    it('refuses to delete a copy a disk was made from (SnapshotCreatedDisk), and deletes it once the disk is gone', async () => {
      const { clock, ecs, copy } = setUp({ copyDurationMs: 1_000 });
      const { SnapshotId } = await ecs.copySnapshot(copy(), CALL);
      await clock.advance(1_000);
      const disk = ecs.addDisk({ RegionId: 'us-east-1', SourceSnapshotId: SnapshotId });

      const refused = await failureOf(ecs.deleteSnapshot({ RegionId: 'us-east-1', SnapshotId }, CALL));
      await ecs.deleteDisk({ RegionId: 'us-east-1', DiskId: disk.DiskId }, CALL);
      await clock.advance(1_000);
      await ecs.deleteSnapshot({ RegionId: 'us-east-1', SnapshotId }, CALL);

      expect(refused).toMatchObject({ Code: 'SnapshotCreatedDisk', errorClass: 'not-ready' });
      expect(ecs.snapshots('us-east-1')).toEqual([]);
    });
  });
});
