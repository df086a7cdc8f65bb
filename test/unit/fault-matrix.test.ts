import { runScenario, runScenarios, scenarioFor, summarizeScenarios } from '../../tools/fault-scenario';
import { fakeAccount } from '../support/fake-account';
import { expectMatrixHeld } from '../support/fault-matrix-report';

/**
 * The fault matrix on the fake ECS and virtual clocks, in about a second: seeds 101 to 200 of `npm run fault-matrix`.
 * test/integration/fault-matrix.test.ts runs seeds 1 to 100 through the real pop-core client against the local ECS
 * endpoint, where what the network does to the client is real.
 */
const FIRST_SEED = 101;
const SCENARIOS = 100;

describe('the fault matrix on the fake ECS', () => {
  it(`leaves every requested copy exactly once, every failure classified and no secret anywhere, over ${SCENARIOS} scenarios`, async () => {
    const seeds = Array.from({ length: SCENARIOS }, (_, index) => FIRST_SEED + index);

    const report = summarizeScenarios(await runScenarios(seeds, 8, undefined, fakeAccount));

    expectMatrixHeld(report, SCENARIOS);
    expect(report.ecsCalls).toBeGreaterThan(SCENARIOS * 5);
  });

  it('replays every scenario from its seed exactly: the same faults hit the same requests, with the same outcome', async () => {
    for (const seed of [3, 8, 17, 42]) {
      const spec = scenarioFor(seed);

      const first = await runScenario(spec, fakeAccount);
      const second = await runScenario(spec, fakeAccount);

      expect(first.faultTrace.length).toBeGreaterThan(0);
      expect(second.faultTrace).toEqual(first.faultTrace);
      expect(second.deliveries).toBe(first.deliveries);
      expect(second.calls).toBe(first.calls);
      expect(second.rejections).toBe(first.rejections);
      expect(second.finalRun).toBe(first.finalRun);
    }
  });
});
