/**
 * The fleet scenarios both transports run: test/unit/fleet.test.ts on the fake ECS and the virtual clock,
 * test/integration/fleet.test.ts through the real pop-core client and the local endpoint. Each seeds the fleet
 * (fleet.ts) at `now`, the clock the account and the function read, runs the function and checks what it did; the
 * test file chooses the harness and its settings.
 */
import { asHttp, emptyTimerEvent, httpEvent, statusEvent, timerEvent } from './events';
import { copyCount, DESTINATIONS, FLEET, newest, type RunReportAnswer, report, seedFleet } from './fleet';
import { copiesOf, logsNamed } from './output';
import type { ScenarioHarness } from './scenario-harness';

/** With RETENTION_DAYS 30, SNAPSHOT_TAGS {"purpose":"dr"}, RPO_HOURS 24 and copies that finish at once. */
export async function copiesTheNewestToEveryDestination(harness: ScenarioHarness, now: number): Promise<void> {
  const { disks, progressing } = seedFleet(harness.ecs, now);

  const first = await harness.invoke(timerEvent(FLEET));

  for (const region of DESTINATIONS) {
    for (const disk of disks) {
      const copies = copiesOf(harness.ecs, newest(disk), region);
      expect(copies).toHaveLength(1);
      expect(copies[0]?.RetentionDays).toBe(30);
      expect(copies[0]?.Tags.Tag).toEqual(
        expect.arrayContaining([
          { TagKey: 'purpose', TagValue: 'dr' },
          { TagKey: 'snapshot-copy:source-snapshot-id', TagValue: newest(disk) },
          { TagKey: 'snapshot-copy:source-region-id', TagValue: 'cn-hangzhou' },
          { TagKey: 'snapshot-copy:source-disk-id', TagValue: disk.DiskId },
        ]),
      );
    }
  }
  expect(copyCount(harness.ecs)).toBe(6);
  // Nothing was accomplished in the destinations before this run: the run says so, and fails for FC to alert.
  expect(!first.ok && first.error.message).toMatch(/^CopyRunFailed: 6 disk and destination pair\(s\) outside RPO/);
  expect(logsNamed(harness.logs, 'copy-started')).toHaveLength(6);
  expect(logsNamed(harness.logs, 'copy-not-ready').map((line) => line.SourceSnapshotId)).toEqual([progressing, progressing]);
  expect(logsNamed(harness.logs, 'run-summary')[0]).toMatchObject({
    level: 'error',
    Copied: 6,
    NotReady: 2,
    Failed: 0,
    ProtectedDisks: 3,
    OutsideRpo: 6,
  });
}

/** With RPO_HOURS 24 and copies that finish at once. */
export async function makesNoSecondCopyAndReportsWithinRpo(harness: ScenarioHarness, now: number): Promise<void> {
  const { disks } = seedFleet(harness.ecs, now);
  await harness.invoke(timerEvent(FLEET, '2026-11-27T02:00:00Z'));

  const second = report(await harness.invoke(timerEvent(FLEET, '2026-11-28T02:00:00Z')));

  expect(copyCount(harness.ecs)).toBe(6);
  expect(second.Summary).toMatchObject({ Copied: 0, AlreadyPresent: 6, Failed: 0, WithinRpo: 6, OutsideRpo: 0 });
  expect(second.Rpo).toHaveLength(6);
  for (const status of second.Rpo) {
    expect(status.WithinRpo).toBe(true);
    expect(status.DataAgeHours).toBeGreaterThanOrEqual(2);
    expect(status.DataAgeHours).toBeLessThan(3);
    expect(disks.map((disk) => disk.DiskId)).toContain(status.DiskId);
  }
}

export async function copiesOnceForATimerEventDeliveredSeveralTimes(harness: ScenarioHarness, now: number): Promise<void> {
  seedFleet(harness.ecs, now);
  const event = timerEvent(FLEET);

  await Promise.all([harness.invoke(event), harness.invoke(event), harness.invoke(event)]);
  await harness.invoke(event);

  expect(copyCount(harness.ecs)).toBe(6);
}

export async function answersADryRunWithThePlan(harness: ScenarioHarness, now: number): Promise<void> {
  seedFleet(harness.ecs, now);

  const response = asHttp(await harness.handler(httpEvent({ ...FLEET, DryRun: true })));

  expect(response.statusCode).toBe(200);
  expect(copyCount(harness.ecs)).toBe(0);
  const plan = response.body as unknown as RunReportAnswer;
  expect(plan.Summary).toMatchObject({ Planned: 6, Copied: 0, DryRun: true });
  expect(plan.Copies.filter((copy) => copy.Outcome === 'planned').map((copy) => copy.DestinationSnapshotName)).toHaveLength(6);
  expect(harness.ecs.calls.some((call) => call.Action === 'CopySnapshot')).toBe(false);
}

