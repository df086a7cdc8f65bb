import { type LocalEcs, startLocalEcs } from '../../ecs-local';
import { DESTINATION_REGION, SOURCE_REGION } from '../support/context';
import { CANARY, expectNoSecretLeaked, fcContext, parsedLogs, timerEvent } from '../support/harness';
import { INSTANCE_ENV, requireBundle, runInProcess, startInstance as startKillableInstance, until } from '../support/killable-instance';
import { addOurCopy, addSource } from '../support/seed-copies';

const DISK = 'd-bp1drillcrash00001';
/** Long enough that the killed instance is surely still waiting for its disk. */
const CREATE_MS = 2 * 60_000;

/**
 * The server's clock is real time plus what the in-process runs have slept: the killed instance runs in real time,
 * the next runs pass minutes at once.
 */
function sharedClock() {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    sleep: async (ms: number) => {
      offset += ms;
    },
  };
}

/** The bundle in its own Node process, which the test can kill like FC kills an instance. */
function startInstance(ecs: LocalEcs, event: Buffer) {
  return startKillableInstance(
    ecs.url,
    event,
    { requestId: 'drill-crash-test', region: SOURCE_REGION, credentials: CANARY, function: { timeout: 900 } },
    INSTANCE_ENV,
  );
}

describe('a drill killed while its disk is being created', () => {
  let ecs: LocalEcs;
  const clock = sharedClock();
  const logs: string[] = [];
  const outputs: string[] = [];

  beforeAll(requireBundle);

  beforeEach(async () => {
    ecs = await startLocalEcs({
      credentials: [{ ...CANARY }],
      now: clock.now,
      timestampWindowMs: 8 * 24 * 3_600_000,
      diskCreateDurationMs: CREATE_MS,
    });
    // ECS lists a copy's source, whoever made it: a drill restores a copy only when its tags agree with it.
    addOurCopy(ecs, addSource(ecs, { RegionId: SOURCE_REGION, DiskId: DISK, createdMs: Date.now() - 60_000 }), DESTINATION_REGION);
    logs.length = 0;
    outputs.length = 0;
  });

  afterEach(async () => {
    expectNoSecretLeaked({ logs, outputs });
    await ecs.close();
  });

  /** A run of the function in this process, on the shared clock. */
  const run = (event: Buffer) => runInProcess(ecs.url, event, fcContext({ function: { timeout: 900 } }), { logs, outputs }, clock);

  async function killMidDrill(event: Buffer): Promise<string> {
    const instance = startInstance(ecs, event);
    await until('the drill disk was created', () => ecs.calls.some((call) => call.Action === 'CreateDisk' && call.status === 200));
    expect(await instance.kill()).toBe('SIGKILL');
    outputs.push(instance.output());
    return instance.output();
  }

  const drillEvent = (triggerTime: string) => timerEvent({ Action: 'RestoreDrill', DiskIds: [DISK] }, triggerTime);

  it('leaves a tagged disk that the next run, a week later, deletes before drilling again, and nothing after', async () => {
    const output = await killMidDrill(drillEvent('2026-11-29T03:00:00Z'));
    const left = ecs.disks(DESTINATION_REGION);
    // The next weekly run: the disk is older by its CreationTime than any run can last, so its run is provably over.
    await clock.sleep(7 * 24 * 3_600_000);

    await run(drillEvent('2026-12-06T03:00:00Z'));

    expect(output).not.toMatch(/restore-drill|drill-summary|RESULT|REJECTED/);
    expect(left).toEqual([expect.objectContaining({ Status: 'Creating' })]);
    const lines = parsedLogs(logs);
    expect(lines.filter((line) => line.message === 'drill-disk-deleted')).toEqual([
      expect.objectContaining({ DiskId: left[0]?.DiskId, DrillRunId: 'drill-20261129T030000Z', SourceDiskId: DISK }),
    ]);
    expect(lines.filter((line) => line.message === 'restore-drill')).toEqual([
      expect.objectContaining({ Outcome: 'restored', RunId: 'drill-20261206T030000Z' }),
    ]);
    expect(ecs.disks(DESTINATION_REGION)).toEqual([]);
  });

  it('is followed by a re-delivery of the same event that takes over its disk (same ClientToken), drills it and deletes it', async () => {
    await killMidDrill(drillEvent('2026-11-29T03:00:00Z'));
    const left = ecs.disks(DESTINATION_REGION);

    await run(drillEvent('2026-11-29T03:00:00Z'));

    const created = ecs.calls.filter((call) => call.Action === 'CreateDisk' && call.status === 200);
    expect(new Set(created.map((call) => call.params.ClientToken)).size).toBe(1);
    expect(parsedLogs(logs).filter((line) => line.message === 'restore-drill')).toEqual([
      expect.objectContaining({ Outcome: 'restored', DrillDiskId: left[0]?.DiskId, Reason: expect.stringContaining('earlier delivery') }),
    ]);
    expect(parsedLogs(logs).filter((line) => line.message === 'drill-disk-deleted')).toEqual([]);
    expect(ecs.disks(DESTINATION_REGION)).toEqual([]);
  });
});
