// The function's own code path, run as a dry run: the same handler FC runs (functions/copy-snapshot/index.ts), fed a
// direct event with `"DryRun": true`, its log lines captured instead of written, and its ECS adapters (the copy
// calls' and the disk calls') made read-only. A dry run lists snapshots and plans; it calls nothing but
// DescribeSnapshots (and DescribeLockedSnapshots, with LOCK_DAYS), and anything else is refused before it leaves the
// process.
import { randomUUID } from 'node:crypto';
import { createHandler } from '../../functions/copy-snapshot/index';
import { type Configuration, loadConfiguration } from '../../lib/config/configuration';
import type { Ecs } from '../../lib/ecs/ecs';
import { PopCoreEcsDisks } from '../../lib/ecs/pop-core-ecs-disks';
import { parseCopyRequest } from '../../lib/request/copy-request';
import { ReadOnlyPopCoreEcs } from './read-only-ecs';

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
  /**
   * The KeepCopies the deployed function would apply (the request's, else KEEP_COPIES), which the dry run left out:
   * what it would delete needs DescribeDisks, which the status may not send (docs/status.md).
   */
  keepCopiesLeftOut: number | undefined;
}

/**
 * KeepCopies taken out of the request and the configuration. KeepCopies never deletes a disk's newest accomplished
 * copy nor anything while a newer copy runs, so it changes nothing the status reports (data age, RPO, running and
 * failed copies); but which older copies it would delete depends on DescribeDisks (a copy a disk was created from is
 * kept), which keys that may only read cannot ask. Left in, it would be refused and show as a failure of a healthy
 * fleet. A request the function would refuse is left as it is, so the status shows that refusal.
 */
function withoutKeepCopies(
  input: DryRunInput,
  configuration: Configuration,
): { env: DryRunInput['env']; request: Record<string, unknown>; keepCopies: number | undefined } {
  let asked: number | undefined;
  try {
    asked = parseCopyRequest(input.request).KeepCopies;
  } catch {
    return { env: { ...input.env, KEEP_COPIES: undefined }, request: input.request, keepCopies: configuration.KeepCopies };
  }
  const { KeepCopies: _leftOut, ...request } = input.request;
  return { env: { ...input.env, KEEP_COPIES: undefined }, request, keepCopies: asked ?? configuration.KeepCopies };
}

/** Throws a ConfigurationError naming the variable when the configuration is broken; nothing is called then. */
export async function dryRun(input: DryRunInput): Promise<DryRunOutput> {
  // The deployed configuration is checked whole (KEEP_COPIES included) before anything is left out of it.
  const configuration = loadConfiguration(input.env);
  const { env, request, keepCopies: keepCopiesLeftOut } = withoutKeepCopies(input, configuration);
  const ecs = new ReadOnlyPopCoreEcs(configuration.EcsEndpointTemplate);
  const lines: string[] = [];
  const handler = createHandler({
    env,
    createEcs: () => ecs,
    createEcsDisks: () => new PopCoreEcsDisks(ecs),
    logSink: (line) => lines.push(line),
    ...(input.now ? { now: input.now } : {}),
  });
  const event = Buffer.from(JSON.stringify({ ...request, DryRun: true }));
  // No credentials in the context: outside FC the function reads ALIBABA_CLOUD_ACCESS_KEY_* from the environment.
  const context = {
    requestId: `status-${randomUUID()}`,
    region: input.region,
    function: { name: 'snapshot-copy', handler: 'index.handler', memory: 128, timeout: input.timeoutSeconds },
  };
  try {
    const answer = await handler(event, context);
    return { lines, answer, rejection: undefined, configuration, ecs, keepCopiesLeftOut };
  } catch (error) {
    const rejection = error instanceof Error ? error.message : String(error);
    return { lines, answer: undefined, rejection, configuration, ecs, keepCopiesLeftOut };
  }
}
