// Fresh `node` processes, timed from spawn to exit by the benchmark's own clock.
import { type ChildProcess, spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import * as z from 'zod/mini';
import { findReport } from './child-report';

export interface TimedRun {
  /** From spawn to the process's exit, as the parent saw it. */
  wallMs: number;
  report: unknown;
  /** Everything the process printed on stdout (the handler's log lines among it). */
  output: string;
}

/** Runs `node <script> ...args` with exactly `env` (no inherited variables, as FC gives a function its own). */
export function runNode(script: string, args: readonly string[], env: Record<string, string>): Promise<TimedRun> {
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    let wallMs = 0;
    const child = spawn(process.execPath, [script, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.once('exit', () => {
      wallMs = performance.now() - startedAt;
    });
    child.once('error', reject);
    child.once('close', (code) => {
      const output = Buffer.concat(stdout).toString('utf8');
      if (code !== 0) {
        reject(new Error(`node ${script} ${args.join(' ')} exited ${String(code)}: ${Buffer.concat(stderr).toString('utf8').trim()}`));
        return;
      }
      resolve({ wallMs, report: findReport(output), output });
    });
  });
}

export interface EcsLocalProcess {
  url: string;
  stop(): Promise<void>;
}

/** Starts a local ECS endpoint script (bench/ecs-local-process.js, bench/fleet-ecs-process.js) with its arguments and
 * waits for its URL. */
export function startEcsLocalProcess(script: string, args: readonly (string | number)[]): Promise<EcsLocalProcess> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [script, ...args.map(String)], { stdio: ['pipe', 'pipe', 'inherit'] });
    let buffered = '';
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the local ECS endpoint exited ${String(code)} before it listened`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const newline = buffered.indexOf('\n');
      if (newline === -1) return;
      const { url } = z.object({ url: z.string() }).parse(JSON.parse(buffered.slice(0, newline)));
      child.removeAllListeners('exit');
      resolve({
        url,
        stop: () =>
          new Promise<void>((done) => {
            child.once('exit', () => done());
            child.stdin?.end();
          }),
      });
    });
  });
}
