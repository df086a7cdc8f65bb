/**
 * The fault matrix's scenarios (tools/fault-scenario.ts) on the fake ECS: each in an account of its own with its own
 * virtual clock, so the function paces, times out and backs off as it would, and the endpoint's delayed answers act
 * when their time comes, in no real time and the same way on every run.
 */
import type { AccountOptions, ScenarioAccount } from '../../tools/fault-scenario';
import { FakeEcs } from './fake-ecs';
import { VirtualClock } from './virtual-clock';

export async function fakeAccount(options: AccountOptions): Promise<ScenarioAccount> {
  const clock = new VirtualClock();
  const ecs = new FakeEcs({ clock, copyDurationMs: options.copyDurationMs, randomFaults: options.randomFaults });
  return {
    cloud: ecs,
    handlerOptions: { createEcs: () => ecs, createEcsDisks: () => ecs, sleep: clock.sleep, now: clock.now },
    settle: () => clock.runAll(),
    close: async () => undefined,
  };
}
