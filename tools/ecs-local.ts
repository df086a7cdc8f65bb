// `npm run ecs-local`: a local ECS endpoint on 127.0.0.1 with a sample fleet in the function's source region (from
// s.yaml, as `npm run invoke` reads it) and yesterday's copies of it in the destinations, so that every file in
// events/ runs against it with `npm run invoke -- events/<file>` and the three variables it prints. Scripted through
// /_local/. Stops on Ctrl-C, SIGTERM, SIGHUP, or when the npm process that started it goes away.
import { type LocalEcs, startLocalEcs } from '../ecs-local';
import { stopWhenAsked } from './process-lifetime';
import { functionEnvironment, readSYaml } from './s-yaml';
import { SAMPLE_FLEET_DESTINATIONS, sampleEarlierCopies, sampleSnapshots } from './sample-snapshots';
import { runTool, ToolError } from './tool-error';

const DEFAULT_PORT = 9100;
const DEFAULT_ACCESS_KEY_ID = 'LTAI-local-example';
const DEFAULT_ACCESS_KEY_SECRET = 'local-example-secret';

function readPort(env: NodeJS.ProcessEnv): number {
  const value = env.PORT?.trim();
  if (value === undefined || value === '') return DEFAULT_PORT;
  const port = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) throw new ToolError(`PORT must be a port number from 1 to 65535 (0: any free port), not "${value}"`);
  return port;
}

/** The source and destination regions the function will use under `npm run invoke`: s.yaml's, or the shell's. */
function functionRegions(): { source: string; destinations: string[] } {
  const { environment } = functionEnvironment(readSYaml(), process.env);
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
    if (code === 'EADDRINUSE') throw new ToolError(`port ${port} is in use: stop the other npm run ecs-local or set PORT`);
    if (code === 'EACCES') throw new ToolError(`port ${port} needs privileges this user lacks: set PORT to 1024 or above`);
    throw error;
  }
}

async function main(): Promise<undefined> {
  const env = process.env;
  const port = readPort(env);
  const accessKeyId = env.LOCAL_ECS_ACCESS_KEY_ID?.trim() || DEFAULT_ACCESS_KEY_ID;
  const accessKeySecret = env.LOCAL_ECS_ACCESS_KEY_SECRET?.trim() || DEFAULT_ACCESS_KEY_SECRET;
  const regions = functionRegions();

  const ecs = await listen(port, accessKeyId, accessKeySecret);
  stopWhenAsked(async (reason) => {
    process.stdout.write(`${reason}: stopping the local ECS endpoint\n`);
    await ecs.close();
    return 0;
  });
  const now = Date.now();
  const sources = sampleSnapshots(now, regions.source).map((sample) => ecs.addSnapshot(sample));
  const copies = sampleEarlierCopies(now, regions.destinations, regions.source).map((sample) => ecs.addSnapshot(sample));

  const lines = [
    `Local ECS (RPC 2014-05-26) listening on ${ecs.url}`,
    '',
    "In another terminal, these three and s.yaml's settings run the function against it:",
    `  export ECS_ENDPOINT=${ecs.url}`,
    `  export ALIBABA_CLOUD_ACCESS_KEY_ID=${accessKeyId}`,
    `  export ALIBABA_CLOUD_ACCESS_KEY_SECRET=${accessKeySecret}`,
    '  npm run invoke -- events/timer.json     (or events/direct.json, http-copy.json, timer-fleet.json)',
    '',
    `Source snapshots in ${regions.source} (s.yaml's region):`,
    ...sources.map(
      (snapshot) =>
        `  ${snapshot.SnapshotId}  ${snapshot.SourceDiskId}  ${snapshot.CreationTime}  ${snapshot.SnapshotType.padEnd(4)}  ${snapshot.Status}`,
    ),
    "Yesterday's copies, within RPO_HOURS until tonight's are done:",
    ...copies.map((copy) => `  ${copy.RegionId.padEnd(14)}  ${copy.SnapshotId}  ${copy.SourceDiskId}  ${copy.Status}`),
    '',
    `Control API (unsigned): GET /_local/snapshots?RegionId=us-east-1, GET /_local/calls,`,
    '  POST /_local/snapshots, POST|DELETE /_local/faults',
    'Ctrl-C to stop.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return undefined;
}

runTool('ecs-local', main);
