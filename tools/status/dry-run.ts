// The function's own code path, run as a dry run: the same handler FC runs (functions/copy-snapshot/index.ts), fed a
// direct event with `"DryRun": true`, its log lines captured instead of written, and its ECS adapter made read-only.
// A dry run lists snapshots and plans; it calls nothing but DescribeSnapshots.
import { randomUUID } from 'node:crypto';
import { createHandler } from '../../functions/copy-snapshot/index';
import { type Configuration, loadConfiguration } from '../../lib/config/configuration';
import type { Ecs } from '../../lib/ecs/ecs';
import { PopCoreEcs } from '../../lib/ecs/pop-core-ecs';
import { readOnlyEcs } from './read-only-ecs';

export interface DryRunInput {
  env: Readonly<Record<string, string | undefined>>;
  /** The function's region (FC's context.region). */
  region: string;
  timeoutSeconds: number;
  /** The request the timer would send; DryRun is set on it. */
  request: Record<string, unknown>;
  now?: () => number;
}

export interface DryRunOutput {
  lines: string[];
  /** The invocation's answer (a fleet's RunReport), when it resolved. */
  answer: unknown;
  /** The invocation's rejection message, when it rejected (a copy failed, or the run could not list). */
  rejection: string | undefined;
  configuration: Configuration;
  /** The adapter the dry run used, read-only, for looking copies up afterwards. */
  ecs: Ecs;
}

/** Throws a ConfigurationError naming the variable when the configuration is broken; nothing is called then. */
export async function dryRun(input: DryRunInput): Promise<DryRunOutput> {
  const configuration = loadConfiguration(input.env);
  const ecs = readOnlyEcs(new PopCoreEcs(configuration.EcsEndpointTemplate));
  const lines: string[] = [];
  const handler = createHandler({
    env: input.env,
    createEcs: () => ecs,
    logSink: (line) => lines.push(line),
    ...(input.now ? { now: input.now } : {}),
  });
  const event = Buffer.from(JSON.stringify({ ...input.request, DryRun: true }));
  // No credentials in the context: outside FC the function reads ALIBABA_CLOUD_ACCESS_KEY_* from the environment.
  const context = {
    requestId: `status-${randomUUID()}`,
    region: input.region,
    function: { name: 'snapshot-copy', handler: 'index.handler', memory: 128, timeout: input.timeoutSeconds },
  };
  try {
    const answer = await handler(event, context);
    return { lines, answer, rejection: undefined, configuration, ecs };
  } catch (error) {
    return { lines, answer: undefined, rejection: error instanceof Error ? error.message : String(error), configuration, ecs };
  }
}
