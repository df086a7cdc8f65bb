import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** What FC runs: `npm run build` (which `npm test` runs before jest) makes it. */
export const BUNDLE = join(__dirname, '..', '..', 'dist', 'index.js');

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
