import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createHandler } from '../../functions/copy-snapshot/index';
import { DESTINATION_REGION, SOURCE_REGION } from './context';

/** What FC runs: `npm run build` (which `npm test` runs before jest) makes it. */
export const BUNDLE = join(__dirname, '..', '..', 'dist', 'index.js');

/** For a `beforeAll`: a suite that kills the bundle fails at once, saying how to build it, when it is missing. */
export function requireBundle(): void {
  if (!existsSync(BUNDLE)) throw new Error('dist/index.js is missing: run `npm run build` (npm test does it first)');
}

/** One source, one destination and a pace that never waits: the environment of a killed instance and of the
 * instances FC starts after it. */
export const INSTANCE_ENV: Record<string, string> = {
  SOURCE_REGION_ID: SOURCE_REGION,
  DESTINATION_REGION_ID: DESTINATION_REGION,
  API_CALLS_PER_MINUTE: '1000',
};

/** What the function logged and answered, kept for the check that no secret reached it. */
export interface SeenOutput {
  logs: string[];
  outputs: string[];
}

/**
 * The next instance FC starts, in this process: the function with INSTANCE_ENV against the endpoint at `ecsUrl`,
 * its log lines and answer kept in `seen`; on `clock` (its `now` and `sleep`) when given, else in real time.
 */
export async function runInProcess(
  ecsUrl: string,
  event: Buffer,
  context: object,
  seen: SeenOutput,
  clock?: { now: () => number; sleep: (ms: number) => Promise<void> },
): Promise<unknown> {
  const handler = createHandler({
    env: { ECS_ENDPOINT: ecsUrl, ...INSTANCE_ENV },
    logSink: (line) => seen.logs.push(line),
    ...(clock !== undefined ? { now: clock.now, sleep: clock.sleep } : {}),
  });
  const answer = await handler(event, context);
  seen.outputs.push(JSON.stringify(answer));
  return answer;
}

/**
 * The bundle FC runs, invoked once with `event` and `context` in its own Node process against the ECS endpoint at
 * `ecsUrl`, which the test can kill as FC kills an instance (at its timeout, or when it crashes).
 */
export function startInstance(ecsUrl: string, event: Buffer, context: object, env: Record<string, string>) {
  const script = `
    const { handler } = require(${JSON.stringify(BUNDLE)});
    handler(Buffer.from(process.env.EVENT, 'base64'), JSON.parse(process.env.CONTEXT)).then(
      (result) => process.stdout.write('RESULT ' + JSON.stringify(result) + '\\n'),
      (error) => process.stdout.write('REJECTED ' + error.message + '\\n'),
    );
  `;
  const child = spawn(process.execPath, ['-e', script], {
    env: { PATH: process.env.PATH, ECS_ENDPOINT: ecsUrl, ...env, CONTEXT: JSON.stringify(context), EVENT: event.toString('base64') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString('utf8');
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  return {
    /** SIGKILL, as FC stops an instance at its timeout or when it crashes: no handler, no last log line. */
    kill: async () => {
      child.kill('SIGKILL');
      return exited;
    },
    output: () => output,
  };
}

/** Waits, in real time, until `condition` holds; fails naming `what` after `timeoutMs`. */
export async function until(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
