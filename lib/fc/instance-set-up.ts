import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../calls/retry';
import { type Configuration, loadConfiguration } from '../config/configuration';
import type { Ecs } from '../ecs/ecs';
import { ConfigurationError } from '../ecs/errors';
import { PopCoreEcs } from '../ecs/pop-core-ecs';
import type { Instance } from '../run/instance';

/** What a test or a tool may replace; FC's instance uses the defaults. */
export interface InstanceOptions {
  env?: Readonly<Record<string, string | undefined>>;
  /** Builds the ECS adapter once the configuration is read; default: pop-core. */
  createEcs?: (configuration: Configuration) => Ecs;
  retryPolicy?: RetryPolicy;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/**
 * The instance, set up by the first invocation that needs it and kept: the configuration is read once, and a broken
 * one fails every invocation, naming the variable, and copies nothing; the ECS adapter (its clients) is built once.
 */
export function instanceSetUp(options: InstanceOptions): () => Instance {
  const env = options.env ?? process.env;
  const createEcs = options.createEcs ?? ((configuration) => new PopCoreEcs(configuration.EcsEndpointTemplate));
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
        instance = { configuration, dependencies: { ...tools, ecs: createEcs(configuration) }, env };
      } catch (error) {
        if (!(error instanceof ConfigurationError)) throw error;
        instance = error;
      }
    }
    if (instance instanceof ConfigurationError) throw instance;
    return instance;
  };
}
