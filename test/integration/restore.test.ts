import { clockedHarnessEach } from '../support/clocked-harness';
import { DESTINATION_REGION, SOURCE_REGION } from '../support/context';
import { timerEvent } from '../support/events';
import { fcContext } from '../support/harness';
import { addRestorableCopy, restoreEvent } from '../support/restore-fleet';

// Restores end to end: the handler, the real pop-core client and the local ECS endpoint (CreateImage, DescribeImages
// and the disk actions), on one virtual clock, so that a disk's and an image's minutes to Available pass at once.

const HOUR = 3_600_000;
const INSTANCE = 'i-bp1restoreintegr01';
const SYSTEM = 'd-bp1restoreintsys01';
const DATA = 'd-bp1restoreintdat01';
const LOGS = 'd-bp1restoreintlog01';
const DISK_MS = 40_000;
const IMAGE_MS = 150_000;

const local = clockedHarnessEach({
  ecs: { diskCreateDurationMs: DISK_MS, imageCreateDurationMs: IMAGE_MS },
  endpointPerRegion: true,
});
const { context, logsOf } = local;

const restored = () => [...logsOf('restore-image'), ...logsOf('restore-disk')];
const callsOf = (Action: string) => local.harness.ecs.calls.filter((call) => call.Action === Action);

/** The instance's three disks, copied at each of the hours ago given, within a few minutes of each other. */
function copiedInstance(hoursAgo: readonly number[], lagMs = 5 * 60_000): void {
  const now = local.clock.now();
  for (const hours of hoursAgo) {
    const at = now - hours * HOUR;
    addRestorableCopy(local.harness.ecs, {
      DiskId: SYSTEM,
      InstanceId: INSTANCE,
      DiskType: 'system',
      dataMs: at,
      DiskCategory: 'cloud_essd',
    });
    addRestorableCopy(local.harness.ecs, {
      DiskId: DATA,
      InstanceId: INSTANCE,
      dataMs: at + lagMs,
      DiskCategory: 'cloud_essd',
      SizeGiB: 500,
    });
    addRestorableCopy(local.harness.ecs, {
      DiskId: LOGS,
      InstanceId: INSTANCE,
      dataMs: at + 2 * lagMs,
      DiskCategory: 'cloud_ssd',
      SizeGiB: 100,
    });
  }
}

