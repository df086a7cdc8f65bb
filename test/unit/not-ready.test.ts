import type { CopySnapshotFailed } from '../../lib/fc/answer';
import { provenanceTags } from '../../lib/request/provenance';
import { DESTINATION_REGION, SOURCE_REGION } from '../support/context';
import { asHttp, httpEvent, timerEvent } from '../support/events';
import { type FakeHarness, startFakeHarness } from '../support/fake-harness';
import { logsNamed } from '../support/output';

/**
 * Issue 9, point 5: a copy that must wait (its source, or an earlier copy of its disk, still running) is `not-ready`
 * everywhere: its log line, the run summary, the invocation's failure message and the HTTP answer, for exact picks
 * and fleets alike.
 */

const NOT_READY_LINE = { message: 'copy-not-ready', Outcome: 'not-ready', Code: 'InvalidSnapshotId.NotReady', Class: 'not-ready' };

function lines(harness: FakeHarness, message: string) {
  return logsNamed(harness.logs, message);
}

function progressingSource(harness: FakeHarness, DiskId: string): string {
  return harness.ecs.addSnapshot({ RegionId: SOURCE_REGION, DiskId, Status: 'progressing' }).SnapshotId;
}

describe('an exact pick whose source is still being created', () => {
  it('is logged copy-not-ready (level error, it fails the invocation), counted NotReady, and rejects the timer as not-ready', async () => {
    const harness = startFakeHarness();
    const SnapshotId = progressingSource(harness, 'd-bp1notready00000001');

    const result = await harness.invoke(timerEvent({ SnapshotId }));

    expect(!result.ok && result.error.message).toMatch(
      /^InvalidSnapshotId\.NotReady \(not-ready\): the source snapshot is still being created/,
    );
    expect(lines(harness, 'copy-not-ready')).toEqual([
      expect.objectContaining({ ...NOT_READY_LINE, level: 'error', SourceSnapshotId: SnapshotId }),
    ]);
    expect(lines(harness, 'copy-failed')).toEqual([]);
    expect(lines(harness, 'run-summary')).toEqual([expect.objectContaining({ level: 'error', NotReady: 1, Failed: 0 })]);
    expect(harness.ecs.calls.filter((call) => call.Action === 'CopySnapshot')).toEqual([]);
  });

  it('is answered 409 over HTTP with Code and Class not-ready', async () => {
    const harness = startFakeHarness();
    const SnapshotId = progressingSource(harness, 'd-bp1notready00000001');

    const response = asHttp(await harness.handler(httpEvent({ SnapshotId })));

    expect(response.statusCode).toBe(409);
    expect(response.body).toMatchObject({ Code: 'InvalidSnapshotId.NotReady', Class: 'not-ready' });
  });

  it('is named not-ready, not failed, in the message of a run of several picks', async () => {
    const harness = startFakeHarness();
    const picks = [progressingSource(harness, 'd-bp1notready00000001'), progressingSource(harness, 'd-bp1notready00000002')];

    const result = await harness.invoke(timerEvent({ SnapshotIds: picks }));
    const response = asHttp(await harness.handler(httpEvent({ SnapshotIds: picks })));

    expect(!result.ok && result.error.message).toBe('CopyRunFailed: 2 of 2 copies not-ready (InvalidSnapshotId.NotReady ×2)');
    // The failure FC's failure destination gets: the run's, caused by its first part that failed.
    expect(!result.ok && (result.error as CopySnapshotFailed).failure).toMatchObject({
      Code: 'CopyRunFailed',
      errorClass: 'incomplete',
      Message: '2 of 2 copies not-ready (InvalidSnapshotId.NotReady ×2)',
      cause: expect.objectContaining({ Code: 'InvalidSnapshotId.NotReady', errorClass: 'not-ready' }),
    });
    expect(response.statusCode).toBe(409);
    expect(response.body.Copies).toEqual([
      expect.objectContaining({ Outcome: 'not-ready', Code: 'InvalidSnapshotId.NotReady', Class: 'not-ready' }),
      expect.objectContaining({ Outcome: 'not-ready', Code: 'InvalidSnapshotId.NotReady', Class: 'not-ready' }),
    ]);
    expect(lines(harness, 'copy-not-ready')).toHaveLength(4);
  });

  it("lets a pick that failed give the run's status, and names each outcome apart in its message", async () => {
    const harness = startFakeHarness();
    const waiting = progressingSource(harness, 'd-bp1notready00000001');
    const missing = 's-bp1doesnotexist0001';

    const result = await harness.invoke(timerEvent({ SnapshotIds: [waiting, missing] }));
    const response = asHttp(
      await harness.invoke(httpEvent({ SnapshotIds: [waiting, missing] })).then((answer) => answer.ok && answer.value),
    );

    expect(!result.ok && result.error.message).toBe(
      'CopyRunFailed: 1 of 2 copies failed (InvalidSnapshotId.NotFound ×1); 1 of 2 copies not-ready (InvalidSnapshotId.NotReady ×1)',
    );
    expect(response.statusCode).toBe(404);
  });
});

