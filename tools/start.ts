// `npm start`: the main job, with no cloud account. Starts the local ECS endpoint with a sample fleet, configures
// the bundled function as s.yaml deploys it, and runs the sample events through dist/index.js, printing the log
// lines (what SLS shows) and the answers (what FC returns) a user would see.
import { readFileSync } from 'node:fs';
import { type LocalEcs, startLocalEcs } from '../ecs-local';
import { type FcHandler, fcContext, loadBundledHandler, readSYaml } from './fc-runtime';
import { sampleSnapshots } from './sample-snapshots';

const CREDENTIALS = {
  accessKeyId: 'STS.local-demo-key',
  accessKeySecret: 'local-demo-secret',
  securityToken: 'local-demo-sts-token',
};

const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);

function heading(text: string): void {
  process.stdout.write(`\n${bold(`== ${text}`)}\n`);
}

async function run(handler: FcHandler, event: Buffer, context: object): Promise<void> {
  try {
    const result = await handler(event, context);
    const response = result as { statusCode?: number; body?: string; Summary?: unknown };
    if (typeof response.statusCode === 'number' && typeof response.body === 'string') {
      process.stdout.write(`-> HTTP ${response.statusCode} ${response.body}\n`);
    } else if (response.Summary !== undefined) {
      process.stdout.write(`-> resolved with the run's report; its Summary: ${JSON.stringify(response.Summary)}\n`);
    } else {
      process.stdout.write(`-> resolved ${JSON.stringify(result)}\n`);
    }
  } catch (error) {
    process.stdout.write(`-> rejected (FC counts the invocation failed): ${error instanceof Error ? error.message : String(error)}\n`);
  }
}

function withBody(httpEvent: Buffer, body: unknown): Buffer {
  const event = JSON.parse(httpEvent.toString('utf8')) as Record<string, unknown>;
  return Buffer.from(JSON.stringify({ ...event, body: JSON.stringify(body) }));
}

/** The sample HTTP event sent to POST /restore-drills instead of POST /copies. */
function drillRequest(httpEvent: Buffer, body: unknown): Buffer {
  const event = JSON.parse(httpEvent.toString('utf8')) as { requestContext: { http: Record<string, unknown> } };
  const requestContext = { ...event.requestContext, http: { ...event.requestContext.http, path: '/restore-drills' } };
  return Buffer.from(JSON.stringify({ ...event, rawPath: '/restore-drills', requestContext, body: JSON.stringify(body) }));
}

function listCopies(ecs: LocalEcs, regions: readonly string[]): void {
  for (const region of regions) {
    for (const copy of ecs.snapshots(region)) {
      const tags = copy.Tags.Tag.map((tag) => `${tag.TagKey}=${tag.TagValue}`).join(',');
      process.stdout.write(
        `  ${region}  ${copy.SnapshotId}  from ${copy.SourceSnapshotId ?? '?'}  ${copy.SnapshotName}  ${copy.Status} ${copy.Progress}  RetentionDays=${copy.RetentionDays ?? '-'}  tags ${tags}\n`,
      );
    }
  }
}

