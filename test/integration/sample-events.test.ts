// Every file in events/ runs as-is, as a newcomer runs it: `npm run ecs-local` in one terminal, and in another
// `npm run invoke -- events/<file>` (with ECS_ENDPOINT, the one line it prints on a port of its own). A new file in
// events/ is covered by being there.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod/mini';
import { buildTools, cleanEnvironment, killGroup, ROOT, run, type Started, start } from '../support/tool-process';

const EVENT_FILES = readdirSync(join(ROOT, 'events'))
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => `events/${file}`);
const DESTINATIONS = ['us-east-1', 'eu-central-1', 'ap-southeast-1'];

const SnapshotsSchema = z.array(
  z.object({
    SnapshotId: z.string(),
    RetentionDays: z.optional(z.number()),
    Tags: z.object({ Tag: z.array(z.object({ TagKey: z.string(), TagValue: z.string() })) }),
  }),
);

interface Endpoint {
  started: Started;
  /** What `npm run ecs-local` tells the user to export, and nothing else. */
  exports: Record<string, string>;
  copies: () => Promise<z.infer<typeof SnapshotsSchema>>;
}

let endpoint: Endpoint | undefined;

async function startEndpoint(): Promise<Endpoint> {
  const started = start(process.execPath, ['build/tools/ecs-local.js'], cleanEnvironment({ PORT: '0' }));
  await started.waitFor(/Ctrl-C to stop/);
  const exports = Object.fromEntries(
    [...started.output().stdout.matchAll(/^ {2}export ([A-Z_]+)=(\S+)$/gm)].map((match) => [match[1] ?? '', match[2] ?? '']),
  );
  const url = exports.ECS_ENDPOINT ?? '';
  const copies = async () => {
    const lists = await Promise.all(
      DESTINATIONS.map(async (region) => SnapshotsSchema.parse(await (await fetch(`${url}/_local/snapshots?RegionId=${region}`)).json())),
    );
    return lists.flat();
  };
  return { started, exports, copies };
}

const invoke = (file: string, exports: Record<string, string>, shell: Record<string, string> = {}) =>
  run(process.execPath, ['build/tools/invoke.js', file], cleanEnvironment({ ...exports, ...shell }));

beforeAll(buildTools);
afterEach(() => {
  killGroup(endpoint?.started);
  endpoint = undefined;
});

describe('the sample events against npm run ecs-local', () => {
  it('are there to run', () => {
    expect(EVENT_FILES.length).toBeGreaterThanOrEqual(4);
  });

  it('need only what npm run ecs-local prints on a port other than its own: the endpoint (invoke asks it for the key)', async () => {
    endpoint = await startEndpoint();

    expect(Object.keys(endpoint.exports)).toEqual(['ECS_ENDPOINT']);
  });

  it.each(EVENT_FILES)('%s succeeds on a fresh endpoint', async (file) => {
    endpoint = await startEndpoint();

    const result = await invoke(file, endpoint.exports);

    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    expect(result.stderr).not.toMatch(/invocation failed/);
  });

  it("every one succeeds, one after the other and then again, each copy with s.yaml's RetentionDays and tags", async () => {
    endpoint = await startEndpoint();
    const seeded = new Set((await endpoint.copies()).map((copy) => copy.SnapshotId));

    const results = [];
    for (const file of [...EVENT_FILES, ...EVENT_FILES]) results.push({ file, ...(await invoke(file, endpoint.exports)) });

    expect(results.filter((result) => result.code !== 0).map(({ file, stdout, stderr }) => ({ file, stdout, stderr }))).toEqual([]);
    const made = (await endpoint.copies()).filter((copy) => !seeded.has(copy.SnapshotId));
    expect(made.length).toBeGreaterThan(0);
    for (const copy of made) {
      // events/direct.json asks for RetentionDays 3; every other copy gets s.yaml's RETENTION_DAYS and SNAPSHOT_TAGS.
      expect(copy.RetentionDays).toBeDefined();
      expect(copy.Tags.Tag).toContainEqual({ TagKey: 'purpose', TagValue: 'disaster-recovery' });
    }
  });

  it('says in its first line where it calls and as whom, in the next which s.yaml environment it applies, and lets the shell win', async () => {
    endpoint = await startEndpoint();

    const result = await invoke('events/timer.json', endpoint.exports, { RETENTION_DAYS: '7' });

    expect(result.code).toBe(0);
    expect(result.stderr.split('\n').filter((line) => line.startsWith('invoke:'))).toEqual([
      expect.stringMatching(/^invoke: local ECS endpoint http:\/\/127\.0\.0\.1:\d+ \(ECS_ENDPOINT\), AccessKey LTAI\*{4}mple$/),
      expect.stringMatching(/^invoke: s\.yaml's environment \(\d+ variables, FC_REGION=cn-hangzhou\), with your shell's .*RETENTION_DAYS/),
    ]);
    expect(JSON.parse(result.stdout.slice(result.stdout.indexOf('{\n')))).toMatchObject({ Outcome: 'copied', RetentionDays: 7 });
  });
});
