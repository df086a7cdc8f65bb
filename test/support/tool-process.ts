import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

/**
 * The tools as `npm run <tool>` builds them (build/tools/*.js): built before the run by jest's globalSetup
 * (global-setup.ts), so that here the build finds them current and returns at once.
 */
export function buildTools(): void {
  execFileSync(process.execPath, ['esbuild.config.mjs', '--tools'], { cwd: ROOT, stdio: 'ignore' });
}

/** Only what node needs, so that nothing in the test runner's environment reaches the function by accident. */
export function cleanEnvironment(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...extra };
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A process started by a test, with what it printed so far. */
export interface Started {
  child: ChildProcess;
  output: () => { stdout: string; stderr: string };
  /** Resolves with the first match of `pattern` in stdout; rejects if the process exits first. */
  waitFor: (pattern: RegExp) => Promise<RegExpMatchArray>;
  exited: Promise<Finished>;
}

/**
 * Starts a command in a process group of its own, so that a test can send a signal to it alone (as to npm) and
 * still clean up every process it started (`killGroup`).
 */
export function start(command: string, args: readonly string[], env: Record<string, string>): Started {
  const child = spawn(command, args, { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: (match: RegExpMatchArray) => void }[] = [];
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    for (const waiter of [...waiters]) {
      const match = stdout.match(waiter.pattern);
      if (match) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(match);
      }
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<Finished>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return {
    child,
    output: () => ({ stdout, stderr }),
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const match = stdout.match(pattern);
        if (match) return resolve(match);
        waiters.push({ pattern, resolve });
        exited.then(({ code, signal }) =>
          reject(new Error(`exited (${code ?? signal}) before printing ${pattern}:\n${stdout}\n${stderr}`)),
        );
      }),
    exited,
  };
}

/** Ends every process of a group `start` made; a group already gone is fine. */
export function killGroup(started: Started | undefined): void {
  const pid = started?.child.pid;
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** Runs one command to its end. */
export function run(command: string, args: readonly string[], env: Record<string, string>): Promise<Finished> {
  return start(command, args, env).exited;
}

/** Listens on `port` of 127.0.0.1 (0: a free one), as another program holding it would. */
export async function occupyPort(port = 0): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  return { server, port: address.port };
}

export async function freePort(): Promise<number> {
  const { server, port } = await occupyPort();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Whether a new server could listen on the port now. */
export async function portIsFree(port: number): Promise<boolean> {
  try {
    const { server } = await occupyPort(port);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return true;
  } catch {
    return false;
  }
}

/**
 * Waits until the port is free, and says whether it became free: a process that outlives its parent notices within
 * a fraction of a second, so this looks for a few seconds at most. The answer, not the time taken, is asserted.
 */
export async function portFreedSoon(port: number, attempts = 40): Promise<boolean> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (await portIsFree(port)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}
