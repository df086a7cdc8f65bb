import { PopCoreEcs } from '../../lib/ecs/pop-core-ecs';
import { PopCoreEcsDisks } from '../../lib/ecs/pop-core-ecs-disks';
import { provenanceTags } from '../../lib/request/provenance';
import {
  DESTINATION_REGION,
  expectNoSecretLeaked,
  type Harness,
  parsedLogs,
  SOURCE_REGION,
  startHarness,
  timerEvent,
} from '../support/harness';

// KeepCopies end to end: the handler, the real pop-core client and the local ECS endpoint.

const DISK = 'd-bp1keepintegr00001';
const DAY = 24 * 3_600_000;

let harness: Harness;

async function start(env: Record<string, string> = {}): Promise<void> {
  let url = '';
  harness = await startHarness({
    env: { SOURCE_REGION_ID: SOURCE_REGION, ...env },
    handler: {
      // `/<RegionId>/` endpoints, so that the region each DeleteSnapshot was sent to is recorded.
      createEcs: () => new PopCoreEcs(`${url}/{RegionId}`),
      createEcsDisks: () => new PopCoreEcsDisks(new PopCoreEcs(`${url}/{RegionId}`)),
    },
  });
  url = harness.ecs.url;
}

afterEach(async () => {
  expectNoSecretLeaked(harness);
  await harness.close();
});

/** Three daily snapshots of DISK, each with this function's accomplished copy in the destination (oldest first). */
function threeCopies(): string[] {
  return [3, 2, 1].map((daysAgo) => {
    const CreationTime = new Date(Date.now() - daysAgo * DAY).toISOString();
    const source = harness.ecs.addSnapshot({ RegionId: SOURCE_REGION, DiskId: DISK, CreationTime });
    return harness.ecs.addSnapshot({
      RegionId: DESTINATION_REGION,
      DiskId: DISK,
      CreationTime,
      Tags: provenanceTags({
        SourceSnapshotId: source.SnapshotId,
        SourceRegionId: SOURCE_REGION,
        SourceDiskId: DISK,
        SourceCreationTime: Date.parse(CreationTime),
      }).map((tag) => ({ Key: tag.Key, Value: tag.Value })),
    }).SnapshotId;
  });
}

const logsOf = (message: string) => parsedLogs(harness.logs).filter((line) => line.message === message);
const remaining = () => harness.ecs.snapshots(DESTINATION_REGION).map((copy) => copy.SnapshotId);
const deletions = () => harness.ecs.calls.filter((call) => call.Action === 'DeleteSnapshot');

describe('KeepCopies through the function', () => {
  it('deletes the oldest copies beyond the count in the destination region, one copy-pruned line each and a count in the summary', async () => {
    await start();
    const copies = threeCopies();

    const answer = await harness.invoke(timerEvent({ DiskIds: [DISK], KeepCopies: 1 }));

    expect(answer.ok).toBe(true);
    expect(remaining()).toEqual([copies[2]]);
    expect(deletions().map((call) => [call.params.SnapshotId, call.EndpointRegionId, call.params.Force])).toEqual([
      [copies[0], DESTINATION_REGION, undefined],
      [copies[1], DESTINATION_REGION, undefined],
    ]);
    expect(logsOf('copy-pruned').map((line) => [line.SnapshotId, line.SourceDiskId, line.KeepCopies])).toEqual([
      [copies[0], DISK, 1],
      [copies[1], DISK, 1],
    ]);
    expect(logsOf('run-summary')).toEqual([expect.objectContaining({ Pruned: 2, PruneFailed: 0, AlreadyPresent: 1 })]);
  });

  it('applies KEEP_COPIES from the configuration, and in a dry run lists what it would delete and deletes nothing', async () => {
    await start({ KEEP_COPIES: '2' });
    const copies = threeCopies();

    await harness.invoke(timerEvent({ DiskIds: [DISK], DryRun: true }));

    expect(deletions()).toEqual([]);
    expect(remaining()).toHaveLength(3);
    expect(logsOf('copy-prune-planned')).toEqual([expect.objectContaining({ SnapshotId: copies[0], KeepCopies: 2 })]);
  });

  it('keeps a copy a disk was created from', async () => {
    await start();
    const copies = threeCopies();
    harness.ecs.addDisk({ RegionId: DESTINATION_REGION, SourceSnapshotId: copies[0] });

    await harness.invoke(timerEvent({ DiskIds: [DISK], KeepCopies: 1 }));

    expect(remaining().sort()).toEqual([copies[0], copies[2]].sort());
    expect(logsOf('copy-prune-kept')).toEqual([
      expect.objectContaining({ SnapshotId: copies[0], Reason: expect.stringMatching(/^disks were created from it/) }),
    ]);
  });

  it('rejects the run when a deletion fails, with its code', async () => {
    await start();
    threeCopies();
    harness.ecs.injectFault({ Action: 'DeleteSnapshot', fault: { kind: 'error', Code: 'Forbidden.RAM', status: 403 } });

    const answer = await harness.invoke(timerEvent({ DiskIds: [DISK], KeepCopies: 2 }));

    expect(answer.ok ? '' : answer.error.message).toBe(
      'KeepCopiesFailed: 1 deletion(s) of copies beyond KeepCopies failed (Forbidden.RAM)',
    );
    expect(logsOf('copy-prune-failed')).toEqual([expect.objectContaining({ level: 'error', Code: 'Forbidden.RAM', Class: 'forbidden' })]);
  });

  it('deletes nothing when neither KeepCopies nor KEEP_COPIES is set', async () => {
    await start();
    threeCopies();

    await harness.invoke(timerEvent({ DiskIds: [DISK] }));

    expect(harness.ecs.calls.filter((call) => ['DeleteSnapshot', 'DescribeDisks'].includes(call.Action))).toEqual([]);
    expect(remaining()).toHaveLength(3);
  });
});