describe('a restore through the function', () => {
  it('restores a multi-disk instance from the newest point in time all its disks share, at or before PointInTime', async () => {
    const now = local.clock.now();
    copiedInstance([48, 24]);
    // The newest system disk copy is alone: no data disk copy within RESTORE_SKEW_MINUTES of it.
    addRestorableCopy(local.harness.ecs, { DiskId: SYSTEM, InstanceId: INSTANCE, DiskType: 'system', dataMs: now - HOUR });
    const at = new Date(now - 12 * HOUR).toISOString();

    const answer = await local.harness.invoke(restoreEvent({ InstanceIds: [INSTANCE], PointInTime: at }), context());

    expect(answer.ok).toBe(true);
    const day = now - 24 * HOUR;
    expect(Object.fromEntries(restored().map((line) => [line.SourceDiskId, line.DataCreationTime]))).toEqual({
      [SYSTEM]: new Date(day).toISOString(),
      [DATA]: new Date(day + 5 * 60_000).toISOString(),
      [LOGS]: new Date(day + 10 * 60_000).toISOString(),
    });
    expect(local.harness.ecs.disks(DESTINATION_REGION)).toHaveLength(2);
    expect(local.harness.ecs.images(DESTINATION_REGION)).toEqual([expect.objectContaining({ Status: 'Available' })]);
    const [server] = logsOf('restore-server');
    expect(server).toMatchObject({ InstanceId: INSTANCE, Ready: true, 'RunInstances.RegionId': DESTINATION_REGION });
    expect(server?.AttachDisks).toHaveLength(2);
    // The image takes longest: the fleet's time to restore is its time to Available, measured through pop-core.
    expect(logsOf('restore-summary')[0]?.FleetRestoreSeconds).toBeGreaterThanOrEqual(IMAGE_MS / 1000);
  });

  it('refuses an instance whose newest copies are further apart than RESTORE_SKEW_MINUTES, and makes nothing', async () => {
    copiedInstance([2], 40 * 60_000);

    const answer = await local.harness.invoke(restoreEvent({ InstanceIds: [INSTANCE] }), context());

    expect(answer.ok ? '' : answer.error.message).toMatch(/^RestoreFailed: 3 of 3 disks failed \(RestoreSkewTooLarge\)/);
    expect(restored().map((line) => line.Message)).toEqual(
      Array(3).fill(expect.stringContaining('a spread of 80 min. Restore them from one point with PointInTime (--at)')),
    );
    expect([...callsOf('CreateDisk'), ...callsOf('CreateImage')]).toEqual([]);
  });

  it('answers a re-delivered restore with what the first delivery made, and makes nothing twice', async () => {
    copiedInstance([2]);
    const event = restoreEvent({ InstanceIds: [INSTANCE] });
    const first = await local.harness.invoke(event, context());
    const made = [...local.harness.ecs.disks(DESTINATION_REGION), ...local.harness.ecs.images(DESTINATION_REGION)];
    local.harness.logs.length = 0;

    const again = await local.harness.invoke(event, context());

    expect(first.ok && again.ok).toBe(true);
    expect([...local.harness.ecs.disks(DESTINATION_REGION), ...local.harness.ecs.images(DESTINATION_REGION)]).toEqual(made);
    expect(restored()).toEqual(
      Array(3).fill(expect.objectContaining({ Outcome: 'restored', Reason: expect.stringMatching(/earlier run/) })),
    );
    expect(first.ok && again.ok && JSON.stringify(again.value)).toContain(local.harness.ecs.disks(DESTINATION_REGION)[0]?.DiskId ?? 'none');
  });

  it('waits, in the next delivery, for what an invocation cut short left Creating, and answers it', async () => {
    copiedInstance([2]);
    const event = restoreEvent({ InstanceIds: [INSTANCE] });

    const short = await local.harness.invoke(event, fcContext({ function: { timeout: 60 } }));
    const again = await local.harness.invoke(event, context());

    expect(short.ok ? '' : short.error.message).toMatch(/^RestoreFailed: 1 still being made/);
    expect(again.ok).toBe(true);
    expect(callsOf('CreateImage')).toHaveLength(1);
    expect(local.harness.ecs.images(DESTINATION_REGION)).toHaveLength(1);
  });

  it("restores a disk in the zone asked for in the nearest category it sells, when it does not sell the disk's own", async () => {
    addRestorableCopy(local.harness.ecs, { DiskId: LOGS, dataMs: local.clock.now() - HOUR, DiskCategory: 'cloud_ssd', SizeGiB: 100 });

    const answer = await local.harness.invoke(restoreEvent({ DiskIds: [LOGS], ZoneId: 'us-east-1b' }), context());

    expect(answer.ok).toBe(true);
    expect(local.harness.ecs.disks(DESTINATION_REGION)).toEqual([
      expect.objectContaining({ ZoneId: 'us-east-1b', Category: 'cloud_essd', Size: 100 }),
    ]);
    expect(logsOf('restore-disk')[0]?.CategoryNote).toBe(
      'us-east-1b does not sell cloud_ssd for 100 GiB: cloud_essd, the nearest it sells',
    );
  });

  it('skips a copy still being copied for the newest accomplished one', async () => {
    const now = local.clock.now();
    addRestorableCopy(local.harness.ecs, { DiskId: DATA, dataMs: now - 25 * HOUR });
    const running = addRestorableCopy(local.harness.ecs, { DiskId: DATA, dataMs: now - HOUR, Status: 'progressing' });

    const answer = await local.harness.invoke(restoreEvent({ DiskIds: [DATA] }), context());

    expect(answer.ok).toBe(true);
    expect(logsOf('restore-disk')).toEqual([
      expect.objectContaining({ DataCreationTime: new Date(now - 25 * HOUR).toISOString(), SkippedProgressing: running.SnapshotId }),
    ]);
  });

  it('restores an instance the copy run selected by InstanceIds from the DR region alone: the copies record its disks', async () => {
    for (const DiskId of [SYSTEM, DATA]) {
      local.harness.ecs.addSnapshot({
        RegionId: SOURCE_REGION,
        DiskId,
        InstanceId: INSTANCE,
        SourceDiskType: DiskId === SYSTEM ? 'system' : 'data',
      });
    }
    await local.harness.invoke(timerEvent({ InstanceIds: [INSTANCE] }), context());
    await local.clock.advance(HOUR);
    const before = local.harness.ecs.calls.length;

    const answer = await local.harness.invoke(restoreEvent({ InstanceIds: [INSTANCE] }), context());

    expect(answer.ok).toBe(true);
    expect(
      restored()
        .map((line) => line.SourceDiskId)
        .sort(),
    ).toEqual([DATA, SYSTEM].sort());
    // Nothing of the restore asked the source region: on the day it may be gone.
    expect(
      local.harness.ecs.calls.slice(before).filter((call) => call.RegionId === SOURCE_REGION || call.EndpointRegionId === SOURCE_REGION),
    ).toEqual([]);
  });

  it("reads an instance's disks in the source region when the copies do not record them and the order names it", async () => {
    const now = local.clock.now();
    addRestorableCopy(local.harness.ecs, {
      DiskId: SYSTEM,
      InstanceId: INSTANCE,
      DiskType: 'system',
      dataMs: now - HOUR,
      unrecorded: true,
    });
    addRestorableCopy(local.harness.ecs, { DiskId: DATA, InstanceId: INSTANCE, dataMs: now - HOUR, unrecorded: true });

    const withoutSource = await local.harness.invoke(restoreEvent({ InstanceIds: [INSTANCE], DryRun: true }), context());
    const withSource = await local.harness.invoke(
      restoreEvent({ InstanceIds: [INSTANCE], DryRun: true, RegionId: SOURCE_REGION }),
      context(),
    );

    expect(withoutSource.ok ? '' : withoutSource.error.message).toMatch(/InstanceIds i-bp1restoreintegr01 matched no disk with a copy/);
    expect(withSource.ok).toBe(true);
    expect(callsOf('DescribeSnapshots').filter((call) => call.RegionId === SOURCE_REGION)).toEqual([
      expect.objectContaining({ params: expect.objectContaining({ InstanceId: INSTANCE }) }),
    ]);
  });
});

