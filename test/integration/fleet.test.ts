import { timerEvent } from '../support/events';
import { newest, report, seedFleet } from '../support/fleet';
import * as scenario from '../support/fleet-scenarios';
import { closeAfterEach, type Harness, startHarness, withHarness } from '../support/harness';
import { VirtualClock } from '../support/virtual-clock';

/**
 * The fleet promises end to end, through the real pop-core client and the local ECS endpoint: one test a promise.
 * Every case of selection, pace, cap and deadline is in test/unit/fleet.test.ts, on the fake ECS and a virtual clock;
 * the scenarios both run are in test/support/fleet-scenarios.ts.
 */
describe('a fleet, selected by instance, copied to two regions, end to end', () => {
  let harness: Harness;

  beforeEach(async () => {
    // Copies finish at once, so a second run sees them accomplished.
    harness = await startHarness({
      env: { RETENTION_DAYS: '30', SNAPSHOT_TAGS: '{"purpose":"dr"}', RPO_HOURS: '24' },
      ecs: { copyDurationMs: 1 },
    });
  });

  closeAfterEach(() => harness);

  it('copies the newest accomplished snapshot of every disk to every destination, with tags and RetentionDays', () =>
    scenario.copiesTheNewestToEveryDestination(harness, Date.now()));

  it('makes no second copy on the next run, and reports every disk within RPO', () =>
    scenario.makesNoSecondCopyAndReportsWithinRpo(harness, Date.now()));

  it('makes each copy once when FC delivers the same timer event several times at once', () =>
    scenario.copiesOnceForATimerEventDeliveredSeveralTimes(harness, Date.now()));

  it('answers a dry run with the plan and copies nothing', () => scenario.answersADryRunWithThePlan(harness, Date.now()));

  it("reads a copy's status and progress over GET /copies/<SnapshotId>", () => scenario.readsACopysStatusOverGet(harness, Date.now()));

  it('selects by InstanceIds and DiskIds together, narrowed by SourceTag', async () => {
    const { disks } = seedFleet(harness.ecs, Date.now());
    const [first, second, third] = disks;
    harness.ecs.addSnapshot({ RegionId: 'cn-hangzhou', DiskId: 'd-bp1fleet0disk000009', InstanceId: 'i-bp1fleet0instance01' });

    const plan = report(
      await harness.invoke(
        timerEvent({
          DiskIds: [third?.DiskId],
          InstanceIds: ['i-bp1fleet0instance01'],
          SourceTag: [{ Key: 'env', Value: 'prod' }],
          DryRun: true,
        }),
      ),
    );

    expect(
      plan.Copies.filter((copy) => copy.Outcome === 'planned')
        .map((copy) => copy.SourceSnapshotId)
        .sort(),
    ).toEqual([newest(first), newest(second), newest(third)].sort());
  });
});

describe('what a run leaves for the next one, end to end', () => {
  it('copies again a copy that failed, and names the failure until then', () =>
    withHarness({ env: { RPO_HOURS: '24' }, ecs: { copyDurationMs: 1 } }, (harness) =>
      scenario.copiesAgainACopyThatFailed(harness, Date.now()),
    ));

  it('caps the copies in flight per destination and leaves the rest for the next run', () =>
    withHarness({ env: { MAX_COPIES_IN_FLIGHT: '2' } }, (harness) => scenario.capsTheCopiesInFlight(harness, Date.now())));

  it('uses SELECTION for a timer without a payload', () =>
    withHarness({ env: { SELECTION: '{"InstanceIds":["i-bp1fleet0instance02"]}' }, ecs: { copyDurationMs: 1 } }, (harness) =>
      scenario.usesSelectionForAnEmptyTimer(harness, Date.now()),
    ));
});

describe('pace, end to end', () => {
  it('slows down under throttling instead of failing copies', () => {
    // The function's pace and backoff wait on a virtual clock; ECS, pop-core and HTTP are real.
    const clock = new VirtualClock(Date.now());
    return withHarness({ ecs: { copyDurationMs: 1 }, handler: { sleep: clock.sleep, now: clock.now } }, (harness) =>
      scenario.slowsDownUnderThrottling(harness, Date.now()),
    );
  });
});
