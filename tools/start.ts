// `npm start [-- --json]`: the main job, with no cloud account. Starts the local ECS endpoint with a sample fleet,
// configures the bundled function as s.yaml deploys it, and runs the sample events and a few bad days through
// dist/index.js, then a restore drill, a run with KeepCopies, runs that lock the copies (one lock failing, and locked by
// the next run) with the protected RPO beside the copied data's, and a restore of the fleet in the DR region. Tells for each invocation what was asked, what the
// function answered and, from its log lines (what SLS shows), the copies, retries, RPO, drills, deletions and summary
// in tables that fit the terminal's width, 80 columns as well as 100 (tools/story.ts). With --json it prints the raw
// log lines and answers instead, with every character a terminal would act on escaped.
import { type LocalEcs, startLocalEcs } from '../ecs-local';
import { CANARY_CREDENTIALS, fcContext } from './fc-fixtures';
import { type FcHandler, loadBundledHandler } from './fc-runtime';
import { stopWhenAsked } from './process-lifetime';
import { functionEnvironment, readSYaml } from './s-yaml';
import { SAMPLE_FLEET_DESTINATIONS, SAMPLE_INSTANCE_ID, SAMPLE_REGION, sampleEarlierCopies, sampleSnapshots } from './sample-snapshots';
import { type CopyInRegion, type Invocation, type Outcome, renderCopiesInRegions, renderInvocation, storyWidth } from './story';
import { labelled, printable, printableJson, shorten, wrap } from './text-table';
import { readInputFile, runTool, ToolError } from './tool-error';

const COPY_DURATION_MS = 3_000;
const SAMPLE_SYSTEM_DISK = 'd-bp1demo7system00001';

/** The terminal's width, read once: the story is laid out for it. */
const WIDTH = storyWidth(process.stdout, process.env);
const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);
const print = (lines: readonly string[]) => process.stdout.write(`${lines.join('\n')}\n`);

/** How the invocations are shown: as a story for a person, or as the raw lines and answers. */
interface Reporter {
  invocation(invocation: Invocation): void;
  copies(title: string, copies: readonly CopyInRegion[]): void;
}

const storyReporter: Reporter = {
  invocation: (invocation) => {
    const [blank, heading, ...rest] = renderInvocation(invocation, WIDTH);
    print([blank ?? '', bold(heading ?? ''), ...rest]);
  },
  copies: (title, copies) => print(['', bold(shorten(`== ${title}`, WIDTH)), ...renderCopiesInRegions(copies, WIDTH)]),
};

/**
 * One line of output as the function or ECS wrote it, safe for a terminal: JSON keeps its value (DEL, C1 and bidi
 * characters become \u escapes), and a raw control character in a line that is not JSON shows as its picture.
 */
const safeLine = (line: string): string => printable(printableJson(line));

/** The answer as FC returns it: an HTTP status and body, a run's report, or the rejection's message. */
function rawAnswer(outcome: Outcome): string {
  if (outcome.kind === 'rejected') return `-> rejected (FC counts the invocation failed): ${safeLine(outcome.message)}`;
  const response: { statusCode?: unknown; body?: unknown; Summary?: unknown } =
    typeof outcome.value === 'object' && outcome.value !== null ? outcome.value : {};
  if (typeof response.statusCode === 'number' && typeof response.body === 'string')
    return `-> HTTP ${response.statusCode} ${safeLine(response.body)}`;
  if (response.Summary !== undefined)
    return `-> resolved with the run's report; its Summary: ${safeLine(JSON.stringify(response.Summary))}`;
  return `-> resolved ${safeLine(JSON.stringify(outcome.value))}`;
}

const jsonReporter: Reporter = {
  invocation: ({ title, note, logLines, outcome }) =>
    print(['', `== ${title}`, ...(note ? [`   (${note})`] : []), ...logLines.map(safeLine), rawAnswer(outcome)]),
  copies: (title, copies) => print(['', `== ${title}`, ...copies.map((copy) => safeLine(JSON.stringify(copy)))]),
};

