// `npm run invoke` never reaches a real account by surprise: it finds a running `npm run ecs-local` on its port by
// itself, names the endpoint and the AccessKey (masked) in its first line, refuses a real endpoint without --live,
// and says in one line to start the local endpoint when none runs. And the event file it is given is found from the
// folder the command was typed in, or refused with its line and column when it is not JSON.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTools, cleanEnvironment, freePort, killGroup, ROOT, run, type Started, start } from '../support/tool-process';

/** A key as a user with a real account has it exported: it must never be sent to the local endpoint, nor printed. */
const SHELL_KEY = { ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tShellKeyId98765', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'ShellSecret/Do+Not=Leak' };

/** One npm run ecs-local for the tests that need one running; the invocations it answers do not disturb each other. */
let shared: Started;
let sharedPort: number;
let workDir: string;

async function startEcsLocal(port: number): Promise<Started> {
  const started = start(process.execPath, ['build/tools/ecs-local.js'], cleanEnvironment({ PORT: String(port) }));
  await started.waitFor(/Ctrl-C to stop/);
  return started;
}

const invoke = (args: string[], env: Record<string, string>) =>
  run(process.execPath, ['build/tools/invoke.js', ...args], cleanEnvironment(env));

beforeAll(async () => {
  buildTools();
  workDir = mkdtempSync(join(tmpdir(), 'invoke-target-'));
  sharedPort = await freePort();
  shared = await startEcsLocal(sharedPort);
});
afterAll(() => {
  killGroup(shared);
  rmSync(workDir, { recursive: true, force: true });
});

describe('npm run invoke, where it calls', () => {
  it('finds npm run ecs-local on its port with nothing exported, and says so with the key masked in its first line', async () => {
    const port = sharedPort;

    const result = await invoke(['events/timer.json'], { PORT: String(port), ...SHELL_KEY });

    expect(result.code).toBe(0);
    expect(result.stderr.split('\n')[0]).toBe(
      `invoke: local ECS endpoint http://127.0.0.1:${port} (npm run ecs-local, found on its port), AccessKey LTAI****mple`,
    );
    expect(`${result.stdout}${result.stderr}`).not.toContain(SHELL_KEY.ALIBABA_CLOUD_ACCESS_KEY_ID);
    expect(`${result.stdout}${result.stderr}`).not.toContain(SHELL_KEY.ALIBABA_CLOUD_ACCESS_KEY_SECRET);
  });

  it('says once to start npm run ecs-local when none runs, and calls nothing, even with a real key exported', async () => {
    const port = await freePort();
    const stopped = await startEcsLocal(port);
    killGroup(stopped);
    await stopped.exited;

    const result = await invoke(['events/timer.json'], { PORT: String(port), ...SHELL_KEY });

    expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 1, stdout: '' });
    expect(result.stderr).toBe(
      `invoke: no local ECS endpoint answers on http://127.0.0.1:${port}: start \`npm run ecs-local\` in another terminal (it stays up; this command finds it), or add --live to call your real account\n`,
    );
  });

  it('refuses a real ECS endpoint without --live, in one line, before the function runs', async () => {
    const result = await invoke(['events/timer.json'], { ECS_ENDPOINT: 'https://ecs.{RegionId}.aliyuncs.com', ...SHELL_KEY });

    expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 1, stdout: '' });
    expect(result.stderr).toBe(
      'invoke: ECS_ENDPOINT=https://ecs.{RegionId}.aliyuncs.com is a real ECS endpoint: add --live to call it (copies are made and billed), or unset ECS_ENDPOINT and start `npm run ecs-local` in another terminal\n',
    );
  });

  it('calls a non-local endpoint with --live, saying first that it is real and with which key', async () => {
    const port = sharedPort;
    // 0.0.0.0 reaches this machine but is not a loopback name: it stands for a real endpoint without the network.
    const result = await invoke(['--live', 'events/timer.json'], {
      ECS_ENDPOINT: `http://0.0.0.0:${port}`,
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI-local-example',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'local-example-secret',
    });

    expect(result.code).toBe(0);
    expect(result.stderr.split('\n')[0]).toBe(
      `invoke: REAL ECS endpoint http://0.0.0.0:${port} (--live: copies are made and billed), AccessKey LTAI****mple`,
    );
  });
});

describe('npm run invoke, the event file', () => {
  it('is found from the folder the command was typed in (INIT_CWD, which npm sets) before the repository root', async () => {
    const result = await invoke(['timer.json'], { PORT: String(sharedPort), INIT_CWD: join(ROOT, 'events') });

    expect(result.code).toBe(0);
  });

  it('that is not JSON is refused in one line naming the file, line and column', async () => {
    const file = join(workDir, 'broken.json');
    writeFileSync(file, '{\n  "SnapshotId": "s-bp1demo7snapshot0002",\n  "DryRun": tru\n}\n');

    const result = await invoke(['broken.json'], { INIT_CWD: workDir });

    expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 1, stdout: '' });
    expect(result.stderr).toBe(`invoke: ${file}:3:16: not JSON: true was expected, not "\\n"\n`);
  });
});