describe("a fleet's newest snapshot still being created", () => {
  it('is logged copy-not-ready (level warn), counted NotReady, and does not fail a run that is within RPO', async () => {
    const harness = startFakeHarness();
    const DiskId = 'd-bp1fleetnotready001';
    const older = harness.ecs.addSnapshot({ RegionId: SOURCE_REGION, DiskId });
    harness.ecs.addSnapshot({
      RegionId: DESTINATION_REGION,
      DiskId,
      Tags: provenanceTags({
        SourceSnapshotId: older.SnapshotId,
        SourceRegionId: SOURCE_REGION,
        SourceDiskId: DiskId,
        SourceCreationTime: Date.parse(older.CreationTime),
      }),
    });
    const newest = progressingSource(harness, DiskId);

    const timer = await harness.invoke(timerEvent({ DiskIds: [DiskId] }));
    const response = asHttp(await harness.handler(httpEvent({ DiskIds: [DiskId] })));

    expect(timer.ok).toBe(true);
    expect(lines(harness, 'copy-not-ready')[0]).toMatchObject({ ...NOT_READY_LINE, level: 'warn', SourceSnapshotId: newest });
    expect(lines(harness, 'run-summary')[0]).toMatchObject({ level: 'info', NotReady: 1, AlreadyPresent: 1, Failed: 0, WithinRpo: 1 });
    expect(response.statusCode).toBe(202);
    expect(response.body.Copies).toContainEqual(
      expect.objectContaining({ SourceSnapshotId: newest, Outcome: 'not-ready', Code: 'InvalidSnapshotId.NotReady', Class: 'not-ready' }),
    );
  });
});

describe('an exact pick not started for MAX_COPIES_IN_FLIGHT', () => {
  function twoPicks() {
    const harness = startFakeHarness({ env: { MAX_COPIES_IN_FLIGHT: '1' } });
    const picks = [
      harness.ecs.addSnapshot({ RegionId: SOURCE_REGION, DiskId: 'd-bp1capacity00000001' }).SnapshotId,
      harness.ecs.addSnapshot({ RegionId: SOURCE_REGION, DiskId: 'd-bp1capacity00000002' }).SnapshotId,
    ];
    return { harness, picks };
  }

  it('is logged copy-left and named left in the message: it waits for room, not for its source or disk', async () => {
    const { harness, picks } = twoPicks();

    const result = await harness.invoke(timerEvent({ SnapshotIds: picks }));

    expect(!result.ok && result.error.message).toBe('CopyRunFailed: 1 of 2 copies left (MaxCopiesInFlight ×1)');
    expect(lines(harness, 'copy-left')).toEqual([expect.objectContaining({ level: 'error', Outcome: 'left', Code: 'MaxCopiesInFlight' })]);
    expect(lines(harness, 'copy-not-ready')).toEqual([]);
  });

  // `left` is a copy not started for capacity or time, which the next run starts; `not-ready` one that must wait for
  // something running. The cap is the function's own flow control: Class `throttled` (HTTP 429), retried `later`.
  it('is answered with the class of a capacity limit (throttled, 429), never not-ready', async () => {
    const { harness, picks } = twoPicks();

    const response = asHttp(await harness.handler(httpEvent({ SnapshotIds: picks })));

    expect(response.statusCode).toBe(429);
    expect(lines(harness, 'copy-left')).toEqual([expect.objectContaining({ Code: 'MaxCopiesInFlight', Class: 'throttled' })]);
  });
});
