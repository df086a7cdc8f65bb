import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CANARY_CREDENTIALS, fcContext } from '../../tools/fc-fixtures';
import { type Harness, startHarness } from '../support/harness';
import { copiesOf } from '../support/output';

const BUNDLE = join(__dirname, '..', '..', 'dist', 'index.js');

/** What FC runs is dist/index.js, built by `npm run build` (which `npm test` runs before jest). */
describe('the bundle dist/index.js', () => {
  let harness: Harness;

  beforeAll(async () => {
    if (!existsSync(BUNDLE)) throw new Error('dist/index.js is missing: run `npm run build` (npm test does it first)');
    harness = await startHarness();
  });

  afterAll(async () => {
    await harness.close();
  });

  it("stays under 120 KB minified and leaves pop-core's ROA client, xml2js and bignumber.js out", () => {
    const meta = JSON.parse(readFileSync(join(__dirname, '..', '..', 'build', 'dist-meta.json'), 'utf8')) as {
      inputs: Record<string, unknown>;
    };
    const inputs = Object.keys(meta.inputs);

    expect(statSync(BUNDLE).size).toBeLessThan(120 * 1024);
    expect(inputs).toContain('node_modules/@alicloud/pop-core/lib/rpc.js');
    expect(inputs.filter((input) => /node_modules\/(xml2js|bignumber\.js|json-bigint|@alicloud\/pop-core\/lib\/roa)/.test(input))).toEqual(
      [],
    );
  });

  it('exports handler as CommonJS and copies a snapshot in a fresh Node process', async () => {
    const SnapshotId = harness.source();
    const script = `
      const { handler } = require(${JSON.stringify(BUNDLE)});
      const event = Buffer.from(JSON.stringify({ triggerTime: '2026-11-27T19:00:00Z', triggerName: 'daily', payload: JSON.stringify({ SnapshotId: process.env.SOURCE }) }));
      const context = JSON.parse(process.env.CONTEXT);
      handler(event, context).then((result) => process.stdout.write('RESULT ' + JSON.stringify(result) + '\\n'));
    `;

    const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], {
      env: {
        PATH: process.env.PATH,
        ECS_ENDPOINT: harness.ecs.url,
        DESTINATION_REGION_ID: 'us-east-1',
        SOURCE: SnapshotId,
        CONTEXT: JSON.stringify(
          fcContext({ requestId: 'bundle-test', region: 'cn-hangzhou', credentials: CANARY_CREDENTIALS, timeoutSeconds: 30 }),
        ),
      },
    });

    const copies = copiesOf(harness.ecs, SnapshotId);
    expect(copies).toHaveLength(1);
    const lines = stdout.trim().split('\n');
    const result = JSON.parse(lines.find((line) => line.startsWith('RESULT '))?.slice(7) ?? 'null') as Record<string, unknown>;
    expect(result).toMatchObject({ SnapshotId: copies[0]?.SnapshotId, SourceSnapshotId: SnapshotId });
    const log = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(log).toMatchObject({ message: 'copy-started', fcRequestId: 'bundle-test', SnapshotId: copies[0]?.SnapshotId });
    expect(stdout).not.toContain(CANARY_CREDENTIALS.accessKeySecret);
  });
});
