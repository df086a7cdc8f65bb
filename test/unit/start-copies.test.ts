import type { FaultRule } from '../../ecs-local';
import type { Deadline } from '../../lib/calls/deadline';
import { type CopyResult, planCopies } from '../../lib/copy/copy-plan';
import { DestinationCopies } from '../../lib/copy/destination-copies';
import { type StartCopiesContext, startCopies } from '../../lib/copy/start-copies';
import { creationFilterValue } from '../../lib/ecs/pop-core-ecs';
import { fakePort, seedOf } from './support/fake-port';
import { copyOf, DESTINATION, diskId, NOW, orderFor, SOURCE, snapshot } from './support/orders';
import { resilient } from './support/session';

const a1 = snapshot('a1', 'a');
const b1 = snapshot('b1', 'b');
const c1 = snapshot('c1', 'c');

function setUp(request: Record<string, unknown> = {}, deadline?: Deadline) {
  const { ecs: port } = fakePort();
  for (const source of [a1, b1, c1]) port.addSnapshot(seedOf(source));
  const order = orderFor({ DiskIds: [a1, b1, c1].map((source) => source.SourceDiskId), ...request });
  const verdicts = [a1, b1, c1].map((source) => ({ kind: 'copy' as const, snapshot: source }));
  const copies = new DestinationCopies(DESTINATION, SOURCE, new Set(verdicts.map((verdict) => verdict.snapshot.SnapshotId)));
  const { jobs } = planCopies(
    order,
    { verdicts, protectedDisks: [], missingPicks: [], matchedNothing: [], instanceOf: new Map() },
    new Map([[DESTINATION, copies]]),
    500,
  );
  const reported: CopyResult[] = [];
  const context: StartCopiesContext = {
    order,
    ecs: resilient(port, deadline),
    deadline: deadline ?? { remainingMs: () => 600_000 },
    retryPolicy: { minAttemptMs: 500 },
    destinations: new Map([[DESTINATION, copies]]),
    now: () => NOW,
    onResult: (result) => reported.push(result),
  };
  return { port, jobs, context, copies, reported };
}

/** The next CopySnapshot is answered with ECS's error `Code` (its class follows from the code and the status). */
const failure = (Code: string, status: number): FaultRule => ({
  Action: 'CopySnapshot',
  fault: { kind: 'error', status, Code, Message: `${Code} from ECS` },
});

