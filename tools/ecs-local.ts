// `npm run ecs-local`: a local ECS endpoint on 127.0.0.1 with a few sample snapshots in cn-hangzhou, so that the
// function can be run against it (`npm run invoke -- events/timer.json` with the printed variables) or scripted
// through /_local/.
import { type LocalEcs, startLocalEcs } from '../ecs-local';
import { SAMPLE_REGION, sampleSnapshots } from './sample-snapshots';

const DEFAULT_PORT = 9100;
const DEFAULT_ACCESS_KEY_ID = 'LTAI-local-example';
const DEFAULT_ACCESS_KEY_SECRET = 'local-example-secret';

function readPort(env: NodeJS.ProcessEnv): number {
  const value = env.PORT?.trim();
  if (value === undefined || value === '') return DEFAULT_PORT;
  const port = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(port >= 1 && port <= 65535)) throw new Error(`Environment variable PORT must be a port number from 1 to 65535, not "${value}"`);
  return port;
}

async function main(): Promise<void> {
  const env = process.env;
  const port = readPort(env);
  const accessKeyId = env.LOCAL_ECS_ACCESS_KEY_ID?.trim() || DEFAULT_ACCESS_KEY_ID;
  const accessKeySecret = env.LOCAL_ECS_ACCESS_KEY_SECRET?.trim() || DEFAULT_ACCESS_KEY_SECRET;

  const ecs: LocalEcs = await startLocalEcs({ credentials: [{ accessKeyId, accessKeySecret }], port });
  const seeded = sampleSnapshots(Date.now()).map((sample) => ecs.addSnapshot(sample));

  const lines = [
    `Local ECS (RPC 2014-05-26) listening on ${ecs.url}`,
    '',
    'To point the function at it:',
    `  export ECS_ENDPOINT=${ecs.url}`,
    `  export ALIBABA_CLOUD_ACCESS_KEY_ID=${accessKeyId}`,
    `  export ALIBABA_CLOUD_ACCESS_KEY_SECRET=${accessKeySecret}`,
    `  export SOURCE_REGION_ID=${SAMPLE_REGION}`,
    '',
    `Snapshots seeded in ${SAMPLE_REGION}:`,
    ...seeded.map(
      (snapshot) =>
        `  ${snapshot.SnapshotId}  ${snapshot.SourceDiskId}  ${snapshot.CreationTime}  ${snapshot.SnapshotType}  ${snapshot.Status}`,
    ),
    '',
    `Control API (unsigned): GET ${ecs.url}/_local/snapshots?RegionId=cn-shanghai, GET ${ecs.url}/_local/calls,`,
    `  POST ${ecs.url}/_local/snapshots, POST|DELETE ${ecs.url}/_local/faults`,
    'Ctrl-C to stop.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: stopping\n`);
    ecs.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`ecs-local: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
