import { CopyFailure } from '../../lib/failures/errors';
import type { CopySnapshotFailed } from '../../lib/fc/answer';
/**
 * The restore drill and KeepCopies through the handler, on the fake ECS and the virtual clock: which events run a
 * drill, what each answers, and where KeepCopies sits in a copy run. The rules of each are in restore-drill.test.ts
 * and keep-copies.test.ts; the same through pop-core and the local endpoint in test/integration.
 */
import { DESTINATION_REGION, SOURCE_REGION } from '../support/context';
import { asHttp, directEvent, httpEvent, timerEvent } from '../support/events';
import { startFakeHarness } from '../support/fake-harness';
import { expectNoSecretLeaked, logsNamed } from '../support/output';
import { addOurCopy, addSource } from '../support/seed-copies';

const DISK = 'd-bp1routes00000001';
const DAY = 24 * 3_600_000;

/** A disk with `days` daily snapshots, each copied by this function, the newest not yet. */
function fleet(days: number, env: Record<string, string> = {}) {
  const harness = startFakeHarness({ env: { SOURCE_REGION_ID: SOURCE_REGION, CALLER_SOURCE_REGIONS: SOURCE_REGION, ...env } });
  const { ecs, clock } = harness;
  const copies = Array.from({ length: days }, (_, index) =>
    addOurCopy(
      ecs,
      addSource(ecs, { RegionId: SOURCE_REGION, DiskId: DISK, createdMs: clock.now() - (days - index) * DAY }),
      DESTINATION_REGION,
    ),
  );
  const newest = addSource(ecs, { RegionId: SOURCE_REGION, DiskId: DISK, createdMs: clock.now() - 3_600_000 });
  return { harness, copies, newest };
}

const drillsEvent = (body: unknown) =>
  httpEvent(body, {
    rawPath: '/restore-drills',
    requestContext: { requestId: 'r-1', timeEpoch: '1795806300000', http: { method: 'POST' } },
  });

describe('a restore drill through the handler', () => {
  it.each([
    ['a timer payload', timerEvent({ Action: 'RestoreDrill', DiskIds: [DISK] })],
    ['a direct event', directEvent({ Action: 'RestoreDrill', DiskIds: [DISK] })],
  ])('runs from %s with "Action": "RestoreDrill", resolving with the report', async (_, event) => {
    const { harness } = fleet(1);

    const answer = await harness.invoke(event);

    expect(answer).toMatchObject({ ok: true, value: { Summary: { Restored: 1, Failed: 0 } } });
    expect(logsNamed(harness.logs, 'restore-drill')).toEqual([expect.objectContaining({ Outcome: 'restored', SourceDiskId: DISK })]);
    expect(logsNamed(harness.logs, 'drill-summary')).toEqual([expect.objectContaining({ level: 'info', Restored: 1 })]);
    expect(harness.ecs.calls.filter((call) => call.Action === 'CopySnapshot')).toEqual([]);
    expectNoSecretLeaked(harness);
  });

  it('answers POST /restore-drills with 200 and the report', async () => {
    const { harness } = fleet(1);

    const answer = await harness.invoke(drillsEvent({ DiskIds: [DISK] }));

    const response = asHttp(answer.ok ? answer.value : undefined);
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatchObject({ Summary: { Restored: 1 }, Drills: [expect.objectContaining({ Outcome: 'restored' })] });
  });

  it('rejects a timer invocation whose drill failed, naming the code, so that FC retries and alerts', async () => {
    const { harness } = fleet(1);
    harness.ecs.injectFault({ Action: 'CreateDisk', fault: { kind: 'error', Code: 'QuotaExceed.PostPaidDisk', status: 403 } });

    const answer = await harness.invoke(timerEvent({ Action: 'RestoreDrill', DiskIds: [DISK] }));

    expect(answer.ok ? '' : answer.error.message).toBe('RestoreDrillFailed: 1 of 1 drills failed (QuotaExceed.PostPaidDisk)');
    expect(logsNamed(harness.logs, 'drill-summary')).toEqual([expect.objectContaining({ level: 'error', Failed: 1 })]);
    // FC's failure destination gets the failure named for the drill, caused by the first failed disk's.
    const { failure } = answer.ok ? { failure: undefined } : (answer.error as CopySnapshotFailed);
    expect(failure).toBeInstanceOf(CopyFailure);
    expect(failure).toMatchObject({
      Code: 'RestoreDrillFailed',
      errorClass: 'incomplete',
      Message: '1 of 1 drills failed (QuotaExceed.PostPaidDisk)',
    });
    expect(failure?.cause).toMatchObject({ Code: 'QuotaExceed.PostPaidDisk', errorClass: 'account' });
  });

  it('treats "Action": "Copy", or none, as a copy run', async () => {
    const { harness } = fleet(1);

    await harness.invoke(timerEvent({ Action: 'Copy', DiskIds: [DISK] }));

    expect(logsNamed(harness.logs, 'restore-drill')).toEqual([]);
    expect(logsNamed(harness.logs, 'copy-started')).toHaveLength(1);
  });
});

