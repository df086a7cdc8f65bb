/**
 * Run in its own `node --expose-gc` process by test/integration/heap.test.ts (bundled there with esbuild): one FC
 * instance (one handler) invoked many times against an ECS endpoint that fails at once, the heap measured after full
 * garbage collections before and after. Prints one JSON line: the heap figures and how the invocations ended.
 *
 * argv: <endpoint template> <invocations> <how: 'invalid-host' | 'refused-port'>
 */
import dns from 'node:dns';
import { createHandler } from '../../functions/copy-snapshot/index';
import { CANARY_CREDENTIALS, fcContext } from '../../tools/fc-fixtures';

const [endpoint = '', countText = '3000', how = 'invalid-host'] = process.argv.slice(2);
const invocations = Number(countText);
/** Invocations before the first measure: pop-core loaded, the client built, V8's caches and pools at their size. */
const WARM_UP = Number(process.env.HEAP_PROBE_WARM_UP ?? '1000');

if (how === 'invalid-host') {
  // RFC 6761: a name under .invalid never resolves. Answered here, at once, as a resolver answers it, so that nothing
  // goes to the machine's DNS server (none may be reachable) and each failure takes no time.
  const lookup = dns.lookup;
  Object.assign(dns, {
    lookup: (hostname: string, ...rest: unknown[]) => {
      const callback = rest.at(-1);
      if (typeof callback === 'function' && hostname.endsWith('.invalid')) {
        const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
        process.nextTick(() => callback(error));
        return;
      }
      return Reflect.apply(lookup, dns, [hostname, ...rest]);
    },
  });
}

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');

/** The heap after full collections, once a collection frees nothing more (the first ones still free what the last
 * invocation's timers and sockets let go of on the next turns of the event loop). */
async function settledHeap(): Promise<number> {
  let used = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 20; round++) {
    await new Promise((resolve) => setImmediate(resolve));
    gc?.();
    const now = process.memoryUsage().heapUsed;
    if (now >= used) return used;
    used = now;
  }
  return used;
}

async function main(): Promise<void> {
  const handler = createHandler({
    env: {
      ECS_ENDPOINT: endpoint,
      DESTINATION_REGION_ID: 'us-east-1',
      API_CALLS_PER_MINUTE: '1000',
    },
    logSink: () => {},
    // Full jitter with random() = 0: every retry waits 0 ms on a real timer, so the retry path runs, fast.
    random: () => 0,
  });
  const codes = new Map<string, number>();
  const invoke = async (n: number) => {
    const event = Buffer.from(
      JSON.stringify({
        triggerTime: '2026-11-27T19:00:00Z',
        triggerName: 'daily-copy',
        payload: JSON.stringify({ SnapshotId: 's-bp1heapprobe0001' }),
      }),
    );
    const context = fcContext({ requestId: `heap-${n}`, region: 'cn-hangzhou', credentials: CANARY_CREDENTIALS, timeoutSeconds: 30 });
    try {
      await handler(event, context);
      codes.set('resolved', (codes.get('resolved') ?? 0) + 1);
    } catch (error) {
      const code = /^CopySnapshotFailed: (\S+)/.exec(String(error))?.[1] ?? 'other';
      codes.set(code, (codes.get(code) ?? 0) + 1);
    }
  };
  // Warm up: the first invocations load pop-core, build the client, fill V8's caches.
  for (let n = 0; n < WARM_UP; n++) await invoke(n);
  const before = await settledHeap();
  const started = Date.now();
  for (let n = 0; n < invocations; n++) await invoke(n);
  const elapsedMs = Date.now() - started;
  const after = await settledHeap();
  codes.clear();
  await invoke(-1);
  process.stdout.write(
    `${JSON.stringify({ before, after, growth: after - before, invocations, elapsedMs, lastOutcome: [...codes.keys()][0] })}\n`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