async function main(): Promise<void> {
  const deployed = readSYaml();
  const ecs = await startLocalEcs({ credentials: [CREDENTIALS], copyDurationMs: 3_000, diskCreateDurationMs: 2_000 });
  try {
    for (const sample of sampleSnapshots(Date.now())) ecs.addSnapshot(sample);
    // The function as s.yaml configures it, pointed at the local endpoint instead of ecs.<region>.aliyuncs.com.
    Object.assign(process.env, deployed.environment, { FC_REGION: deployed.region, ECS_ENDPOINT: ecs.url });
    process.stdout.write(
      `Local ECS endpoint on ${ecs.url}; the function runs from dist/index.js with s.yaml's settings:\n` +
        Object.entries(deployed.environment)
          .filter(([, value]) => value !== '')
          .map(([key, value]) => `  ${key}=${value}\n`)
          .join(''),
    );
    const handler = loadBundledHandler();
    const context = () => fcContext({ region: deployed.region, timeoutSeconds: deployed.timeoutSeconds, credentials: CREDENTIALS });
    const timer = readFileSync('events/timer.json');
    const http = readFileSync('events/http-copy.json');

    heading('1. The timer trigger fires (events/timer.json)');
    await run(handler, timer, context());

    heading('2. FC delivers the same timer event again: the copy is found by its provenance tags, not made twice');
    await run(handler, timer, context());

    heading('3. POST /copies over the HTTP trigger (events/http-copy.json)');
    await run(handler, http, context());

    heading('4. POST /copies with a misspelt field: refused before any ECS call');
    await run(handler, withBody(http, { SnapshotId: 's-bp1demo7snapshot0004', RetentionDay: 7 }), context());

    heading('4b. POST /copies to a region the operator did not open to HTTP callers (CALLER_DESTINATION_REGIONS): 403');
    await run(handler, withBody(http, { SnapshotId: 's-bp1demo7snapshot0004', DestinationRegionId: 'ap-southeast-1' }), context());

    heading('5. ECS throttles the first attempt: the function backs off and retries with the same ClientToken');
    ecs.injectFault({ Action: 'CopySnapshot', fault: { kind: 'throttle' } });
    await run(handler, withBody(http, { SnapshotId: 's-bp1demo7snapshot0004' }), context());

    heading('6. A source snapshot still being created: not-ready, the timer invocation fails so FC retries later');
    await run(
      handler,
      Buffer.from(JSON.stringify({ ...JSON.parse(timer.toString('utf8')), payload: '{"SnapshotId":"s-bp1demo7snapshot0009"}' })),
      context(),
    );

    heading('7. A snapshot that does not exist: not-found, with the ECS error code and what to do in the log line');
    await run(handler, withBody(http, { SnapshotId: 's-bp1demo7snapshot0404' }), context());

    heading('8. A daily fleet timer (events/timer-fleet.json): every disk of an instance, to two regions');
    process.stdout.write(
      '   (the first copy of s-bp1demo7snapshot0001 to us-east-1 exists already; the disks have no finished copy yet, so the run reports them outside RPO and fails, for FC to alert)\n',
    );
    const fleet = readFileSync('events/timer-fleet.json');
    await run(handler, fleet, context());

    const regions = ['us-east-1', 'eu-central-1'];
    heading('Copies in the destination regions now (one per source and destination, none twice)');
    listCopies(ecs, regions);
    await new Promise((resolve) => setTimeout(resolve, 3_200));
    heading('... and three seconds later, when ECS has finished them');
    listCopies(ecs, regions);

    const fleetRun = (triggerTime: string) =>
      Buffer.from(JSON.stringify({ ...(JSON.parse(fleet.toString('utf8')) as object), triggerTime }));
    heading("9. The next fleet run: it copies what had to wait for its disk's earlier copy, and finds the rest");
    await run(handler, fleetRun('2026-11-28T19:00:00Z'), context());
    await new Promise((resolve) => setTimeout(resolve, 3_200));

    heading('10. Once that copy is done: every disk within RPO, and the run succeeds');
    await run(handler, fleetRun('2026-11-29T19:00:00Z'), context());

    heading('11. POST /restore-drills: a disk of the instance restored from its newest copy in us-east-1, timed, deleted');
    await run(handler, drillRequest(http, { InstanceIds: ['i-bp1demo7instance0001'], DestinationRegionId: 'us-east-1' }), context());
    process.stdout.write(`   drill disks left in us-east-1: ${ecs.disks('us-east-1').length}\n`);

    heading('12. The fleet timer with "KeepCopies": 1: the older copy of each disk is deleted, the newest kept');
    const fleetPayload = JSON.parse(String((JSON.parse(fleet.toString('utf8')) as { payload: string }).payload)) as object;
    await run(
      handler,
      Buffer.from(
        JSON.stringify({
          ...(JSON.parse(fleet.toString('utf8')) as object),
          triggerTime: '2026-11-30T19:00:00Z',
          payload: JSON.stringify({ ...fleetPayload, KeepCopies: 1 }),
        }),
      ),
      context(),
    );
    listCopies(ecs, regions);
    process.stdout.write(`\n${ecs.calls.length} ECS calls in all, every one signed and sent as POST.\n`);
  } finally {
    await ecs.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`npm start failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