/** With copies that finish at once. */
export async function readsACopysStatusOverGet(harness: ScenarioHarness, now: number): Promise<void> {
  const { disks } = seedFleet(harness.ecs, now);
  await harness.invoke(timerEvent(FLEET));
  const [disk] = disks;
  const copy = copiesOf(harness.ecs, newest(disk), 'eu-central-1')[0];

  const found = asHttp(await harness.handler(statusEvent(copy?.SnapshotId ?? '', 'eu-central-1')));
  const missing = asHttp(await harness.handler(statusEvent('s-bp1nosuchcopy0000001', 'eu-central-1')));

  expect(found.statusCode).toBe(200);
  expect(found.body).toMatchObject({
    SnapshotId: copy?.SnapshotId,
    RegionId: 'eu-central-1',
    Status: 'accomplished',
    Progress: '100%',
    SourceSnapshotId: newest(disk),
    SourceRegionId: 'cn-hangzhou',
  });
  expect(missing.statusCode).toBe(404);
  expect(missing.body).toMatchObject({ Code: 'InvalidSnapshotId.NotFound', Class: 'not-found' });
}

/** With RPO_HOURS 24 and copies that finish at once. */
export async function copiesAgainACopyThatFailed(harness: ScenarioHarness, now: number): Promise<void> {
  const { disks } = seedFleet(harness.ecs, now);
  const [disk] = disks;
  if (!disk) throw new Error('no disk');
  const failed = harness.ecs.addSnapshot({
    RegionId: 'us-east-1',
    DiskId: disk.DiskId,
    Status: 'failed',
    Tags: [
      { Key: 'snapshot-copy:source-snapshot-id', Value: newest(disk) },
      { Key: 'snapshot-copy:source-region-id', Value: 'cn-hangzhou' },
      { Key: 'snapshot-copy:source-disk-id', Value: disk.DiskId },
      { Key: 'snapshot-copy:source-creation-time', Value: new Date(now).toISOString() },
    ],
  }).SnapshotId;

  const dryRun = report(await harness.invoke(timerEvent({ ...FLEET, DestinationRegionId: 'us-east-1', DryRun: true })));
  await harness.invoke(timerEvent({ ...FLEET, DestinationRegionId: 'us-east-1' }));

  expect(dryRun.Rpo.find((status) => status.DiskId === disk.DiskId)).toMatchObject({ Failed: [failed], WithinRpo: false });
  const copies = harness.ecs
    .snapshots('us-east-1')
    .filter((copy) => copy.Tags.Tag.some((tag) => tag.TagKey === 'snapshot-copy:source-snapshot-id' && tag.TagValue === newest(disk)));
  expect(copies.map((copy) => copy.Status).sort()).toEqual(['accomplished', 'failed']);
}

/** With MAX_COPIES_IN_FLIGHT 2 and copies that take a minute. */
export async function capsTheCopiesInFlight(harness: ScenarioHarness, now: number): Promise<void> {
  seedFleet(harness.ecs, now);

  const result = await harness.invoke(timerEvent({ ...FLEET, DestinationRegionId: 'us-east-1' }));

  expect(harness.ecs.snapshots('us-east-1')).toHaveLength(2);
  expect(!result.ok && result.error.message).toContain('outside RPO');
  const left = logsNamed(harness.logs, 'copy-left');
  expect(left).toHaveLength(1);
  expect(left[0]).toMatchObject({ Code: 'MaxCopiesInFlight' });
}

/** With SELECTION {"InstanceIds":["i-bp1fleet0instance02"]}. */
export async function usesSelectionForAnEmptyTimer(harness: ScenarioHarness, now: number): Promise<void> {
  const { disks } = seedFleet(harness.ecs, now);

  await harness.invoke(emptyTimerEvent());

  expect(copiesOf(harness.ecs, newest(disks[2]))).toHaveLength(1);
  expect(copyCount(harness.ecs)).toBe(1);
}

/** With copies that finish at once, and the function's pace on a virtual clock. */
export async function slowsDownUnderThrottling(harness: ScenarioHarness, now: number): Promise<void> {
  seedFleet(harness.ecs, now);
  harness.ecs.injectFault({ Action: 'CopySnapshot', fault: { kind: 'throttle' }, times: 4 });

  await harness.invoke(timerEvent(FLEET));

  expect(copyCount(harness.ecs)).toBe(6);
  expect(harness.ecs.calls.filter((call) => call.Code === 'Throttling.User')).toHaveLength(4);
  expect(logsNamed(harness.logs, 'run-summary')[0]).toMatchObject({ Copied: 6, Failed: 0 });
}
