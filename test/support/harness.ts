/**
 * The integration harness: the handler with the real pop-core client, against the local ECS endpoint on loopback.
 * For unit tests on the fake ECS and the virtual clock, see fake-harness.ts.
 */
import { type LocalEcs, type LocalEcsOptions, startLocalEcs } from '../../ecs-local';
import type { HandlerOptions } from '../../functions/copy-snapshot/index';
import { PopCoreEcs } from '../../lib/ecs/pop-core-ecs';
import { PopCoreEcsDisks } from '../../lib/ecs/pop-core-ecs-disks';
import { CANARY_CREDENTIALS } from '../../tools/fc-fixtures';
import { invocationContext } from './context';
import { type HarnessInvocations, harnessInvocations } from './harness-handler';
import { expectNoSecretLeaked } from './output';
import type { VirtualClock } from './virtual-clock';

/** pop-core dates each request by the real clock while the endpoint reads a virtual one that runs ahead: a month's
 * window lets minutes or days of virtual time pass without IllegalTimestamp. */
const VIRTUAL_CLOCK_TIMESTAMP_WINDOW_MS = 30 * 24 * 3_600_000;

export interface Harness extends HarnessInvocations {
  ecs: LocalEcs;
  close: () => Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  handler?: HandlerOptions;
  ecs?: Partial<LocalEcsOptions>;
  /** The function's pop-core clients call `<url>/<RegionId>/`, one endpoint a region (ECS_ENDPOINT takes no path),
   * so that the call record names the region whose endpoint each call was sent to (EndpointRegionId), as for
   * DeleteSnapshot and DeleteDisk, which name no RegionId. */
  endpointPerRegion?: boolean;
  /** The endpoint (copy progress, disk states) and the function (its pace, backoff and polling) on this virtual
   * clock, so that minutes pass at once. */
  clock?: VirtualClock;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const { clock } = options;
  const ecs = await startLocalEcs({
    credentials: [{ ...CANARY_CREDENTIALS }],
    copyDurationMs: 60_000,
    ...(clock !== undefined ? { now: clock.now, timestampWindowMs: VIRTUAL_CLOCK_TIMESTAMP_WINDOW_MS } : {}),
    ...options.ecs,
  });
  const perRegion = `${ecs.url}/{RegionId}`;
  const handlerOptions: HandlerOptions = {
    ...(clock !== undefined ? { now: clock.now, sleep: clock.sleep } : {}),
    ...(options.endpointPerRegion === true
      ? { createEcs: () => new PopCoreEcs(perRegion), createEcsDisks: () => new PopCoreEcsDisks(new PopCoreEcs(perRegion)) }
      : {}),
    ...options.handler,
  };
  return {
    ecs,
    ...harnessInvocations({ ECS_ENDPOINT: ecs.url, ...options.env }, handlerOptions, (seed) => ecs.addSnapshot(seed)),
    close: () => ecs.close(),
  };
}

/** A test on a harness of its own: `test` runs, then the check that no secret leaked; the endpoint closes whatever
 * happened. */
export async function withHarness(options: HarnessOptions, test: (harness: Harness) => Promise<void>): Promise<void> {
  const harness = await startHarness(options);
  try {
    await test(harness);
    expectNoSecretLeaked(harness);
  } finally {
    await harness.close();
  }
}

/** What every integration test ends with: no secret reached what the function logged or answered; then the
 * endpoint of the test's harness closes. Registered once for the tests of a file or `describe` block. */
export function closeAfterEach(harness: () => Harness): void {
  afterEach(async () => {
    expectNoSecretLeaked(harness());
    await harness().close();
  });
}

// The names other test files import from here, kept so that they need no change: the events are in events.ts, the
// context in context.ts, the checks of what an invocation left in output.ts, the credentials in tools/fc-fixtures.ts.
export { CANARY_CREDENTIALS as CANARY } from '../../tools/fc-fixtures';
export { DESTINATION_REGION, SOURCE_REGION } from './context';
export { asHttp, directEvent, httpEvent, timerEvent } from './events';
export { copiesOf, expectNoSecretLeaked, outcomeLog, parsedLogs } from './output';

/** FC's context with the canary credentials, its fields replaced by `overrides` (see `invocationContext`). */
export function fcContext(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...invocationContext(), ...overrides };
}
