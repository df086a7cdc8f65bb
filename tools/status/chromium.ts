// Headless Chromium (Debian's `chromium` package) to screenshot the status page or read back the DOM it renders.
import { execFile } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export class ChromiumError extends Error {
  override readonly name = 'ChromiumError';
}

export const INSTALL_HINT = 'apt-get install -y --no-install-recommends chromium (Debian), or set CHROMIUM_PATH';

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** CHROMIUM_PATH, else `chromium` or `chromium-browser` on PATH. */
export function findChromium(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const configured = env.CHROMIUM_PATH?.trim();
  if (configured) return isExecutable(configured) ? configured : undefined;
  for (const directory of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of ['chromium', 'chromium-browser']) {
      const candidate = join(directory, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

function requireChromium(env: Readonly<Record<string, string | undefined>>): string {
  const found = findChromium(env);
  if (found) return found;
  const configured = env.CHROMIUM_PATH?.trim();
  throw new ChromiumError(
    configured ? `CHROMIUM_PATH=${configured} is not an executable file` : `Chromium is not installed: ${INSTALL_HINT}`,
  );
}

/** Runs Chromium headless on a local file with a profile of its own, removed afterwards. */
async function runHeadless(
  env: Readonly<Record<string, string | undefined>>,
  htmlFile: string,
  args: readonly string[],
): Promise<{ stdout: string }> {
  const chromium = requireChromium(env);
  const profile = mkdtempSync(join(tmpdir(), 'status-chromium-'));
  const all = [
    '--headless',
    '--disable-gpu',
    '--hide-scrollbars',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-extensions',
    '--force-device-scale-factor=1',
    // The page is a local file: Chromium's own background connections (updates, sync, QUIC probes) would only be
    // refused, many at a time, on a machine with no way out, and slow or fail its start there.
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    `--user-data-dir=${profile}`,
    // Chromium refuses to start as root with its sandbox (a CI container); the page is ours and runs no script.
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ...args,
    pathToFileURL(resolve(htmlFile)).href,
  ];
  try {
    return await new Promise((done, fail) => {
      execFile(chromium, all, { timeout: 60_000, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
        if (error) {
          const last = stderr.trim().split('\n').filter(Boolean).at(-1) ?? error.message;
          fail(new ChromiumError(`${chromium} failed: ${last}`));
        } else done({ stdout });
      });
    });
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Writes a PNG of the page at `width` × `height` pixels. */
export async function screenshot(
  env: Readonly<Record<string, string | undefined>>,
  htmlFile: string,
  pngFile: string,
  size: { width: number; height: number },
): Promise<void> {
  const target = resolve(pngFile);
  rmSync(target, { force: true });
  await runHeadless(env, htmlFile, [`--screenshot=${target}`, `--window-size=${size.width},${size.height}`]);
  try {
    statSync(target);
  } catch {
    throw new ChromiumError(`Chromium ran but wrote no screenshot to ${target}`);
  }
}

/** The DOM as Chromium parsed and rendered it. */
export async function dumpDom(env: Readonly<Record<string, string | undefined>>, htmlFile: string): Promise<string> {
  return (await runHeadless(env, htmlFile, ['--dump-dom'])).stdout;
}
