// `npm run invoke -- [--live] <event.json>`: runs one event file through the bundled function (dist/index.js)
// configured as s.yaml deploys it: s.yaml's environment variables and FC_REGION, each replaced by the same variable
// when your shell sets it. It calls the `npm run ecs-local` it finds running on this machine (ecs-target.ts), or a
// real account only when asked with --live; its first line names the endpoint and the AccessKey (masked). Prints the
// function's log lines and its answer; exits 1 when the invocation fails (a rejection, or an HTTP answer of 400 or
// more) or when it refuses to run.
import { readdirSync } from 'node:fs';
import { chooseEcsTarget, describeTarget, type EcsTarget } from './ecs-target';
import { fcContext } from './fc-fixtures';
import { loadBundledHandler } from './fc-runtime';
import { readJsonFile } from './input-file';
import { functionEnvironment, readSYaml } from './s-yaml';
import { runTool, ToolError } from './tool-error';

const USAGE = 'usage: npm run invoke -- [--live] <event.json>';

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

interface Applied {
  region: string;
  timeoutSeconds: number;
  /** Describes what was applied, for the line after the endpoint's. */
  line: string;
  environment: Record<string, string>;
}

/** s.yaml's settings under the shell's, as the bundle will read them. */
function sYamlEnvironment(): Applied {
  const deployed = readSYaml(process.env);
  const { environment, fromShell } = functionEnvironment(deployed, process.env);
  const region = environment.FC_REGION ?? deployed.region;
  const line =
    `invoke: s.yaml's environment (${Object.keys(environment).length} variables, FC_REGION=${region})` +
    (fromShell.length > 0 ? `, with your shell's ${fromShell.join(', ')}` : ', nothing from your shell');
  return { region, timeoutSeconds: timeoutSeconds(deployed.timeoutSeconds), line, environment };
}

/** The endpoint and key the function will use, put where it reads them (the environment, as outside FC). */
function pointAt(target: EcsTarget, environment: Record<string, string>): void {
  Object.assign(process.env, environment, {
    ...(target.kind === 'local' ? { ECS_ENDPOINT: target.endpoint } : {}),
    ALIBABA_CLOUD_ACCESS_KEY_ID: target.key.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: target.key.accessKeySecret,
  });
  if (target.key.securityToken === undefined) delete process.env.ALIBABA_CLOUD_SECURITY_TOKEN;
  else process.env.ALIBABA_CLOUD_SECURITY_TOKEN = target.key.securityToken;
}

function parseArguments(args: readonly string[]): { file: string; live: boolean } {
  const live = args.includes('--live');
  const rest = args.filter((arg) => arg !== '--live');
  const [file] = rest;
  if (file === undefined || rest.length > 1 || file.startsWith('--')) throw new ToolError(`${USAGE}   (${sampleEvents()})`);
  return { file, live };
}

async function main(): Promise<number> {
  const { file, live } = parseArguments(process.argv.slice(2));
  const event = readJsonFile(file, sampleEvents()).bytes;
  const applied = sYamlEnvironment();
  const target = await chooseEcsTarget({
    configuredEndpoint: applied.environment.ECS_ENDPOINT,
    sourceRegionId: applied.environment.SOURCE_REGION_ID || applied.region,
    live,
    env: process.env,
  });
  process.stderr.write(`invoke: ${describeTarget(target)}\n${applied.line}\n`);
  pointAt(target, applied.environment);
  // No context credentials: the function falls back to the ALIBABA_CLOUD_ACCESS_KEY_* variables, as outside FC.
  const context = fcContext({ region: applied.region, timeoutSeconds: applied.timeoutSeconds });
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
