import { DESTINATION_REGION, SOURCE_REGION } from '../support/context';
import { asHttp, httpEvent, timerEvent } from '../support/events';
import { closeAfterEach, type Harness, startHarness } from '../support/harness';
import { copiesOf, logsNamed, outcomeLog, parsedLogs } from '../support/output';

/**
 * Answers no ECS gives but a broken gateway or a hostile endpoint could, through the real pop-core client against
 * the local endpoint: a CopySnapshot whose SnapshotId is not a snapshot ID, and a listing whose NextToken repeats.
 */
const MAX_ATTEMPTS = 8; // DEFAULT_RETRY_POLICY.maxAttempts, which the harness keeps

let harness: Harness;

beforeEach(async () => {
  harness = await startHarness();
});

closeAfterEach(() => harness);

/** Everything the invocation left for anyone to read: its log lines, its answers and rejections. */
const everythingSeen = () => [...harness.logs, ...harness.outputs].join('\n');

describe('a CopySnapshot answer whose SnapshotId is not a snapshot ID', () => {
  const TEN_KB = `s-${'a'.repeat(10 * 1024)}`;
  it.each([
    ['in upper case', 'S-BP1UPPERCASE00001', 'BP1UPPERCASE'],
    ['with the prefix of a disk', 'd-bp1notasnapshot001', 'notasnapshot'],
    ['10 KB long', TEN_KB, 'a'.repeat(200)],
    ['with quotes', 's-bp1"quoted"0001', 'quoted'],
    ['with a line of its own', 's-bp1abcd\n{"level":"info","message":"copy-started"}', 'bp1abcd'],
    ['with only its prefix', 's-', '"s-"'],
  ])('is never passed on as a copy (%s): the run fails with EcsBadResponse and its advice', async (_name, SnapshotId, trace) => {
    const source = harness.source();
    harness.ecs.injectFault({
      Action: 'CopySnapshot',
      fault: { kind: 'body', status: 200, body: JSON.stringify({ RequestId: 'A1B2C3D4-0000-4000-8000-000000000001', SnapshotId }) },
      times: MAX_ATTEMPTS,
    });

    const timer = await harness.invoke(timerEvent({ SnapshotId: source }));

    expect(timer.ok).toBe(false);
    expect(harness.ecs.calls.filter((call) => call.Action === 'CopySnapshot')).toHaveLength(MAX_ATTEMPTS);
    expect(outcomeLog(harness.logs)).toMatchObject({
      message: 'copy-failed',
      SourceSnapshotId: source,
      Code: 'EcsBadResponse',
      Class: 'transient',
      Advice: expect.stringContaining('not a valid ECS answer'),
      RequestId: 'A1B2C3D4-0000-4000-8000-000000000001',
    });
    expect(outcomeLog(harness.logs)).not.toHaveProperty('SnapshotId');
    expect(logsNamed(harness.logs, 'copy-started')).toEqual([]);
    expect(logsNamed(harness.logs, 'run-summary')).toEqual([expect.objectContaining({ Failed: 1, Copied: 0 })]);
    // The same through the HTTP trigger: the answer names the failure and no copy.
    harness.ecs.injectFault({
      Action: 'CopySnapshot',
      fault: { kind: 'body', status: 200, body: JSON.stringify({ RequestId: 'A1B2C3D4-0000-4000-8000-000000000002', SnapshotId }) },
      times: MAX_ATTEMPTS,
    });
    const http = asHttp(await harness.handler(httpEvent({ SnapshotId: source })));
    expect(http.statusCode).toBe(502);
    expect(http.body).toMatchObject({ Code: 'EcsBadResponse', Class: 'transient' });
    expect(http.body).not.toHaveProperty('SnapshotId');
    expect(everythingSeen()).not.toContain(trace);
    for (const line of parsedLogs(harness.logs)) expect(JSON.stringify(line).length).toBeLessThan(4096);
    expect(copiesOf(harness.ecs, source, DESTINATION_REGION)).toEqual([]);
  });

  it('takes a real snapshot ID as the copy, so the check refuses only what is not one', async () => {
    const source = harness.source();

    const outcome = await harness.invoke(timerEvent({ SnapshotId: source }));

    expect(outcome.ok).toBe(true);
    expect(outcomeLog(harness.logs)).toMatchObject({ message: 'copy-started', SnapshotId: expect.stringMatching(/^s-[a-z0-9]+$/) });
  });
});

describe('a listing whose NextToken repeats', () => {
  /** 101 snapshots of one disk: the source listing takes two pages of 100. */
  function diskOfTwoPages(): string {
    const DiskId = 'd-bp1twopages0000001';
    for (let n = 0; n < 101; n++) harness.ecs.addSnapshot({ RegionId: SOURCE_REGION, DiskId });
    return DiskId;
  }

  const sourceListings = () => harness.ecs.calls.filter((call) => call.Action === 'DescribeSnapshots' && call.params.DiskId !== undefined);

  it('is stopped at the page that repeats it, not retried: two calls, and the run fails with EcsBadResponse', async () => {
    const DiskId = diskOfTwoPages();
    // Every answer to a request for a next page names that same page again, however often it is asked.
    harness.ecs.injectFault({ Action: 'DescribeSnapshots', fault: { kind: 'repeat-next-token' }, times: 100 });

    const outcome = await harness.invoke(timerEvent({ DiskIds: [DiskId] }));

    expect(outcome.ok).toBe(false);
    expect(outcome.ok ? '' : outcome.error.message).toContain('EcsBadResponse');
    expect(outcome.ok ? '' : outcome.error.message).toContain('answered a NextToken it had answered before');
    const listings = sourceListings();
    expect(listings).toHaveLength(2);
    expect(listings[1]?.params.NextToken).toEqual(expect.any(String));
    expect(harness.ecs.calls.filter((call) => call.Action === 'CopySnapshot')).toEqual([]);
    expect(logsNamed(harness.logs, 'retry')).toEqual([]);
  });

  it('pages through to the end when no token repeats: the same disk, the same two calls, and its copy started', async () => {
    const DiskId = diskOfTwoPages();

    await harness.invoke(timerEvent({ DiskIds: [DiskId] }));

    // The newest snapshot's copy is started (the run itself fails: the disk has no finished copy yet, outside RPO).
    expect(logsNamed(harness.logs, 'copy-started')).toEqual([expect.objectContaining({ SourceDiskId: DiskId })]);
    expect(sourceListings()).toHaveLength(2);
  });
});
