import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CANARY_CREDENTIALS, fcContext } from '../../tools/fc-fixtures';
import { DESTINATION_REGION, SOURCE_REGION } from '../support/context';
import { statusEvent, timerEvent } from '../support/events';
import { type Harness, startHarness } from '../support/harness';
import { copiesOf, expectNoSecretLeaked, parsedLogs } from '../support/output';
import { addOurCopy, addSource } from '../support/seed-copies';

const DIST = join(__dirname, '..', '..', 'dist');
const BUNDLE = join(DIST, 'index.js');
/** What dist/index.js requires from beside itself for a restore drill or KeepCopies, and for nothing else. */
const ON_DEMAND = join(DIST, 'on-demand.js');

interface Metafile {
  outputs: Record<string, { inputs: Record<string, unknown> }>;
}

/** What went into each file of dist/, as esbuild's metafile tells it. */
function inputsOf(output: 'dist/index.js' | 'dist/on-demand.js'): string[] {
  const meta = JSON.parse(readFileSync(join(__dirname, '..', '..', 'build', 'dist-meta.json'), 'utf8')) as Metafile;
  return Object.keys(meta.outputs[output]?.inputs ?? {});
}

interface BundleRun {
  /** What the handler resolved with, or the message it rejected with. */
  result: unknown;
  rejected: string | undefined;
  lines: Array<Record<string, unknown>>;
  /** The files the process had loaded when the handler was done (`require.cache`). */
  loaded: string[];
  output: string;
}

/**
 * One invocation of dist/index.js in a fresh Node process, as FC runs it, against the local ECS endpoint: what it
 * answered, what it logged and which files it loaded.
 */
async function invokeBundle(ecsUrl: string, event: Buffer, env: Record<string, string> = {}): Promise<BundleRun> {
  const script = `
    const { handler } = require(${JSON.stringify(BUNDLE)});
    const loaded = () => 'LOADED ' + JSON.stringify(Object.keys(require.cache)) + '\\n';
    handler(Buffer.from(process.env.EVENT, 'base64'), JSON.parse(process.env.CONTEXT)).then(
      (result) => process.stdout.write('RESULT ' + JSON.stringify(result) + '\\n' + loaded()),
      (error) => process.stdout.write('REJECTED ' + error.message + '\\n' + loaded()),
    );
  `;
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], {
    env: {
      PATH: process.env.PATH,
      ECS_ENDPOINT: ecsUrl,
      DESTINATION_REGION_ID: DESTINATION_REGION,
      EVENT: event.toString('base64'),
      CONTEXT: JSON.stringify(
        fcContext({ requestId: 'bundle-test', region: SOURCE_REGION, credentials: CANARY_CREDENTIALS, timeoutSeconds: 300 }),
      ),
      ...env,
    },
  });
  const lines = stdout.trim().split('\n');
  const tagged = (tag: string) => lines.find((line) => line.startsWith(`${tag} `))?.slice(tag.length + 1);
  const result = tagged('RESULT');
  return {
    result: result === undefined ? undefined : JSON.parse(result),
    rejected: tagged('REJECTED'),
    lines: parsedLogs(lines.filter((line) => line.startsWith('{'))),
    loaded: JSON.parse(tagged('LOADED') ?? '[]') as string[],
    output: stdout,
  };
}

