import { DRILL_MARKER, DRILL_TAG_KEYS } from '../../lib/restore-drill/drill-tags';
import { clockedHarnessEach } from '../support/clocked-harness';
import { DESTINATION_REGION, SOURCE_REGION } from '../support/context';
import { asHttp, directEvent, httpEvent, timerEvent } from '../support/events';

// Restore drills end to end: the handler, the real pop-core client and the local ECS endpoint, on one virtual
// clock (the endpoint's disk states and the function's polling both follow it), so that minutes pass at once.

const DISK = 'd-bp1drillintegr0001';
const CREATE_MS = 40_000;

const local = clockedHarnessEach({
  env: { SOURCE_REGION_ID: SOURCE_REGION, CALLER_SOURCE_REGIONS: SOURCE_REGION },
  ecs: { copyDurationMs: 1000, diskCreateDurationMs: CREATE_MS, diskDeleteDurationMs: 2000 },
  endpointPerRegion: true,
});
const { context, logsOf } = local;

/** A snapshot of DISK, copied to the destination by a copy run, and the copy accomplished. */
async function copiedDisk(): Promise<{ SnapshotId: string; CopyId: string }> {
  const SnapshotId = local.harness.source({ DiskId: DISK });
  // The fleet run fails (the disk has no accomplished copy yet, outside RPO); its copy is what matters here.
  await local.harness.invoke(timerEvent({ DiskIds: [DISK] }));
  await local.clock.advance(2000);
  const CopyId = local.harness.ecs.snapshots(DESTINATION_REGION).find((copy) => copy.SourceSnapshotId === SnapshotId)?.SnapshotId ?? '';
  return { SnapshotId, CopyId };
}

const drillEvent = (payload: Record<string, unknown>, triggerTime = '2026-11-29T03:00:00Z') =>
  timerEvent({ Action: 'RestoreDrill', DiskIds: [DISK], ...payload }, triggerTime);
/** Two days before the clock's now: older than any run's drill timeout plus FC's longest invocation. */
const longAgo = () => new Date(local.clock.now() - 48 * 3_600_000).toISOString();

