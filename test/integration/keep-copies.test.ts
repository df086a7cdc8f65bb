import type { LocalEcsOptions } from '../../ecs-local';
import { PopCoreEcs } from '../../lib/ecs/pop-core-ecs';
import { PopCoreEcsDisks } from '../../lib/ecs/pop-core-ecs-disks';
import { PROVENANCE_KEYS, provenanceTags } from '../../lib/request/provenance';
import { DESTINATION_REGION, SOURCE_REGION } from '../support/context';
import { asHttp, httpEvent, timerEvent } from '../support/events';
import { closeAfterEach, type Harness, startHarness } from '../support/harness';
import { parsedLogs } from '../support/output';

// KeepCopies end to end: the handler, the real pop-core client and the local ECS endpoint.

const DISK = 'd-bp1keepintegr00001';
const DAY = 24 * 3_600_000;

let harness: Harness;

async function start(env: Record<string, string> = {}, ecs: Partial<LocalEcsOptions> = {}): Promise<void> {
  harness = await startHarness({ env: { SOURCE_REGION_ID: SOURCE_REGION, ...env }, ecs, endpointPerRegion: true });
}

closeAfterEach(() => harness);

/** A copy of DISK as this function leaves it: ECS's SourceSnapshotId and SourceRegionId, and its provenance tags. */
function ourCopy(
  daysAgo: number,
  options: { Status?: 'progressing' | 'accomplished'; tag?: { Key: string; Value: string | undefined }; DiskId?: string } = {},
): string {
  const DiskId = options.DiskId ?? DISK;
  const CreationTime = new Date(Date.now() - daysAgo * DAY).toISOString();
  const source = harness.ecs.addSnapshot({ RegionId: SOURCE_REGION, DiskId, CreationTime });
  const tags = provenanceTags({
    SourceSnapshotId: source.SnapshotId,
    SourceRegionId: SOURCE_REGION,
    SourceDiskId: DiskId,
    SourceCreationTime: Date.parse(CreationTime),
  }).filter((tag) => tag.Key !== options.tag?.Key);
  const edited = options.tag?.Value === undefined ? [] : [{ Key: options.tag.Key, Value: options.tag.Value }];
  return harness.ecs.addSnapshot({
    RegionId: DESTINATION_REGION,
    DiskId,
    CreationTime: new Date(Date.parse(CreationTime) + 60_000).toISOString(),
    SourceSnapshotId: source.SnapshotId,
    SourceRegionId: SOURCE_REGION,
    Status: options.Status ?? 'accomplished',
    Tags: [...tags, ...edited],
  }).SnapshotId;
}

