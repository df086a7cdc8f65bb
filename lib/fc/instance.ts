import type { Deadline } from '../calls/deadline';
import type { RetryPolicy, RetryTools } from '../calls/retry';
import type { Configuration } from '../config/configuration';
import type { Ecs } from '../ecs/ecs';
import type { EcsDisks } from '../ecs/ecs-disks';

/** The ECS port and what every session over it needs: the retry policy, randomness and the clock. */
export interface RunDependencies extends RetryTools {
  ecs: Ecs;
  retryPolicy: RetryPolicy;
  now: () => number;
}

/** What a function instance sets up once and every invocation shares (lib/fc/instance-set-up.ts builds it). */
export interface Instance {
  configuration: Configuration;
  /** The ECS port, built once (one client per endpoint), with the retry policy, randomness and clock. */
  dependencies: RunDependencies;
  /**
   * The disk and deletion calls of restore drills and KeepCopies (the same clients as the ECS port's), built on first
   * use: their adapter is in dist/on-demand.js, which a copy run never loads.
   */
  disks: () => EcsDisks;
  /** The environment, for the credentials of a run outside FC (ALIBABA_CLOUD_ACCESS_KEY_*). */
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * What one invocation brings to a use case, whatever triggered it, with the observer of that use case (each names
 * its own: CopyObserver, DrillObserver, StatusObserver), so that no use case depends on another's.
 */
export interface Invocation<Observer> {
  /** FC's `context.credentials`: the function role's STS credentials, fresh for each invocation. */
  contextCredentials: unknown;
  /** Ends a little before FC's timeout, so that the run reports before FC kills it. */
  deadline: Deadline;
  observer: Observer;
}
