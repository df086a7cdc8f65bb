import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { statusCommand } from '../../tools/status/command';

// npm runs `npm run status` from the repository's root and says in INIT_CWD where it was typed: the files it is given
// are found, and written, there, as any shell command's would be.
describe('npm run status typed in another folder', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'status-paths-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const run = async (args: string[]) => {
    let stderr = '';
    const exitCode = await statusCommand(args, {
      env: { PATH: process.env.PATH, INIT_CWD: dir },
      stdout: () => {},
      stderr: (text) => {
        stderr += text;
      },
      colour: false,
    });
    return { exitCode, stderr };
  };

  it('writes --html status.html in that folder, not in the repository', async () => {
    const { exitCode } = await run(['--demo', '--html', 'status-paths-test.html']);

    expect(exitCode).not.toBe(2);
    expect(existsSync(join(dir, 'status-paths-test.html'))).toBe(true);
    expect(existsSync('status-paths-test.html')).toBe(false);
  });

  it('reads --request request.json from that folder', async () => {
    writeFileSync(join(dir, 'request.json'), JSON.stringify({ Action: 'RestoreDrill', DiskIds: ['d-bp1statuspaths001'] }));

    const { exitCode, stderr } = await run(['--request', 'request.json']);

    // Found and read: refused for what it asks (a drill), before any ECS call, not as a missing file.
    expect(exitCode).toBe(2);
    expect(stderr).toContain('--request request.json asks for a restore drill');
  });
});