/** What FC runs is dist/, built by `npm run build` (which `npm test` runs before jest). */
describe('the bundle dist/index.js', () => {
  let harness: Harness;

  beforeAll(async () => {
    for (const file of [BUNDLE, ON_DEMAND]) {
      if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` (npm test does it first)`);
    }
    harness = await startHarness();
  });

  afterAll(async () => {
    await harness.close();
  });

  it("stays under 120 KB minified and leaves pop-core's ROA client, xml2js and bignumber.js out", () => {
    const inputs = inputsOf('dist/index.js');

    expect(statSync(BUNDLE).size).toBeLessThan(120 * 1024);
    expect(inputs).toContain('node_modules/@alicloud/pop-core/lib/rpc.js');
    expect(inputs.filter((input) => /node_modules\/(xml2js|bignumber\.js|json-bigint|@alicloud\/pop-core\/lib\/roa)/.test(input))).toEqual(
      [],
    );
  });

  it('leaves every use case but the copy to dist/on-demand.js: no file of their folders, nor the disk adapter', () => {
    const inputs = inputsOf('dist/index.js');

    expect(
      inputs.filter((input) =>
        /^lib\/(restore|restore-drill|keep-copies|copy-status|copy-locks)\/|^lib\/calls\/ecs-(disk|restore)-session\.ts$|^lib\/ecs\/pop-core-ecs-disks\.ts$/.test(
          input,
        ),
      ),
    ).toEqual([]);
    expect(inputs).toContain('lib/copy/copy-run.ts');
    expect(inputs).toContain('functions/copy-snapshot/lazy-on-demand.ts');
  });

  it('uses the ECS clients of dist/index.js: dist/on-demand.js has no pop-core and no ECS adapter of its own', () => {
    // One PopCoreEcs an instance, built by dist/index.js: its clients (keep-alive pools) and the AsyncLocalStorage
    // that gives each request its invocation's credentials serve the drill's and KeepCopies' calls too. Of the entry's
    // folder, it holds its own module and what a use case's run reads its input with (use-case.ts).
    const inputs = inputsOf('dist/on-demand.js');

    expect(inputs).toContain('lib/ecs/pop-core-ecs-disks.ts');
    expect(
      inputs.filter((input) =>
        /^(node_modules\/@alicloud\/|node_modules\/httpx\/|lib\/ecs\/pop-core-ecs\.ts$|lib\/fc\/(?!http-response\.ts$)|lib\/copy\/copy-snapshots|functions\/copy-snapshot\/(?!(?:on-demand|use-case)\.ts$))/.test(
          input,
        ),
      ),
    ).toEqual([]);
  });

  it("leaves zod's util module out as a whole (z.catch would bring all of it: 9 KB)", () => {
    // The names of its exports survive minification, as the keys of the namespace object esbuild would build.
    expect(readFileSync(BUNDLE, 'utf8')).not.toMatch(/BIGINT_FORMAT_RANGES|NUMBER_FORMAT_RANGES/);
  });

  it('exports handler as CommonJS and copies a snapshot in a fresh Node process', async () => {
    const SnapshotId = harness.source();

    const run = await invokeBundle(harness.ecs.url, timerEvent({ SnapshotId }, '2026-11-27T19:00:00Z'));

    const copies = copiesOf(harness.ecs, SnapshotId);
    expect(copies).toHaveLength(1);
    expect(run.result).toMatchObject({ SnapshotId: copies[0]?.SnapshotId, SourceSnapshotId: SnapshotId });
    expect(run.lines[0]).toMatchObject({ message: 'copy-started', fcRequestId: 'bundle-test', SnapshotId: copies[0]?.SnapshotId });
    expect(run.output).not.toContain(CANARY_CREDENTIALS.accessKeySecret);
  });

  it('copies without loading dist/on-demand.js', async () => {
    const SnapshotId = harness.source();

    const run = await invokeBundle(harness.ecs.url, timerEvent({ SnapshotId }, '2026-11-27T19:00:00Z'));

    expect(copiesOf(harness.ecs, SnapshotId)).toHaveLength(1);
    expect(run.loaded).toContain(BUNDLE);
    expect(run.loaded).not.toContain(ON_DEMAND);
  });

  it("advises a failed copy from dist/on-demand.js, loaded for the failure's line: the advice of its own Code, not its class's", async () => {
    const SnapshotId = harness.source();
    harness.ecs.injectFault({
      Action: 'CopySnapshot',
      fault: { kind: 'error', Code: 'OperationDenied.NonCompliantDestinationRegion', status: 403 },
    });

    const run = await invokeBundle(harness.ecs.url, timerEvent({ SnapshotId }, '2026-11-27T19:00:00Z'));

    expect(run.rejected).toContain('OperationDenied.NonCompliantDestinationRegion');
    expect(run.lines).toContainEqual(
      expect.objectContaining({
        message: 'copy-failed',
        Code: 'OperationDenied.NonCompliantDestinationRegion',
        Advice: expect.stringContaining('This pair cannot be copied'),
      }),
    );
    expect(run.loaded).toContain(ON_DEMAND);
  });

  it("answers a copy's status (GET /copies/<SnapshotId>) from dist/on-demand.js, loaded for it", async () => {
    const SnapshotId = harness.source();
    const copy = (await invokeBundle(harness.ecs.url, timerEvent({ SnapshotId }, '2026-11-27T19:00:00Z'))).result as { SnapshotId: string };

    const run = await invokeBundle(harness.ecs.url, statusEvent(copy.SnapshotId, DESTINATION_REGION));

    expect(run.result).toMatchObject({ statusCode: 200 });
    expect(JSON.parse((run.result as { body: string }).body)).toMatchObject({ SnapshotId: copy.SnapshotId, SourceSnapshotId: SnapshotId });
    expect(run.loaded).toContain(ON_DEMAND);
  });
});

