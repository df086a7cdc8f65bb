import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

/**
 * One FC instance invoked thousands of times against an ECS endpoint that fails at once keeps its heap flat: nothing
 * of a failed invocation (its clients, sockets, retry timers, listeners, credentials) outlives it. Each scenario runs
 * test/support/heap-probe.ts in its own `node --expose-gc` process and compares the heap after full collections before
 * and after the invocations. The JIT's tiers are off (`--no-opt --no-sparkplug`) so that the optimised code V8 keeps
 * for hot functions, about 0.6 MB over the first 4,000 invocations, is not mistaken for a leak; what is left is what
 * the invocations keep. Measured: under 1 KB over 3,000 invocations. One object of a single field kept per ECS call
 * (pushed onto a global array in PopCoreEcs.request, tried by hand) grows it by 125 KB, twice the bound.
 */
const ROOT = join(__dirname, '..', '..');
const HEAP_BOUND_BYTES = 64 * 1024;

interface ProbeResult {
  before: number;
  after: number;
  growth: number;
  invocations: number;
  elapsedMs: number;
  lastOutcome: string;
}

let workDir: string;
let probe: string;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'heap-probe-'));
  probe = join(workDir, 'heap-probe.js');
  await build({
    entryPoints: [join(ROOT, 'test', 'support', 'heap-probe.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: probe,
    logLevel: 'warning',
  });
});

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

/** A loopback port nothing listens on: one the system just gave out and that was closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function runProbe(endpoint: string, invocations: number, how: 'invalid-host' | 'refused-port'): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--expose-gc', '--no-opt', '--no-sparkplug', probe, endpoint, String(invocations), how],
      { env: { PATH: process.env.PATH ?? '', HEAP_PROBE_WARM_UP: '500' }, timeout: 170_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`the heap probe failed: ${stderr || error.message}`));
        else resolve(JSON.parse(stdout) as ProbeResult);
      },
    );
  });
}

describe('an instance whose every invocation fails on its ECS endpoint', () => {
  it('keeps its heap flat over 3,000 invocations against a host that cannot resolve (.invalid)', async () => {
    const result = await runProbe('http://ecs.{RegionId}.invalid', 3000, 'invalid-host');

    expect(result.lastOutcome).toBe('EcsNameNotResolved');
    expect(result.invocations).toBe(3000);
    expect(result.growth).toBeLessThan(HEAP_BOUND_BYTES);
  }, 180_000);

  it('keeps its heap flat over 300 invocations of 8 retried calls each against a loopback port that refuses', async () => {
    const result = await runProbe(`http://127.0.0.1:${await closedPort()}`, 300, 'refused-port');

    expect(result.lastOutcome).toBe('EcsUnreachable');
    expect(result.growth).toBeLessThan(HEAP_BOUND_BYTES);
  }, 180_000);
});
