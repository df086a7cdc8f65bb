// `npm run ecs-local`: a local ECS endpoint on 127.0.0.1 with a sample fleet in the function's source region (from
// s.yaml, as `npm run invoke` reads it) and yesterday's copies of it in the destinations, so that every file in
// events/ runs against it with `npm run invoke -- events/<file>`, which finds it on its port (tools/ecs-target.ts).
// `npm run trigger-local` (`--http-trigger`) also serves the bundled function behind a local HTTP trigger that checks
// FC's signature, for `npm run call`. Scripted through /_local/. Stops on Ctrl-C, SIGTERM, SIGHUP, or when the npm
// process that started it goes away.
import { type LocalEcs, startLocalEcs } from '../ecs-local';
import { LOCAL_ECS_DEFAULT_PORT } from './ecs-target';
import { fcContext } from './fc-fixtures';
import { loadBundledHandler } from './fc-runtime';
import { type LocalHttpTrigger, startLocalHttpTrigger } from './local-http-trigger';
import { stopWhenAsked } from './process-lifetime';
import { functionEnvironment, readSYaml } from './s-yaml';
import { SAMPLE_FLEET_DESTINATIONS, sampleEarlierCopies, sampleSnapshots } from './sample-snapshots';
import { runTool, ToolError } from './tool-error';

const DEFAULT_TRIGGER_PORT = 9200;
const DEFAULT_ACCESS_KEY_ID = 'LTAI-local-example';
const DEFAULT_ACCESS_KEY_SECRET = 'local-example-secret';

function readPort(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = env[name]?.trim();
  if (value === undefined || value === '') return fallback;
  const port = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(port >= 0 && port <= 65535))
    throw new ToolError(`${name} must be a port number from 1 to 65535 (0: any free port), not "${value}"`);
  return port;
}

function portOf(url: string): number {
  return Number(new URL(url).port);
}

/** The function's environment under `npm run invoke`: s.yaml's, each variable replaced by the shell's. */
function invokeEnvironment(): Record<string, string> {
  return functionEnvironment(readSYaml(), process.env).environment;
}

/** The source and destination regions the function will use under `npm run invoke`. */
function functionRegions(environment: Record<string, string>): { source: string; destinations: string[] } {
  const source = environment.SOURCE_REGION_ID?.trim() || environment.FC_REGION || '';
  const configured = (environment.DESTINATION_REGION_ID ?? '')
    .split(',')
    .map((region) => region.trim())
    .filter((region) => region !== '');
  return { source, destinations: [...new Set([...configured, ...SAMPLE_FLEET_DESTINATIONS])].filter((region) => region !== source) };
}

async function listen(port: number, accessKeyId: string, accessKeySecret: string): Promise<LocalEcs> {
  try {
    return await startLocalEcs({ credentials: [{ accessKeyId, accessKeySecret }], port });
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
    if (code === 'EADDRINUSE')
      throw new ToolError(`port ${port} is in use: stop the other npm run ecs-local (or trigger-local) or set PORT`);
    if (code === 'EACCES') throw new ToolError(`port ${port} needs privileges this user lacks: set PORT to 1024 or above`);
    throw error;
  }
}

/**
 * The bundled function behind a local HTTP trigger, configured as `npm run invoke` configures it and calling this
 * endpoint; FC passes the function role's credentials in the context, here the local key.
 */
async function serveHttpTrigger(
  ecs: LocalEcs,
  environment: Record<string, string>,
  key: { accessKeyId: string; accessKeySecret: string },
): Promise<LocalHttpTrigger> {
  Object.assign(process.env, environment, { ECS_ENDPOINT: ecs.url });
  const handler = loadBundledHandler();
  const deployed = readSYaml(process.env);
  const port = readPort(process.env, 'TRIGGER_PORT', DEFAULT_TRIGGER_PORT);
  try {
    return await startLocalHttpTrigger({
      keys: [key],
      discoverableKey: key,
      port,
      invoke: (event) =>
        handler(
          event,
          fcContext({ region: environment.FC_REGION ?? deployed.region, timeoutSeconds: deployed.timeoutSeconds, credentials: key }),
        ),
    });
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
    if (code === 'EADDRINUSE') throw new ToolError(`port ${port} is in use: stop the other npm run trigger-local or set TRIGGER_PORT`);
    throw error;
  }
}

