/**
 * The unit harness: the real handler (`createHandler`, as FC runs it) on the fake ECS and the virtual clock. The
 * function paces, backs off, times out and sees copies progress over virtual minutes in real milliseconds, the same
 * way on every run. It has the integration harness's shape, so a scenario reads the same on either.
 */
import type { HandlerOptions } from '../../functions/copy-snapshot/index';
import { FakeEcs, type FakeEcsOptions } from './fake-ecs';
import type { Harness } from './harness';
import { harnessInvocations } from './harness-handler';
import { VirtualClock } from './virtual-clock';

/** The local endpoint's harness (harness.ts), the same shape, on the fake ECS and its virtual clock. */
export interface FakeHarness extends Omit<Harness, 'ecs' | 'close'> {
  ecs: FakeEcs;
  clock: VirtualClock;
}

export interface FakeHarnessOptions {
  env?: Record<string, string>;
  handler?: HandlerOptions;
  ecs?: Omit<FakeEcsOptions, 'clock'>;
  clock?: VirtualClock;
}

/** The handler configured as the integration harness configures it, on a fake ECS whose copies take a minute. */
export function startFakeHarness(options: FakeHarnessOptions = {}): FakeHarness {
  const clock = options.clock ?? new VirtualClock();
  const ecs = new FakeEcs({ clock, copyDurationMs: 60_000, ...options.ecs });
  return {
    ecs,
    clock,
    ...harnessInvocations(
      options.env,
      { createEcs: () => ecs, createEcsDisks: () => ecs, sleep: clock.sleep, now: clock.now, ...options.handler },
      (seed) => ecs.addSnapshot(seed),
    ),
  };
}
