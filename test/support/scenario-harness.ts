/**
 * What a scenario written once for both transports uses of either harness (harness.ts over the local endpoint,
 * fake-harness.ts on the fake ECS) and of either transport's account: a scenario typed with it runs on both.
 */
import type { FaultRule, RecordedCall } from '../../ecs-local';
import type { SnapshotAccount } from './fleet';
import type { Harness } from './harness';

export interface ScenarioHarness extends Pick<Harness, 'logs' | 'handler' | 'invoke' | 'source'> {
  ecs: SnapshotAccount & { readonly calls: readonly RecordedCall[]; injectFault(rule: FaultRule): void };
}
