// `npm run invoke -- <event.json>`: runs one event file through the bundled function (dist/index.js) configured as
// s.yaml deploys it: s.yaml's environment variables and FC_REGION, each replaced by the same variable when your shell
// sets it. Point it at the local endpoint of `npm run ecs-local` (ECS_ENDPOINT and the AccessKey it prints), or at
// a real account (ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET[/_SECURITY_TOKEN]). Prints the function's log lines and its
// answer; exits 1 when the invocation fails (a rejection, or an HTTP answer of 400 or more).
import { readdirSync } from 'node:fs';
import { fcContext } from './fc-fixtures';
import { loadBundledHandler } from './fc-runtime';
import { functionEnvironment, readSYaml } from './s-yaml';
import { readInputFile, runTool, ToolError } from './tool-error';

const USAGE = 'usage: npm run invoke -- <event.json>';

function sampleEvents(): string {
  try {
    const files = readdirSync('events').filter((file) => file.endsWith('.json'));
    return `the samples: ${files.map((file) => `events/${file}`).join(', ')}`;
  } catch {
    return 'run from the repository root, where events/ holds the samples';
  }
}

function timeoutSeconds(deployedSeconds: number): number {
  const value = process.env.INVOKE_TIMEOUT_SECONDS?.trim();
  if (value === undefined || value === '') return deployedSeconds;
  const seconds = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(seconds >= 1)) throw new ToolError(`INVOKE_TIMEOUT_SECONDS must be a whole number of seconds, not "${value}"`);
  return seconds;
}

/** s.yaml's settings under the shell's, into this process's environment, which the bundle reads on first use. */
function applySYamlEnvironment(): { region: string; timeoutSeconds: number } {
  const deployed = readSYaml(process.env);
  const { environment, fromShell } = functionEnvironment(deployed, process.env);
  Object.assign(process.env, environment);
  const region = environment.FC_REGION ?? deployed.region;
  process.stderr.write(
    `invoke: s.yaml's environment (${Object.keys(environment).length} variables, FC_REGION=${region})` +
      (fromShell.length > 0 ? `, with your shell's ${fromShell.join(', ')}\n` : ', nothing from your shell\n'),
  );
  return { region, timeoutSeconds: timeoutSeconds(deployed.timeoutSeconds) };
}

async function main(): Promise<number> {
  const file = process.argv[2];
  if (file === undefined || process.argv.length > 3) throw new ToolError(`${USAGE}   (${sampleEvents()})`);
  const event = readInputFile(file, sampleEvents());
  const deployed = applySYamlEnvironment();
  // No context credentials: the function falls back to the ALIBABA_CLOUD_ACCESS_KEY_* variables, as outside FC.
  const context = fcContext({ region: deployed.region, timeoutSeconds: deployed.timeoutSeconds });
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

runTool('invoke', main);