/** Three daily snapshots of DISK, each with this function's accomplished copy in the destination (oldest first). */
function threeCopies(): string[] {
  return [3, 2, 1].map((daysAgo) => ourCopy(daysAgo));
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

  it('keeps the newest copies by ECS time: a missing, unreadable or edited source-creation-time tag changes nothing, and an edited copy is reported, never deleted', async () => {
    await start();
    const oldest = ourCopy(4);
    const editedOld = ourCopy(3, { tag: { Key: PROVENANCE_KEYS.SourceCreationTime, Value: '2099-01-01T00:00:00.000Z' } });
    const unreadable = ourCopy(2, { tag: { Key: PROVENANCE_KEYS.SourceCreationTime, Value: 'yesterday' } });
    const newestUntimed = ourCopy(1, { tag: { Key: PROVENANCE_KEYS.SourceCreationTime, Value: undefined } });

    await harness.invoke(timerEvent({ DiskIds: [DISK], KeepCopies: 1 }));

    expect(remaining().sort()).toEqual([editedOld, unreadable, newestUntimed].sort());
    expect(logsOf('copy-pruned').map((line) => line.SnapshotId)).toEqual([oldest]);
    expect(logsOf('copy-prune-kept').map((line) => [line.SnapshotId, String(line.Reason).slice(0, 30)])).toEqual(
      expect.arrayContaining([
        [editedOld, 'its tags disagree with ECS: it'],
        [unreadable, 'its tags disagree with ECS: it'],
      ]),
    );
  });

  it('never deletes a snapshot with its tags that ECS lists without a SourceSnapshotId', async () => {
    await start();
    const copies = threeCopies();
    const impostor = harness.ecs.addSnapshot({
      RegionId: DESTINATION_REGION,
      DiskId: DISK,
      CreationTime: new Date(Date.now() - 10 * DAY).toISOString(),
      Tags: provenanceTags({
        SourceSnapshotId: 's-bp1impostor0000001',
        SourceRegionId: SOURCE_REGION,
        SourceDiskId: DISK,
        SourceCreationTime: 0,
      }),
    }).SnapshotId;

    await harness.invoke(timerEvent({ DiskIds: [DISK], KeepCopies: 1 }));

    expect(remaining().sort()).toEqual([impostor, copies[2]].sort());
  });

  it('deletes nothing while a copy of the disk progresses that the lagging tag index does not show yet', async () => {
    await start({}, { variants: { tagIndexDelayMs: 3_600_000 } });
    threeCopies();
    // Made just now: its tags are not searchable for an hour.
    const running = ourCopy(0, { Status: 'progressing' });

    await harness.invoke(timerEvent({ DiskIds: [DISK], KeepCopies: 1 }));

    expect(deletions()).toEqual([]);
    expect(logsOf('copy-prune-kept')).toEqual([
      expect.objectContaining({ Reason: expect.stringContaining(`${running}, is still progressing`) }),
      expect.objectContaining({ Reason: expect.stringContaining(`${running}, is still progressing`) }),
    ]);
  });

  it("reports no deletion that ECS did not confirm: one region's endpoint ignores a DeleteSnapshot for another region's copy, and the run says why first", async () => {
    // ECS_ENDPOINT without {RegionId}, naming the source region's endpoint: every call goes there.
    let url = '';
    harness = await startHarness({
      env: { SOURCE_REGION_ID: SOURCE_REGION },
      ecs: { variants: { servesOnlyRegion: SOURCE_REGION, deleteMissingSnapshot: 'ignore' } },
      handler: {
        createEcs: () => new PopCoreEcs(url),
        createEcsDisks: () => new PopCoreEcsDisks(new PopCoreEcs(url)),
        // The looks at the listing after each deletion wait seconds apart: not in a test.
        sleep: async () => {},
      },
    });
    url = harness.ecs.url;
    threeCopies();

    const answer = await harness.invoke(timerEvent({ DiskIds: [DISK], KeepCopies: 1 }));

    expect(deletions().map((call) => call.status)).toEqual([200, 200]);
    expect(remaining()).toHaveLength(3);
    expect(logsOf('copy-pruned')).toEqual([]);
    expect(logsOf('copy-prune-failed')).toEqual([
      expect.objectContaining({ Code: 'DeletionNotConfirmed', Class: 'configuration', Advice: expect.stringContaining('{RegionId}') }),
      expect.objectContaining({ Code: 'DeletionNotConfirmed' }),
    ]);
    expect(logsOf('ecs-endpoint-shared')).toEqual([expect.objectContaining({ level: 'warn', Deletes: 'KeepCopies', EcsEndpoint: url })]);
    expect(answer.ok ? '' : answer.error.message).toBe(
      'KeepCopiesFailed: 2 deletion(s) of copies beyond KeepCopies failed (DeletionNotConfirmed)',
    );
  });

  it('logs each deletion with its evidence: rank by ECS time, the newest copy kept, no disk made from it, confirmed gone', async () => {
    await start();
    const copies = threeCopies();

    await harness.invoke(timerEvent({ DiskIds: [DISK], KeepCopies: 2 }));

    expect(logsOf('copy-pruned')).toEqual([
      expect.objectContaining({
        SnapshotId: copies[0],
        Rank: 3,
        DataTimeFrom: 'SourceSnapshot.CreationTime',
        NewestKeptSnapshotId: copies[2],
        DisksCreatedFromIt: 0,
        ConfirmedGone: true,
      }),
    ]);
  });
});