describe('KeepCopies in a copy run', () => {
  it("deletes the older copies after the run's checks and before it starts the new one, and counts them in the summary", async () => {
    const { harness, copies } = fleet(3);

    await harness.invoke(timerEvent({ DiskIds: [DISK], KeepCopies: 1 }));

    const writes = harness.ecs.calls.filter((call) => ['DeleteSnapshot', 'CopySnapshot'].includes(call.Action)).map((call) => call.Action);
    expect(writes).toEqual(['DeleteSnapshot', 'DeleteSnapshot', 'CopySnapshot']);
    // After the run's own checks: its search of the destination for earlier copies (by tag) came first.
    const actions = harness.ecs.calls.map((call) => (call.params['Tag.1.Key'] === undefined ? call.Action : `${call.Action} by tag`));
    expect(actions.indexOf('DescribeSnapshots by tag')).toBeGreaterThanOrEqual(0);
    expect(actions.indexOf('DescribeSnapshots by tag')).toBeLessThan(actions.indexOf('DeleteSnapshot'));
    expect(logsNamed(harness.logs, 'copy-pruned').map((line) => line.SnapshotId)).toEqual([copies[0]?.SnapshotId, copies[1]?.SnapshotId]);
    expect(logsNamed(harness.logs, 'run-summary')).toEqual([expect.objectContaining({ Pruned: 2, PruneFailed: 0, Copied: 1 })]);
  });

  it('makes the copies though KeepCopies stopped on a failed listing, and rejects the timer run naming why', async () => {
    const { harness } = fleet(2, { KEEP_COPIES: '1' });
    // KeepCopies lists the destination whole (no tag, no time, no IDs), which the copy run of one disk never does:
    // that listing is refused.
    const listed = harness.ecs.describeSnapshots.bind(harness.ecs);
    harness.ecs.describeSnapshots = (query, call) => {
      const whole = query.Tag === undefined && query.CreationStartTime === undefined && query.SnapshotIds === undefined;
      if (query.RegionId === DESTINATION_REGION && whole) {
        harness.ecs.injectFault({ Action: 'DescribeSnapshots', fault: { kind: 'error', Code: 'Forbidden.RAM', status: 403 } });
      }
      return listed(query, call);
    };

    const timer = await harness.invoke(timerEvent({ DiskIds: [DISK] }));

    expect(logsNamed(harness.logs, 'copy-started')).toHaveLength(1);
    expect(harness.ecs.calls.filter((call) => call.Action === 'DeleteSnapshot')).toEqual([]);
    expect(logsNamed(harness.logs, 'keep-copies-stopped')).toEqual([
      expect.objectContaining({ Code: 'Forbidden.RAM', Class: 'forbidden', Advice: expect.stringContaining('ecs:DeleteSnapshot') }),
    ]);
    expect(logsNamed(harness.logs, 'run-summary')).toEqual([expect.objectContaining({ level: 'error', Copied: 1 })]);
    expect(timer.ok ? '' : timer.error.message).toMatch(
      /^KeepCopiesFailed: KeepCopies stopped before judging every copy \(Forbidden\.RAM: /,
    );
  });

  it("rejects a timer run whose deletion failed once its copies are made; an HTTP caller's copy deletes nothing, KEEP_COPIES or not", async () => {
    const { harness } = fleet(2, { KEEP_COPIES: '1' });
    harness.ecs.injectFault({ Action: 'DeleteSnapshot', fault: { kind: 'error', Code: 'Forbidden.RAM', status: 403 }, times: 2 });

    const timer = await harness.invoke(timerEvent({ DiskIds: [DISK] }));
    // The copy the timer run started has finished: nothing would hold the older copies back.
    await harness.clock.advance(60_000);
    const http = await harness.invoke(httpEvent({ DiskIds: [DISK] }));

    expect(timer.ok ? '' : timer.error.message).toBe('KeepCopiesFailed: 1 deletion(s) of copies beyond KeepCopies failed (Forbidden.RAM)');
    expect(timer.ok ? undefined : (timer.error as CopySnapshotFailed).failure).toMatchObject({
      Code: 'KeepCopiesFailed',
      errorClass: 'incomplete',
      cause: expect.objectContaining({ Code: 'Forbidden.RAM', errorClass: 'forbidden' }),
    });
    expect(logsNamed(harness.logs, 'copy-started')).toHaveLength(1);
    expect(logsNamed(harness.logs, 'copy-prune-failed')).toEqual([
      expect.objectContaining({ Code: 'Forbidden.RAM', Advice: expect.stringContaining('ecs:DeleteSnapshot') }),
    ]);
    expect(harness.ecs.calls.filter((call) => call.Action === 'DeleteSnapshot')).toHaveLength(1);
    const response = asHttp(http.ok ? http.value : undefined);
    expect(response).toMatchObject({ statusCode: 202, body: { Summary: { AlreadyPresent: 1 } } });
    expect(JSON.stringify(response.body)).not.toMatch(/Prune/);
  });

  it('refuses an HTTP caller that sends KeepCopies (403 Forbidden.CallerPolicy, the field named), whatever CALLER_FIXED_FIELDS says', async () => {
    const { harness } = fleet(3, { CALLER_FIXED_FIELDS: '' });

    const http = await harness.invoke(httpEvent({ DiskIds: [DISK], KeepCopies: 1 }));

    expect(asHttp(http.ok ? http.value : undefined)).toMatchObject({
      statusCode: 403,
      body: { Code: 'Forbidden.CallerPolicy', Message: expect.stringMatching(/^KeepCopies: /) },
    });
    expect(harness.ecs.calls).toEqual([]);
  });

  it('deletes nothing when a check of the run fails: a selection entry that matched nothing', async () => {
    const { harness } = fleet(3);

    const timer = await harness.invoke(timerEvent({ DiskIds: [DISK, 'd-bp1typo00000000001'], KeepCopies: 1 }));

    expect(timer.ok ? '' : timer.error.message).toMatch(/SelectionMatchedNothing/);
    expect(harness.ecs.calls.filter((call) => call.Action === 'DeleteSnapshot')).toEqual([]);
    expect(logsNamed(harness.logs, 'keep-copies-stopped')).toEqual([expect.objectContaining({ Code: 'SelectionMatchedNothing' })]);
  });
});