/**
 * Runs one invocation the way FC does, keeping what the function writes to stdout (FC sends it to SLS): the
 * function's log lines are the story's source.
 */
async function invoke(handler: FcHandler, event: Buffer, context: object): Promise<{ logLines: string[]; outcome: Outcome }> {
  const written: string[] = [];
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as typeof process.stdout.write;
  let outcome: Outcome;
  try {
    outcome = { kind: 'resolved', value: await handler(event, context) };
  } catch (error) {
    outcome = { kind: 'rejected', message: error instanceof Error ? error.message : String(error) };
  } finally {
    process.stdout.write = write;
  }
  return {
    logLines: written
      .join('')
      .split('\n')
      .filter((line) => line !== ''),
    outcome,
  };
}

const withBody = (httpEvent: Buffer, body: unknown): Buffer => {
  const event = JSON.parse(httpEvent.toString('utf8')) as Record<string, unknown>;
  return Buffer.from(JSON.stringify({ ...event, body: JSON.stringify(body) }));
};
const withFields = (event: Buffer, fields: Record<string, unknown>): Buffer =>
  Buffer.from(JSON.stringify({ ...(JSON.parse(event.toString('utf8')) as object), ...fields }));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The sample HTTP event sent to POST /restore-drills instead of POST /copies. */
const drillRequest = (httpEvent: Buffer, body: unknown): Buffer => {
  const event = JSON.parse(httpEvent.toString('utf8')) as { requestContext: { http: Record<string, unknown> } };
  const requestContext = { ...event.requestContext, http: { ...event.requestContext.http, path: '/restore-drills' } };
  return Buffer.from(JSON.stringify({ ...event, rawPath: '/restore-drills', requestContext, body: JSON.stringify(body) }));
};
/** A timer event whose payload has more fields. */
const withPayloadFields = (timerEvent: Buffer, fields: Record<string, unknown>, triggerTime: string): Buffer => {
  const event = JSON.parse(timerEvent.toString('utf8')) as { payload: string };
  return withFields(timerEvent, { triggerTime, payload: JSON.stringify({ ...(JSON.parse(event.payload) as object), ...fields }) });
};

function copiesIn(ecs: LocalEcs, regions: readonly string[]): CopyInRegion[] {
  return regions.flatMap((RegionId) =>
    ecs.snapshots(RegionId).map((copy) => ({
      RegionId,
      SnapshotId: copy.SnapshotId,
      SourceSnapshotId: copy.SourceSnapshotId,
      Status: copy.Status,
      Progress: copy.Progress,
      RetentionDays: copy.RetentionDays,
      Tags: copy.Tags.Tag.map((tag) => ({ Key: tag.TagKey, Value: tag.TagValue })),
    })),
  );
}

function intro(ecs: LocalEcs, environment: Record<string, string>): string[] {
  const settings = Object.entries(environment)
    .filter(([key, value]) => value !== '' && key !== 'ECS_ENDPOINT')
    .map(([key, value]) => `${key}=${value}`);
  return [
    ...wrap('npm start: the function as deployed, against a local ECS endpoint, with no cloud account', WIDTH).map(bold),
    ...wrap(
      `dist/index.js runs with s.yaml's settings against ${ecs.url}, which holds a sample fleet in ${SAMPLE_REGION}: ` +
        `the two disks of ${SAMPLE_INSTANCE_ID}, each with last night's and the night before's automatic snapshot, ` +
        `and a user snapshot still being made. No copy exists yet. Each step shows what was asked, the answer, and ` +
        `tables made from the function's log lines (npm start -- --json prints the lines themselves).`,
      WIDTH,
    ),
    ...labelled('s.yaml', settings.join(' · '), { indent: 0, labelWidth: 6, width: WIDTH }),
  ];
}

