import { type LocalEcs, startLocalEcs } from '../../ecs-local';
import { CANARY_CREDENTIALS } from '../../tools/fc-fixtures';
import { EXIT, restoreCommand } from '../../tools/restore/command';
import { DESTINATION_REGION } from '../support/context';
import { addRestorableCopy } from '../support/restore-fleet';

// `npm run restore` in-process (tools/restore/command.ts) against the local endpoint through pop-core, with the
// operator's credentials from the environment: progress while it waits, tables at the end, its exit status.

const INSTANCE = 'i-bp1restoretool0001';
const HOUR = 3_600_000;
let ecs: LocalEcs;

beforeEach(async () => {
  ecs = await startLocalEcs({ credentials: [{ ...CANARY_CREDENTIALS }], diskCreateDurationMs: 300, imageCreateDurationMs: 600 });
  const now = Date.now();
  addRestorableCopy(ecs, { DiskId: 'd-bp1restoretoolsys1', InstanceId: INSTANCE, DiskType: 'system', dataMs: now - 2 * HOUR });
  addRestorableCopy(ecs, { DiskId: 'd-bp1restoretooldat1', InstanceId: INSTANCE, dataMs: now - 2 * HOUR + 60_000, SizeGiB: 100 });
});

afterEach(async () => {
  await ecs.close();
});

async function run(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await restoreCommand(args, {
    env: {
      PATH: process.env.PATH,
      ECS_ENDPOINT: ecs.url,
      ALIBABA_CLOUD_ACCESS_KEY_ID: CANARY_CREDENTIALS.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: CANARY_CREDENTIALS.accessKeySecret,
      ALIBABA_CLOUD_SECURITY_TOKEN: CANARY_CREDENTIALS.securityToken,
      ...env,
    },
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    width: 160,
  });
  return { code, stdout, stderr };
}

describe('npm run restore', () => {
  it('restores an instance, telling its progress, and ends with the disks, the server to run and the time to restore', async () => {
    const { code, stdout, stderr } = await run(['--instance', INSTANCE, '--region', DESTINATION_REGION]);

    expect(code).toBe(EXIT.restored);
    expect(stderr).toMatch(/waiting: 0 Available, 2 still being made/);
    expect(stderr).toMatch(/d-bp1restoretooldat1 -> d-\w+ restored in [\d.]+ s/);
    const [image] = ecs.images(DESTINATION_REGION);
    expect(stdout).toContain(`RunInstances RegionId=${DESTINATION_REGION} ZoneId=us-east-1a ImageId=${image?.ImageId}`);
    expect(stdout).toMatch(/2 restored, 0 still being made, 0 failed.*The fleet's time to restore: [\d.]+ s\./);
    expect(`${stdout}${stderr}`).not.toContain(CANARY_CREDENTIALS.accessKeySecret);
    expect(`${stdout}${stderr}`).not.toContain(CANARY_CREDENTIALS.securityToken);
  });

  it('plans with --dry-run, with each disk cost per hour, and makes nothing', async () => {
    const { code, stdout } = await run(['--instance', INSTANCE, '--region', DESTINATION_REGION, '--dry-run']);

    expect(code).toBe(EXIT.restored);
    expect(stdout).toMatch(/Cost\/h/);
    expect(stdout).toMatch(/Dry run of restore-\w+: 2 to make, about [\d.]+ an hour/);
    expect(ecs.disks(DESTINATION_REGION)).toEqual([]);
    expect(ecs.images(DESTINATION_REGION)).toEqual([]);
  });

  it('exits 1 naming the skew when the disks are further apart than RESTORE_SKEW_MINUTES, and 2 without credentials', async () => {
    const skewed = await run(['--instance', INSTANCE, '--region', DESTINATION_REGION], { RESTORE_SKEW_MINUTES: '0' });
    const anonymous = await restoreCommand(['--instance', INSTANCE], {
      env: { PATH: process.env.PATH },
      stdout: () => {},
      stderr: () => {},
    });

    expect(skewed.code).toBe(EXIT.incomplete);
    expect(skewed.stdout).toMatch(
      /RestoreSkewTooLarge: the disks of i-bp1restoretool0001 have no copies taken within RESTORE_SKEW_MINUTES \(0 min\)/,
    );
    expect(anonymous).toBe(EXIT.failed);
  });

  it('refuses an unknown option with the usage', async () => {
    const { code, stderr } = await run(['--instances', INSTANCE]);

    expect(code).toBe(EXIT.failed);
    expect(stderr).toMatch(/Unknown option '--instances'[\s\S]*usage: npm run restore/);
  });
});