async function main(): Promise<undefined> {
  const env = process.env;
  const withTrigger = process.argv.slice(2).includes('--http-trigger');
  const port = readPort(env, 'PORT', LOCAL_ECS_DEFAULT_PORT);
  const accessKeyId = env.LOCAL_ECS_ACCESS_KEY_ID?.trim() || DEFAULT_ACCESS_KEY_ID;
  const accessKeySecret = env.LOCAL_ECS_ACCESS_KEY_SECRET?.trim() || DEFAULT_ACCESS_KEY_SECRET;
  const environment = invokeEnvironment();
  const regions = functionRegions(environment);

  const ecs = await listen(port, accessKeyId, accessKeySecret);
  let trigger: LocalHttpTrigger | undefined;
  stopWhenAsked(async (reason) => {
    process.stdout.write(`${reason}: stopping the local ECS endpoint${trigger ? ' and HTTP trigger' : ''}\n`);
    await trigger?.close();
    await ecs.close();
    return 0;
  });
  try {
    trigger = withTrigger ? await serveHttpTrigger(ecs, environment, { accessKeyId, accessKeySecret }) : undefined;
  } catch (error) {
    await ecs.close();
    throw error;
  }
  const now = Date.now();
  const sources = sampleSnapshots(now, regions.source).map((sample) => ecs.addSnapshot(sample));
  const copies = sampleEarlierCopies(now, regions.destinations, regions.source).map((sample) => ecs.addSnapshot(sample));

  const onDefaultPort = portOf(ecs.url) === LOCAL_ECS_DEFAULT_PORT;
  const lines = [
    `Local ECS (RPC 2014-05-26) listening on ${ecs.url}`,
    ...(trigger ? [`Local HTTP trigger (authType function: FC's signature checked) on ${trigger.url}, running dist/index.js`] : []),
    '',
    onDefaultPort
      ? 'In another terminal, in this folder (npm run invoke finds this endpoint on its port; nothing to export):'
      : `In another terminal (not the default port ${LOCAL_ECS_DEFAULT_PORT}, so say where it is):`,
    ...(onDefaultPort ? [] : [`  export ECS_ENDPOINT=${ecs.url}`]),
    '  npm run invoke -- events/timer.json     (or events/direct.json, http-copy.json, timer-fleet.json)',
    ...(trigger
      ? [
          `  npm run call -- POST ${trigger.url}/copies events/http-body.json`,
          `  (npm run call signs with the key this trigger accepts, ${accessKeyId}, found on its port)`,
        ]
      : []),
    '',
    `Source snapshots in ${regions.source} (s.yaml's region):`,
    ...sources.map(
      (snapshot) =>
        `  ${snapshot.SnapshotId}  ${snapshot.SourceDiskId}  ${snapshot.CreationTime}  ${snapshot.SnapshotType.padEnd(4)}  ${snapshot.Status}`,
    ),
    "Yesterday's copies, within RPO_HOURS until tonight's are done:",
    ...copies.map((copy) => `  ${copy.RegionId.padEnd(14)}  ${copy.SnapshotId}  ${copy.SourceDiskId}  ${copy.Status}`),
    '',
    `AccessKey it accepts: ${accessKeyId} / ${accessKeySecret} (LOCAL_ECS_ACCESS_KEY_ID, _SECRET)`,
    `Control API (unsigned, this machine only): GET /_local/snapshots?RegionId=us-east-1, GET /_local/calls,`,
    '  GET /_local/endpoint, POST /_local/snapshots, POST|DELETE /_local/faults',
    'Ctrl-C to stop.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return undefined;
}

runTool('ecs-local', main);