async function main(): Promise<number> {
  const reporter = process.argv.includes('--json') ? jsonReporter : storyReporter;
  const unknown = process.argv.slice(2).filter((argument) => argument !== '--json');
  if (unknown.length > 0) throw new ToolError(`unknown argument ${unknown.join(' ')} (usage: npm start [-- --json])`);
  const deployed = readSYaml({});
  const ecs = await startLocalEcs({ credentials: [CANARY_CREDENTIALS], copyDurationMs: COPY_DURATION_MS });
  stopWhenAsked(async () => {
    await ecs.close();
    return undefined;
  });
  try {
    // One time for the sources and, later, yesterday's copies of them: their provenance tags name the sources' times.
    const seededAt = Date.now();
    // The instance's first disk is its system disk, as ECS lists its snapshots (SourceDiskType): the restore at the end
    // makes an image of it.
    for (const sample of sampleSnapshots(seededAt))
      ecs.addSnapshot({ ...sample, ...(sample.DiskId === SAMPLE_SYSTEM_DISK ? { SourceDiskType: 'system' } : {}) });
    // The function as s.yaml configures it, pointed at the local endpoint instead of ecs.<region>.aliyuncs.com.
    const { environment } = functionEnvironment(deployed, {});
    Object.assign(process.env, environment, { ECS_ENDPOINT: ecs.url });
    if (reporter === storyReporter) print(intro(ecs, environment));
    const handler = loadBundledHandler();
    const context = () => fcContext({ region: deployed.region, timeoutSeconds: deployed.timeoutSeconds, credentials: CANARY_CREDENTIALS });
    const step = async (title: string, event: Buffer, note?: string) =>
      reporter.invocation({ title, event, ...(note ? { note } : {}), ...(await invoke(handler, event, context())) });
    const events = (file: string) => readInputFile(`events/${file}`, 'npm start runs from the repository root');
    const timer = events('timer.json');
    const http = events('http-copy.json');
    const fleet = events('timer-fleet.json');

    await step('1. The timer trigger fires (events/timer.json)', timer);
    await step('2. FC delivers the same timer event again: the copy is found by its tags, not made twice', timer);
    await step('3. POST /copies over the HTTP trigger (events/http-copy.json)', http);
    await step(
      '4. POST /copies with a misspelt field: refused before any ECS call',
      withBody(http, { SnapshotId: 's-bp1demo7snapshot0004', RetentionDay: 7 }),
    );
    await step(
      '5. POST /copies to a region not open to HTTP callers (CALLER_DESTINATION_REGIONS): 403',
      withBody(http, { SnapshotId: 's-bp1demo7snapshot0004', DestinationRegionId: 'ap-southeast-1' }),
    );
    ecs.injectFault({ Action: 'CopySnapshot', fault: { kind: 'throttle' } });
    await step(
      '6. A direct invocation (events/direct.json) while ECS throttles: backed off, retried, one copy',
      events('direct.json'),
      'The retry sends the same ClientToken, so ECS makes the copy once however often it is asked.',
    );
    await step(
      '7. A source snapshot still being made: waiting, and the timer invocation fails for FC to retry',
      withFields(timer, { payload: '{"SnapshotId":"s-bp1demo7snapshot0009"}' }),
    );
    await step('8. A snapshot that does not exist: the ECS code and what to do', withBody(http, { SnapshotId: 's-bp1demo7snapshot0404' }));
    await step(
      '9. The daily fleet timer (events/timer-fleet.json): every disk of an instance, to two regions',
      fleet,
      'us-east-1 has the copies of steps 1 and 3, not finished yet: every disk is outside RPO, so the run fails for FC to alert.',
    );

    const regions = ['us-east-1', 'eu-central-1', 'ap-southeast-1'];
    reporter.copies('The copies in the destinations now: one of each source in each destination, none twice', copiesIn(ecs, regions));
    await sleep(COPY_DURATION_MS + 200);
    reporter.copies('... and three seconds later, when ECS has finished them', copiesIn(ecs, regions));

    await step(
      '10. The next fleet run: every disk within RPO, and the run succeeds',
      withFields(fleet, { triggerTime: '2026-11-28T19:00:00Z' }),
      'The user snapshot still being made waits for a later run; a fleet fails only for a failed copy or a disk outside RPO.',
    );
    await step(
      '11. POST /restore-drills: a disk restored from its newest copy in us-east-1, timed, deleted',
      drillRequest(http, { InstanceIds: [SAMPLE_INSTANCE_ID], DestinationRegionId: 'us-east-1' }),
      "A pay-as-you-go disk of the copy's size, for seconds; its time to Available is the restore's, an RTO figure.",
    );
    print(['', `   drill disks left in us-east-1: ${ecs.disks('us-east-1').length}`]);

    // Yesterday's copies, as an earlier day's run would have left them, so that there is something to prune.
    for (const copy of sampleEarlierCopies(seededAt, SAMPLE_FLEET_DESTINATIONS)) ecs.addSnapshot(copy);
    await step(
      '12. The fleet timer with "KeepCopies": 1: the older copy of each disk is deleted, the newest kept',
      withPayloadFields(fleet, { KeepCopies: 1 }, '2026-11-29T19:00:00Z'),
      "Yesterday's copies were put in both destinations first; only copies with this function's tags are counted.",
    );
    reporter.copies('The copies in the destinations after KeepCopies: 1', copiesIn(ecs, regions));

    // Tonight's snapshots, for copies that are locked as they are made; and one LockSnapshot that ECS refuses.
    for (const [SnapshotId, DiskId, SourceDiskSize] of [
      ['s-bp1demo7snapshot0011', 'd-bp1demo7system00001', 40],
      ['s-bp1demo7snapshot0012', 'd-bp1demo7data0000002', 200],
    ] as const) {
      const CreationTime = new Date(Date.now() - 10 * 60_000).toISOString();
      ecs.addSnapshot({
        RegionId: SAMPLE_REGION,
        SnapshotId,
        DiskId,
        InstanceId: SAMPLE_INSTANCE_ID,
        SnapshotType: 'auto',
        SourceDiskSize,
        CreationTime,
        ...(DiskId === SAMPLE_SYSTEM_DISK ? { SourceDiskType: 'system' as const } : {}),
      });
    }
    ecs.injectFault({
      Action: 'LockSnapshot',
      fault: { kind: 'error', Code: 'Forbidden.RAM', status: 403, Message: 'The role lacks ecs:LockSnapshot.' },
    });
    const locked = { LockDays: 7, LockCoolOffHours: 1 };
    await step(
      '13. The fleet timer with "LockDays": 7 (LOCK_DAYS): every copy locked, the new ones as they are made; one lock fails',
      withPayloadFields(fleet, locked, '2026-11-30T19:00:00Z'),
      'ECS refuses one LockSnapshot (injected): the copy stands, copy-lock-failed says why, and the run fails for FC to alert. ' +
        'The RPO table has the age of the newest locked data beside the copied data: a disk whose newest copy is not locked is outside RPO.',
    );
    await step(
      '14. The next run locks the copy whose lock failed: every disk within RPO by its copied and its locked data',
      withPayloadFields(fleet, locked, '2026-11-30T19:30:00Z'),
      'A copy that has a lock is never sent LockSnapshot again (that would extend its lock), and none is ever unlocked.',
    );
    const locks = SAMPLE_FLEET_DESTINATIONS.map((region) => `${ecs.locks(region).length} in ${region}`).join(', ');
    const unlocks = ecs.calls.filter((call) => call.Action === 'UnlockSnapshot').length;
    print(['', `   locked copies: ${locks}; UnlockSnapshot calls: ${unlocks}`]);
    await step(
      '15. The day cn-hangzhou is gone: the sample fleet restored in us-east-1 from its copies ("Action": "Restore")',
      Buffer.from(JSON.stringify({ Action: 'Restore', InstanceIds: [SAMPLE_INSTANCE_ID], DestinationRegionId: 'us-east-1' })),
      "A direct invocation (npm run restore does the same with your keys): the data disk becomes a disk, the system disk an image, and the answer says how to run the server. RegionId lets it read in cn-hangzhou, which still answers here, which disk is the system disk; on the day the copies alone name the instance's disks (docs/restore.md).",
    );
    print(['', `${ecs.calls.length} ECS calls in all, every one signed and sent as POST.`]);
    return 0;
  } finally {
    await ecs.close();
  }
}

runTool('npm start', main);