describe('KeepCopies and HTTP callers', () => {
  it("deletes nothing for POST /copies though KEEP_COPIES is set and s.yaml's CALLER_FIXED_FIELDS is used", async () => {
    await start({ KEEP_COPIES: '1', CALLER_FIXED_FIELDS: 'RetentionDays,KeepCopies' });
    const outside = 'd-bp1outsideselect01';
    [3, 2, 1].map((daysAgo) => ourCopy(daysAgo, { DiskId: outside }));

    const answer = await harness.invoke(httpEvent({ DiskIds: [outside] }));

    expect(asHttp(answer.ok ? answer.value : undefined).statusCode).toBe(202);
    expect(harness.ecs.calls.filter((call) => ['DeleteSnapshot', 'DescribeDisks'].includes(call.Action))).toEqual([]);
    expect(harness.ecs.snapshots(DESTINATION_REGION)).toHaveLength(3);
  });

  it.each([
    ['CALLER_FIXED_FIELDS empty', ''],
    ["s.yaml's CALLER_FIXED_FIELDS", 'RetentionDays,KeepCopies'],
  ])('refuses a caller that sends KeepCopies with 403 Forbidden.CallerPolicy naming it (%s), before any call', async (_, fixed) => {
    await start({ CALLER_FIXED_FIELDS: fixed });
    threeCopies();

    const answer = await harness.invoke(httpEvent({ DiskIds: [DISK], KeepCopies: 1 }));

    expect(asHttp(answer.ok ? answer.value : undefined)).toMatchObject({
      statusCode: 403,
      body: { Code: 'Forbidden.CallerPolicy', Message: expect.stringMatching(/^KeepCopies: HTTP callers never cause deletions/) },
    });
    expect(harness.ecs.calls).toEqual([]);
  });

  it('deletes nothing for a request refused by CALLER_MAX_COPIES', async () => {
    await start({ KEEP_COPIES: '1', CALLER_MAX_COPIES: '2' });
    const disks = ['d-bp1maxcopies000001', 'd-bp1maxcopies000002', 'd-bp1maxcopies000003'];
    for (const DiskId of disks) for (const daysAgo of [3, 2, 1]) ourCopy(daysAgo, { DiskId });

    const answer = await harness.invoke(httpEvent({ DiskIds: disks }));

    expect(asHttp(answer.ok ? answer.value : undefined)).toMatchObject({ statusCode: 403, body: { Code: 'Forbidden.CallerPolicy' } });
    expect(deletions()).toEqual([]);
  });
});

describe('KeepCopies after the checks of the run', () => {
  it('deletes nothing when a selection entry matched nothing, and says why', async () => {
    await start();
    threeCopies();

    const answer = await harness.invoke(timerEvent({ DiskIds: [DISK, 'd-bp1typo00000000001'], KeepCopies: 1 }));

    expect(answer.ok ? '' : answer.error.message).toMatch(/SelectionMatchedNothing/);
    expect(deletions()).toEqual([]);
    expect(logsOf('keep-copies-stopped')).toEqual([expect.objectContaining({ Code: 'SelectionMatchedNothing' })]);
  });
});

describe('a restore drill and ECS_ENDPOINT', () => {
  it('says once, first, that ECS_ENDPOINT without {RegionId} sends every region to one host', async () => {
    await start();
    threeCopies();

    await harness.invoke(timerEvent({ Action: 'RestoreDrill', DiskIds: [DISK] }));

    expect(logsOf('ecs-endpoint-shared')).toEqual([expect.objectContaining({ Deletes: 'RestoreDrill', EcsEndpoint: harness.ecs.url })]);
    const messages = parsedLogs(harness.logs).map((line) => line.message);
    expect(messages.indexOf('ecs-endpoint-shared')).toBeLessThan(messages.indexOf('restore-drill'));
  });
});
