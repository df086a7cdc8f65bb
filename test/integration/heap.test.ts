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
 *
 * The two scenarios run at once, each in its own process: the refused port's mostly waits on sockets and timers.
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

function runProbe(endpoint: string, invocations: number, how: 'invalid-host' | 'refused-port', warmUp: number): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--expose-gc', '--no-opt', '--no-sparkplug', probe, endpoint, String(invocations), how],
      { env: { PATH: process.env.PATH ?? '', HEAP_PROBE_WARM_UP: String(warmUp) }, timeout: 170_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`the heap probe failed: ${stderr || error.message}`));
        else resolve(JSON.parse(stdout) as ProbeResult);
      },
    );
  });
}

/** A probe's outcome, kept until its test reads it: a failed probe fails its own test, not the other one's. */
type Settled = { ok: true; result: ProbeResult } | { ok: false; error: unknown };
const settle = (probe: Promise<ProbeResult>): Promise<Settled> =>
  probe.then(
    (result) => ({ ok: true, result }),
    (error: unknown) => ({ ok: false, error }),
  );
async function resultOf(settled: Promise<Settled> | undefined): Promise<ProbeResult> {
  const outcome = await settled;
  if (outcome === undefined) throw new Error('the heap probe did not start');
  if (!outcome.ok) throw outcome.error;
  return outcome.result;
}

describe('an instance whose every invocation fails on its ECS endpoint', () => {
  let invalidHost: Promise<Settled> | undefined;
  let refusedPort: Promise<Settled> | undefined;

  beforeAll(async () => {
    // Warm-ups of 500 and 800 ECS calls: 500 invocations of one call, 100 of eight. What a warm-up leaves to settle
    // does not grow with the invocations measured after it: 1.0 to 1.8 KB after 100 refused-port invocations (0.2 to
    // 1.0 KB after 200, 3 KB after 50), against the bound of 64 KB. A leak grows with the invocations measured, which
    // are what they were with warm-ups of 500: the object kept per ECS call above grows the refused port's heap by
    // 104 KB over its 300 invocations (2,400 calls) after a warm-up of 100 (tried by hand), the .invalid host's by 125 KB.
    invalidHost = settle(runProbe('http://ecs.{RegionId}.invalid', 3000, 'invalid-host', 500));
    refusedPort = settle(runProbe(`http://127.0.0.1:${await closedPort()}`, 300, 'refused-port', 100));
  });

  it('keeps its heap flat over 3,000 invocations against a host that cannot resolve (.invalid)', async () => {
    const result = await resultOf(invalidHost);

    expect(result.lastOutcome).toBe('EcsNameNotResolved');
    expect(result.invocations).toBe(3000);
    expect(result.growth).toBeLessThan(HEAP_BOUND_BYTES);
  }, 180_000);

  it('keeps its heap flat over 300 invocations of 8 retried calls each against a loopback port that refuses', async () => {
    const result = await resultOf(refusedPort);

    expect(result.lastOutcome).toBe('EcsUnreachable');
    expect(result.growth).toBeLessThan(HEAP_BOUND_BYTES);
  }, 180_000);
});