describe('starting the copies', () => {
  it('calls CopySnapshot for each planned copy, reports what ECS answered, and counts each as running for the RPO report', async () => {
    const { port, jobs, context, copies, reported } = setUp();

    const results = await startCopies(jobs, context);

    expect(results.map((result) => [result.SourceSnapshotId, result.Outcome, result.Attempts])).toEqual([
      [a1.SnapshotId, 'copied', 1],
      [b1.SnapshotId, 'copied', 1],
      [c1.SnapshotId, 'copied', 1],
    ]);
    expect(results[0]).toMatchObject({
      SnapshotId: port.snapshots(DESTINATION).find((copy) => copy.SourceSnapshotId === a1.SnapshotId)?.SnapshotId,
      RequestId: expect.any(String),
      ClientToken: expect.any(String),
    });
    expect(reported).toEqual(results);
    expect(results[0]?.Outcome).toBe('copied');
    expect(copies.progressing(diskId('a')).map((copy) => copy.SnapshotId)).toEqual([
      results[0]?.Outcome === 'copied' && results[0].SnapshotId,
    ]);
  });

  it('calls nothing for a dry run, and answers with the plan', async () => {
    const { port, jobs, context } = setUp({ DryRun: true });

    const results = await startCopies(jobs, context);

    expect(port.calls).toEqual([]);
    expect(results.map((result) => result.Outcome)).toEqual(['planned', 'planned', 'planned']);
    expect(results[0]).toMatchObject({ DestinationSnapshotName: `dr-${a1.SnapshotId}-2026-11-27`, ClientToken: expect.any(String) });
  });

  it('reports each copy ECS refused with its Code and class, and goes on with the others', async () => {
    const { port, jobs, context } = setUp();
    port.injectFault(failure('InvalidOperation.DiskHasUnfinishedSnapshotCopy', 403));
    port.injectFault(failure('Forbidden.RAM', 403));

    const results = await startCopies(jobs, context);

    expect(results.map((result) => [result.Outcome, ...('Code' in result ? [result.Code, result.Class] : [undefined, undefined])])).toEqual(
      [
        ['not-ready', 'InvalidOperation.DiskHasUnfinishedSnapshotCopy', 'not-ready'],
        ['failed', 'Forbidden.RAM', 'forbidden'],
        ['copied', undefined, undefined],
      ],
    );
    expect(results[1]).toMatchObject({ RequestId: expect.any(String), Message: 'Forbidden.RAM from ECS', Attempts: 1 });
  });

  it('takes IdempotentParameterMismatch on a derived token as already-present only with the copy found in the destination', async () => {
    const { port, jobs, context } = setUp();
    // Another invocation made a1's copy under the same token, with other parameters, before this one's plan saw it.
    const made = port.addSnapshot(seedOf(copyOf(a1, 'racer')));
    port.injectFault(failure('IdempotentParameterMismatch', 400));

    const [first] = await startCopies(jobs, context);

    expect(first).toMatchObject({
      Outcome: 'already-present',
      SnapshotId: made.SnapshotId,
      Message: 'another invocation made this copy (same ClientToken)',
    });
    expect(first).not.toHaveProperty('MadeBy');
    // Looked up without a tag filter (a new copy may not be indexed by its tags yet), from the source's time on.
    const lookup = port.calls.find((call) => call.Action === 'DescribeSnapshots' && call.RegionId === DESTINATION)?.params;
    expect(lookup).toMatchObject({ 'Filter.1.Key': 'CreationStartTime', 'Filter.1.Value': creationFilterValue(a1.CreationTime) });
    expect(Object.keys(lookup ?? {}).filter((name) => name.startsWith('Tag.'))).toEqual([]);
  });

  it('names a copy another tool made of the source when ECS holds the derived token for it', async () => {
    const { port, jobs, context } = setUp();
    const { Tags: _ours, ...untagged } = copyOf(a1, 'console');
    const made = port.addSnapshot(seedOf({ ...untagged, Tags: [], SourceSnapshotId: a1.SnapshotId, SourceRegionId: SOURCE }));
    port.injectFault(failure('IdempotentParameterMismatch', 400));

    const [first] = await startCopies(jobs, context);

    expect(first).toMatchObject({ Outcome: 'already-present', SnapshotId: made.SnapshotId, MadeBy: 'another tool' });
  });

  it('fails with ClientTokenTaken, never already-present, when ECS holds the derived token and no copy of the source exists', async () => {
    const { port, jobs, context } = setUp();
    port.injectFault(failure('IdempotentParameterMismatch', 400));

    const [first, ...others] = await startCopies(jobs, context);

    expect(first).toMatchObject({ Outcome: 'failed', Code: 'ClientTokenTaken', Class: 'invalid-request' });
    expect(first).not.toHaveProperty('SnapshotId');
    expect(first?.Outcome === 'failed' && first.Message).toContain(`no copy of ${a1.SnapshotId} is in ${DESTINATION}`);
    expect(others.map((result) => result.Outcome)).toEqual(['copied', 'copied']);
  });

  it('starts every copy while the time left holds one attempt, however short the whole timeout', async () => {
    const { port, jobs, context } = setUp({}, { remainingMs: () => 1_000 });

    const results = await startCopies(jobs, context);

    expect(port.calls.filter((call) => call.Action === 'CopySnapshot')).toHaveLength(3);
    expect(results.map((result) => result.Outcome)).toEqual(['copied', 'copied', 'copied']);
  });

  it('starts no copy when the time left cannot hold one attempt, and leaves it for the next run', async () => {
    const { port, jobs, context } = setUp({}, { remainingMs: () => 400 });

    const results = await startCopies(jobs, context);

    expect(port.calls).toEqual([]);
    expect(results.map((result) => [result.Outcome, 'Code' in result ? result.Code : undefined])).toEqual([
      ['left', 'DeadlineExceeded'],
      ['left', 'DeadlineExceeded'],
      ['left', 'DeadlineExceeded'],
    ]);
  });
});