describe('a restore drill through the function', () => {
  it('restores the copy a timer payload asks for, logs its time to restore and the summary, and leaves no disk behind', async () => {
    const { CopyId } = await copiedDisk();

    const answer = await local.harness.invoke(drillEvent({}), context());

    expect(answer.ok).toBe(true);
    const [line] = logsOf('restore-drill');
    expect(line).toMatchObject({
      level: 'info',
      trigger: 'timer',
      Outcome: 'restored',
      SourceDiskId: DISK,
      RegionId: SOURCE_REGION,
      DestinationRegionId: DESTINATION_REGION,
      CopySnapshotId: CopyId,
      DiskCategory: 'cloud_efficiency',
      ZoneId: 'us-east-1a',
      DrillDiskState: 'gone',
      DrillRecorded: true,
      RunId: 'drill-20261129T030000Z',
    });
    expect(line?.RestoreSeconds).toBeGreaterThanOrEqual(CREATE_MS / 1000);
    expect(typeof line?.DataAgeHours).toBe('number');
    expect(logsOf('drill-summary')).toEqual([expect.objectContaining({ Restored: 1, Failed: 0, RunId: 'drill-20261129T030000Z' })]);
    expect(local.harness.ecs.disks(DESTINATION_REGION)).toEqual([]);
    const create = local.harness.ecs.calls.find((call) => call.Action === 'CreateDisk');
    expect(create?.params).toMatchObject({ RegionId: DESTINATION_REGION, SnapshotId: CopyId, 'Tag.1.Key': DRILL_MARKER.Key });
    expect(create?.params.InstanceId).toBeUndefined();
    expect(local.harness.ecs.calls.filter((call) => call.Action === 'DeleteDisk').map((call) => call.EndpointRegionId)).toEqual([
      DESTINATION_REGION,
    ]);
  });

  it('restores from a locked copy as from any other, and leaves its lock as it was', async () => {
    const { CopyId } = await copiedDisk();
    const lock = local.harness.ecs.addLock({ RegionId: DESTINATION_REGION, SnapshotId: CopyId, LockDuration: 30, CoolOffPeriod: 0 });

    const answer = await local.harness.invoke(drillEvent({}), context());

    expect(answer.ok).toBe(true);
    expect(logsOf('restore-drill')).toEqual([
      expect.objectContaining({ Outcome: 'restored', CopySnapshotId: CopyId, DrillDiskState: 'gone' }),
    ]);
    expect(local.harness.ecs.locks(DESTINATION_REGION)).toEqual([expect.objectContaining({ ...lock, LockStatus: 'compliance' })]);
    expect(local.harness.ecs.calls.filter((call) => /Lock/.test(call.Action))).toEqual([]);
  });

  it('answers POST /restore-drills with the report, and refuses a destination HTTP callers may not use', async () => {
    await copiedDisk();
    const body = { DiskIds: [DISK], DestinationRegionId: DESTINATION_REGION };
    const drillRequest = (payload: unknown) =>
      httpEvent(payload, {
        rawPath: '/restore-drills',
        requestContext: { requestId: 'r-1', http: { method: 'POST', path: '/restore-drills' } },
      });

    const answered = asHttp(await local.harness.handler(drillRequest(body), context()));
    const refused = asHttp(await local.harness.handler(drillRequest({ ...body, DestinationRegionId: 'ap-northeast-1' }), context()));

    expect(answered.statusCode).toBe(200);
    expect(answered.body).toMatchObject({ Summary: { Restored: 1 }, Drills: [expect.objectContaining({ Outcome: 'restored' })] });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toMatchObject({ Code: 'Forbidden.CallerPolicy' });
  });

  it('rejects the invocation when a drill fails, with the ECS code, class and advice in its log line', async () => {
    await copiedDisk();
    local.harness.ecs.injectFault({ Action: 'CreateDisk', fault: { kind: 'error', Code: 'QuotaExceed.PostPaidDisk', status: 403 } });

    const answer = await local.harness.invoke(drillEvent({}), context());

    expect(answer.ok).toBe(false);
    expect(answer.ok ? '' : answer.error.message).toBe('RestoreDrillFailed: 1 of 1 drills failed (QuotaExceed.PostPaidDisk)');
    expect(logsOf('restore-drill')).toEqual([
      expect.objectContaining({
        level: 'error',
        Outcome: 'failed',
        Code: 'QuotaExceed.PostPaidDisk',
        Class: 'account',
        Advice: expect.stringContaining('Quota Center'),
      }),
    ]);
    expect(logsOf('drill-summary')).toEqual([expect.objectContaining({ level: 'error', Failed: 1 })]);
  });

  it('runs from a direct event as a dry run: lists the drill and the leftovers it would delete, and touches nothing', async () => {
    await copiedDisk();
    const leftover = local.harness.ecs.addDisk({
      RegionId: DESTINATION_REGION,
      Tags: [DRILL_MARKER, { Key: DRILL_TAG_KEYS.RunId, Value: 'drill-20261101T030000Z' }],
      CreationTime: longAgo(),
    });

    const answer = await local.harness.invoke(directEvent({ Action: 'RestoreDrill', DiskIds: [DISK], DryRun: true }), context());

    expect(answer.ok).toBe(true);
    expect(logsOf('restore-drill')).toEqual([expect.objectContaining({ Outcome: 'planned', ZoneId: 'us-east-1a' })]);
    expect(logsOf('drill-disk-planned')).toEqual([expect.objectContaining({ DiskId: leftover.DiskId })]);
    expect(local.harness.ecs.calls.filter((call) => ['CreateDisk', 'DeleteDisk', 'TagResources'].includes(call.Action))).toEqual([]);
  });

  it('deletes drill disks an earlier run left, and neither an untagged disk nor an attached drill disk, which it reports', async () => {
    await copiedDisk();
    const tags = [DRILL_MARKER, { Key: DRILL_TAG_KEYS.RunId, Value: 'drill-20261101T030000Z' }];
    const leftover = local.harness.ecs.addDisk({ RegionId: DESTINATION_REGION, Tags: tags, CreationTime: longAgo() });
    const attached = local.harness.ecs.addDisk({
      RegionId: DESTINATION_REGION,
      Tags: tags,
      Status: 'In_use',
      InstanceId: 'i-bp1someone00000001',
    });
    const untagged = local.harness.ecs.addDisk({ RegionId: DESTINATION_REGION });

    await local.harness.invoke(drillEvent({}), context());

    expect(logsOf('drill-disk-deleted')).toEqual([
      expect.objectContaining({ DiskId: leftover.DiskId, DrillRunId: 'drill-20261101T030000Z' }),
    ]);
    expect(logsOf('drill-disk-in-use')).toEqual([expect.objectContaining({ level: 'error', DiskId: attached.DiskId })]);
    expect(
      local.harness.ecs
        .disks(DESTINATION_REGION)
        .map((disk) => disk.DiskId)
        .sort(),
    ).toEqual([attached.DiskId, untagged.DiskId].sort());
  });

  it('refuses an unknown Action, naming the field, before any ECS call', async () => {
    const answer = await local.harness.invoke(timerEvent({ Action: 'Prune', DiskIds: [DISK] }), context());

    expect(answer.ok ? '' : answer.error.message).toMatch(
      /^InvalidParameter \(invalid-request\): Action: must be "Copy" \(the default\) or "RestoreDrill"/,
    );
    expect(local.harness.ecs.calls).toEqual([]);
  });
});
