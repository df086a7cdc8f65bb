import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../calls/retry';
import { type Configuration, loadConfiguration } from '../config/configuration';
import type { Ecs } from '../ecs/ecs';
import type { EcsDisks } from '../ecs/ecs-disks';
import { PopCoreEcs } from '../ecs/pop-core-ecs';
import { ConfigurationError } from '../failures/errors';
import type { Instance } from './instance';

/** What a test or a tool may replace; FC's instance uses the defaults. */
export interface InstanceOptions {
  env?: Readonly<Record<string, string | undefined>>;
  /** Builds the ECS adapter once the configuration is read; default: pop-core. */
  createEcs?: (configuration: Configuration) => Ecs;
  /**
   * Builds the adapter of restore drills' and KeepCopies' calls, when the first of them runs; default: pop-core, over
   * the same clients as the default ECS adapter.
   */
  createEcsDisks?: (configuration: Configuration) => EcsDisks;

  retryPolicy?: RetryPolicy;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/**
 * The instance, set up by the first invocation that needs it and kept: the configuration is read once, and a broken
 * one fails every invocation, naming the variable, and copies nothing; the ECS adapters (their clients) are built
 * once, the disk calls' sharing the copy calls' clients. The disk calls' adapter is built by the first drill or
 * KeepCopies run, which loads dist/on-demand.js: a copy run loads neither.
 */
export function instanceSetUp(
  options: InstanceOptions,
  /** The default disk adapter over the copy adapter's clients: the entry loads it from dist/on-demand.js on first use. */
  popCoreEcsDisks: (ecs: PopCoreEcs) => EcsDisks,
): () => Instance {
  const env = options.env ?? process.env;
  const tools = {
    retryPolicy: options.retryPolicy ?? DEFAULT_RETRY_POLICY,
    random: options.random ?? Math.random,
    sleep: options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
    now: options.now ?? Date.now,
  };
  let instance: Instance | ConfigurationError | undefined;
  return () => {
    if (instance === undefined) {
      try {
        const configuration = loadConfiguration(env);
        let popCore: PopCoreEcs | undefined;
        const shared = () => (popCore ??= new PopCoreEcs(configuration.EcsEndpointTemplate));
        let disks: EcsDisks | undefined;
        instance = {
          configuration,
          dependencies: { ...tools, ecs: options.createEcs?.(configuration) ?? shared() },
          disks: () => (disks ??= options.createEcsDisks?.(configuration) ?? popCoreEcsDisks(shared())),
          env,
        };
      } catch (error) {
        if (!(error instanceof ConfigurationError)) throw error;
        instance = error;
      }
    }
    if (instance instanceof ConfigurationError) throw instance;
    return instance;
  };
}
