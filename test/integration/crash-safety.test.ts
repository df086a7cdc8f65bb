import { type LocalEcs, startLocalEcs } from '../../ecs-local';
import { CANARY_CREDENTIALS, fcContext } from '../../tools/fc-fixtures';
import { invocationContext, SOURCE_REGION } from '../support/context';
import { timerEvent } from '../support/events';
import { INSTANCE_ENV, requireBundle, runInProcess, startInstance as startKillableInstance, until } from '../support/killable-instance';
import { copiesOf, expectNoSecretLeaked } from '../support/output';

/** Long enough that the child is surely killed while its CopySnapshot waits for an answer. */
const IN_FLIGHT_MS = 1500;

/** The bundle in its own Node process, which the test can kill like FC kills an instance. */
function startInstance(ecs: LocalEcs, event: Buffer) {
  return startKillableInstance(
    ecs.url,
    event,
    fcContext({ requestId: 'crash-test', region: SOURCE_REGION, credentials: CANARY_CREDENTIALS, timeoutSeconds: 60 }),
    INSTANCE_ENV,
  );
}

const copyAnswered = (ecs: LocalEcs, status: number) => () =>
  ecs.calls.some((call) => call.Action === 'CopySnapshot' && call.status === status);

describe('an invocation killed after CopySnapshot was sent, before anything was logged', () => {
  let ecs: LocalEcs;
  const logs: string[] = [];
  const outputs: string[] = [];

  beforeAll(requireBundle);

  beforeEach(async () => {
    ecs = await startLocalEcs({ credentials: [{ ...CANARY_CREDENTIALS }], copyDurationMs: 60_000 });
    logs.length = 0;
    outputs.length = 0;
  });

  afterEach(async () => {
    expectNoSecretLeaked({ logs, outputs });
    await ecs.close();
  });

  /** FC's re-delivery of the same event, on another instance. */
  const redeliver = (event: Buffer) => runInProcess(ecs.url, event, invocationContext(), { logs, outputs });

  async function killWhileCopyInFlight(event: Buffer): Promise<string> {
    // Every CopySnapshot is held back; the endpoint lists the fault when the request has arrived.
    ecs.setRandomFaults({ seed: 1, probability: 1, kinds: ['delay'], delayMs: IN_FLIGHT_MS, Actions: ['CopySnapshot'] });
    const instance = startInstance(ecs, event);
    await until('the CopySnapshot request reached ECS', () =>
      ecs.injectedRandomFaults.some((injected) => injected.Action === 'CopySnapshot'),
    );

    expect(await instance.kill()).toBe('SIGKILL');
    ecs.setRandomFaults(undefined);
    outputs.push(instance.output());
    return instance.output();
  }

  it('is followed by a re-delivery that finds the copy ECS made instead of making a second', async () => {
    const SnapshotId = ecs.addSnapshot({ RegionId: SOURCE_REGION, DiskId: 'd-bp1crashdisk0000001' }).SnapshotId;
    const event = timerEvent({ SnapshotId });

    const output = await killWhileCopyInFlight(event);
    await until("the killed instance's copy was made", copyAnswered(ecs, 200));
    const made = copiesOf(ecs, SnapshotId);
    const answer = await redeliver(event);

    expect(output).not.toMatch(/copy-started|copy-failed|RESULT|REJECTED/);
    expect(made).toHaveLength(1);
    expect(answer).toMatchObject({ Outcome: 'already-present', SnapshotId: made[0]?.SnapshotId, SourceSnapshotId: SnapshotId });
    expect(copiesOf(ecs, SnapshotId)).toHaveLength(1);
  });

  it('is followed by a re-delivery that overtakes the copy still in flight and gets the same copy', async () => {
    const SnapshotId = ecs.addSnapshot({ RegionId: SOURCE_REGION, DiskId: 'd-bp1crashdisk0000002' }).SnapshotId;
    const event = timerEvent({ SnapshotId });

    const output = await killWhileCopyInFlight(event);
    const answer = await redeliver(event);
    // The killed instance's request acts now, under the same ClientToken as the re-delivery's.
    await until(
      "the killed instance's request acted",
      () => ecs.calls.filter((call) => call.Action === 'CopySnapshot' && call.status === 200).length === 2,
    );

    expect(output).not.toMatch(/copy-started|copy-failed|RESULT|REJECTED/);
    const copies = copiesOf(ecs, SnapshotId);
    expect(copies).toHaveLength(1);
    expect(answer).toMatchObject({ Outcome: 'copied', SnapshotId: copies[0]?.SnapshotId });
    const tokens = new Set(ecs.calls.filter((call) => call.Action === 'CopySnapshot').map((call) => call.params.ClientToken));
    expect(tokens.size).toBe(1);
  });

  it('is followed by a re-delivery that finds the copy whose answer was lost before the instance was killed', async () => {
    const SnapshotId = ecs.addSnapshot({ RegionId: SOURCE_REGION, DiskId: 'd-bp1crashdisk0000003' }).SnapshotId;
    const event = timerEvent({ SnapshotId });
    ecs.injectFault({ Action: 'CopySnapshot', fault: { kind: 'lose-answer' } });
    // Should the instance's retry get out before the kill, it is held back and cannot log its answer either.
    ecs.injectFault({ Action: 'CopySnapshot', fault: { kind: 'delay', ms: IN_FLIGHT_MS } });

    const instance = startInstance(ecs, event);
    await until('ECS made the copy and hung up', copyAnswered(ecs, 0));
    await instance.kill();
    outputs.push(instance.output());
    const made = copiesOf(ecs, SnapshotId);
    ecs.clearFaults();
    const answer = await redeliver(event);

    expect(instance.output()).not.toMatch(/copy-started|copy-failed|RESULT|REJECTED/);
    expect(made).toHaveLength(1);
    expect(answer).toMatchObject({ Outcome: 'already-present', SnapshotId: made[0]?.SnapshotId });
    expect(copiesOf(ecs, SnapshotId)).toHaveLength(1);
  });
});