describe('a restore through faults', () => {
  /** Each ECS action a restore calls, and a fault it gets once: the restore ends as it would without it. */
  it.each([
    ['DescribeSnapshots', { kind: 'error' as const, status: 503, Code: 'ServiceUnavailable' }],
    ['DescribeImages', { kind: 'throttle' as const }],
    ['DescribeDisks', { kind: 'html' as const, status: 502 }],
    ['DescribeAvailableResource', { kind: 'drop' as const }],
    ['CreateDisk', { kind: 'lose-answer' as const }],
    ['CreateImage', { kind: 'lose-answer' as const }],
    ['CreateDisk', { kind: 'error' as const, status: 500, Code: 'InternalError' }],
    ['CreateImage', { kind: 'truncated-json' as const }],
  ])('restores every disk once through a fault of %s (%o)', async (Action, fault) => {
    copiedInstance([2]);
    local.harness.ecs.injectFault({ Action, fault });

    const answer = await local.harness.invoke(restoreEvent({ InstanceIds: [INSTANCE] }), context());

    expect(answer.ok).toBe(true);
    expect(local.harness.ecs.disks(DESTINATION_REGION)).toHaveLength(2);
    expect(local.harness.ecs.images(DESTINATION_REGION)).toHaveLength(1);
    expect(local.harness.ecs.calls.filter((call) => call.Action === Action).length).toBeGreaterThan(1);
    expect(logsOf('copy-attempt-failed')).toEqual([expect.objectContaining({ Action })]);
  });

  it('reports a refusal of CreateImage on the image, restores the data disks, and rejects naming it', async () => {
    copiedInstance([2]);
    local.harness.ecs.injectFault({ Action: 'CreateImage', fault: { kind: 'error', status: 403, Code: 'QuotaExceed.Image' } });

    const answer = await local.harness.invoke(restoreEvent({ InstanceIds: [INSTANCE] }), context());

    expect(answer.ok ? '' : answer.error.message).toMatch(/^RestoreFailed: 1 of 3 disks failed \(QuotaExceed.Image\)/);
    expect(logsOf('restore-image')).toEqual([expect.objectContaining({ Outcome: 'failed', Code: 'QuotaExceed.Image', Class: 'account' })]);
    expect(logsOf('restore-disk')).toEqual(Array(2).fill(expect.objectContaining({ Outcome: 'restored' })));
    expect(logsOf('restore-server')).toEqual([expect.objectContaining({ Ready: false, 'RunInstances.ImageId': null })]);
  });

  it("fails the restore, naming the failure, when the DR region's listing fails for good, and makes nothing", async () => {
    copiedInstance([2]);
    local.harness.ecs.injectFault({ Action: 'DescribeSnapshots', fault: { kind: 'error', status: 403, Code: 'Forbidden.RAM' } });

    const answer = await local.harness.invoke(restoreEvent({ InstanceIds: [INSTANCE] }), context());

    expect(answer.ok ? '' : answer.error.message).toMatch(/^Forbidden.RAM \(forbidden\)/);
    expect([...callsOf('CreateDisk'), ...callsOf('CreateImage')]).toEqual([]);
  });
});
