// npm test's first step (tools/ensure-chromium.mjs) on a machine without Chromium: it installs Debian's package when
// it can, saying so first, and otherwise stops npm test with one line saying what to install. apt-get and sudo are
// stand-ins here (a script on PATH that records its arguments): the test changes nothing on the machine.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../support/tool-process';

let dir: string;

function script(path: string, body: string): void {
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
}

/** A PATH holding only `bin`: no chromium, and only the apt-get and sudo the test puts there. */
function ensureChromium(bin: string, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [join(ROOT, 'tools', 'ensure-chromium.mjs')], {
    env: { PATH: bin, HOME: dir, ...env },
    encoding: 'utf8',
  });
  return { code: result.status, stderr: result.stderr };
}

/** An apt-get that records each call and, for `install`, puts a chromium on PATH (or fails, when told). */
function fakeAptGet(bin: string, outcome: 'installs' | 'fails'): string {
  const log = join(bin, 'apt-get.log');
  script(
    join(bin, 'apt-get'),
    `echo "$@" >> ${log}\nif [ "$1" = install ]; then\n  ${
      outcome === 'installs'
        ? `printf '#!/bin/sh\\necho Chromium 150.0 fake\\n' > ${bin}/chromium; /bin/chmod 755 ${bin}/chromium`
        : 'echo "E: Unable to locate package chromium" >&2; exit 100'
    }\nfi`,
  );
  // When the test runs as another user than root, a sudo that asks no password, as the tool's second way in.
  script(join(bin, 'sudo'), 'shift; exec "$@"');
  return log;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ensure-chromium-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('npm test on a machine without Chromium', () => {
  it("installs Debian's chromium with apt-get when it can, saying so first, and goes on", () => {
    const log = fakeAptGet(dir, 'installs');

    const result = ensureChromium(dir);

    expect(result.code).toBe(0);
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual(['update -q', 'install -y -q --no-install-recommends chromium']);
    expect(result.stderr.split('\n')[0]).toMatch(
      /^ensure-chromium: the status page tests render in headless Chromium, which is not installed: installing Debian's chromium package/,
    );
    expect(result.stderr).toContain(`ensure-chromium: installed Chromium 150.0 fake at ${dir}/chromium`);
  });

  it('stops npm test with what to install when it cannot install it (no apt-get)', () => {
    const result = ensureChromium(dir);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^ensure-chromium: .*cannot install it.*sudo apt-get install -y --no-install-recommends chromium.*CHROMIUM_PATH/,
    );
  });

  it('stops npm test with apt-get’s own last lines when the install fails', () => {
    fakeAptGet(dir, 'fails');

    const result = ensureChromium(dir);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('E: Unable to locate package chromium');
    expect(result.stderr).toContain('Install Chromium by hand or set CHROMIUM_PATH');
  });

  it('does nothing but name it when Chromium is there', () => {
    script(join(dir, 'chromium'), 'echo Chromium');

    expect(ensureChromium(dir)).toEqual({ code: 0, stderr: `ensure-chromium: ${dir}/chromium renders the status page tests\n` });
  });

  it('refuses a CHROMIUM_PATH that is not a program, instead of installing another', () => {
    const result = ensureChromium(dir, { CHROMIUM_PATH: join(dir, 'nothing-here') });

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/CHROMIUM_PATH=.*nothing-here is not an executable file/);
  });
});