describe('the bundle dist/on-demand.js', () => {
  const DISK = 'd-bp1bundledrill0001';
  let harness: Harness;

  beforeEach(async () => {
    // Disks are Available as soon as they are created, and gone as soon as deleted: a drill takes a second of real time.
    harness = await startHarness({ ecs: { diskCreateDurationMs: 0, diskDeleteDurationMs: 0 } });
  });

  afterEach(async () => {
    expectNoSecretLeaked(harness);
    await harness.close();
  });

  /** `count` daily snapshots of DISK, each with this function's accomplished copy in the destination, oldest first. */
  function copiesOfDisk(count: number): string[] {
    return Array.from({ length: count }, (_, index) => {
      const createdMs = Date.now() - (count - index) * 24 * 3_600_000;
      const source = addSource(harness.ecs, { RegionId: SOURCE_REGION, DiskId: DISK, createdMs });
      return addOurCopy(harness.ecs, source, DESTINATION_REGION).SnapshotId;
    });
  }

  const drillEvent = () => timerEvent({ Action: 'RestoreDrill', DiskIds: [DISK] }, '2026-11-29T03:00:00Z');
  const env = { SOURCE_REGION_ID: SOURCE_REGION, API_CALLS_PER_MINUTE: '1000' };

  it('is loaded by a restore drill in a fresh Node process, which restores the copy and deletes its disk', async () => {
    const [copy] = copiesOfDisk(1);

    const run = await invokeBundle(harness.ecs.url, drillEvent(), env);
    harness.outputs.push(run.output);

    expect(run.rejected).toBeUndefined();
    expect(run.result).toMatchObject({ Summary: { Restored: 1, Failed: 0 } });
    expect(run.lines.filter((line) => line.message === 'restore-drill')).toEqual([
      expect.objectContaining({ Outcome: 'restored', SourceDiskId: DISK, CopySnapshotId: copy, DrillDiskState: 'gone' }),
    ]);
    expect(harness.ecs.calls.filter((call) => call.Action === 'CreateDisk' && call.status === 200)).toHaveLength(1);
    expect(harness.ecs.disks(DESTINATION_REGION)).toEqual([]);
    expect(run.loaded).toContain(ON_DEMAND);
  });

  it("reports ECS's refusal of a drill's call by its ECS code, though the adapter of dist/index.js threw it", async () => {
    copiesOfDisk(1);
    harness.ecs.injectFault({
      Action: 'CreateDisk',
      fault: { kind: 'error', Code: 'QuotaExceed.PostPaidDisk', status: 403 },
    });

    const run = await invokeBundle(harness.ecs.url, drillEvent(), env);
    harness.outputs.push(run.output);

    expect(run.rejected).toMatch(/^RestoreDrillFailed: 1 of 1 drills failed \(QuotaExceed\.PostPaidDisk\)/);
    const [line] = run.lines.filter((entry) => entry.message === 'restore-drill');
    expect(line).toMatchObject({ Outcome: 'failed', Code: 'QuotaExceed.PostPaidDisk', Advice: expect.stringContaining('Quota Center') });
    expect(line?.Class).not.toBe('internal');
    expect(run.lines.filter((entry) => entry.message === 'internal-failure')).toEqual([]);
  });

  it('is loaded by a copy run with KeepCopies in a fresh Node process, which deletes the oldest copies', async () => {
    const copies = copiesOfDisk(3);

    const run = await invokeBundle(harness.ecs.url, timerEvent({ DiskIds: [DISK], KeepCopies: 1 }), env);
    harness.outputs.push(run.output);

    expect(run.rejected).toBeUndefined();
    expect(harness.ecs.snapshots(DESTINATION_REGION).map((snapshot) => snapshot.SnapshotId)).toEqual([copies[2]]);
    expect(run.lines.filter((line) => line.message === 'copy-pruned').map((line) => line.SnapshotId)).toEqual([copies[0], copies[1]]);
    expect(run.loaded).toContain(ON_DEMAND);
  });

  it('is loaded by a restore in a fresh Node process, which restores the newest copy as a disk', async () => {
    const [, newest] = copiesOfDisk(2);

    const run = await invokeBundle(
      harness.ecs.url,
      Buffer.from(JSON.stringify({ Action: 'Restore', DiskIds: [DISK], DestinationRegionId: DESTINATION_REGION })),
      env,
    );
    harness.outputs.push(run.output);

    expect(run.rejected).toBeUndefined();
    expect(run.lines.filter((line) => line.message === 'restore-disk')).toEqual([
      expect.objectContaining({ Outcome: 'restored', SourceDiskId: DISK, CopySnapshotId: newest }),
    ]);
    expect(harness.ecs.disks(DESTINATION_REGION)).toEqual([expect.objectContaining({ SourceSnapshotId: newest, Status: 'Available' })]);
    expect(run.loaded).toContain(ON_DEMAND);
  });

  it('is loaded by a copy run with LOCK_DAYS in a fresh Node process, which locks the copy it starts and the earlier one', async () => {
    const [earlier] = copiesOfDisk(1);
    const source = addSource(harness.ecs, { RegionId: SOURCE_REGION, DiskId: DISK, createdMs: Date.now() - 3_600_000 });

    const run = await invokeBundle(harness.ecs.url, timerEvent({ DiskIds: [DISK] }), { ...env, LOCK_DAYS: '7' });
    harness.outputs.push(run.output);

    expect(run.rejected).toBeUndefined();
    const started = run.lines.find((line) => line.message === 'copy-started' && line.SourceSnapshotId === source.SnapshotId);
    expect(run.lines.filter((line) => line.message === 'copy-locked').map((line) => line.SnapshotId)).toEqual([
      earlier,
      started?.SnapshotId,
    ]);
    expect(harness.ecs.locks(DESTINATION_REGION).map((lock) => lock.LockDuration)).toEqual([7, 7]);
    expect(run.loaded).toContain(ON_DEMAND);
  });
});
