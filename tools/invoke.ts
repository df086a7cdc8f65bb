// `npm run invoke -- <event.json>`: runs one event file through the bundled function against whatever ECS endpoint
// and credentials the environment names: a real account (ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET[/_SECURITY_TOKEN],
// SOURCE_REGION_ID, DESTINATION_REGION_ID, ...) or the local endpoint of `npm run ecs-local`.
// Exits 1 when the invocation fails (a rejection, or an HTTP answer of 400 or more).
import { readFileSync } from 'node:fs';
import { fcContext } from './fc-fixtures';
import { loadBundledHandler } from './fc-runtime';

async function main(): Promise<number> {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: npm run invoke -- <event.json>   (for example events/timer.json)\n');
    return 2;
  }
  const event = readFileSync(file);
  const timeout = Number(process.env.INVOKE_TIMEOUT_SECONDS ?? '120');
  const context = fcContext({
    region: process.env.FC_REGION ?? process.env.SOURCE_REGION_ID,
    timeoutSeconds: Number.isFinite(timeout) && timeout > 0 ? timeout : 120,
    // No context credentials: the function falls back to the ALIBABA_CLOUD_ACCESS_KEY_* variables, as outside FC.
  });
  const handler = loadBundledHandler();
  try {
    const result = await handler(event, context);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    const status = typeof result === 'object' && result !== null && 'statusCode' in result ? Number(result.statusCode) : 200;
    return status >= 400 ? 1 : 0;
  } catch (error) {
    process.stderr.write(`invocation failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

main().then((code) => process.exit(code));
