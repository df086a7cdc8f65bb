// `npm test`'s first step: the status page tests (test/integration/status-page.test.ts) render the page in headless
// Chromium, so a fresh machine must have it before jest runs. Found (CHROMIUM_PATH, or `chromium` or
// `chromium-browser` on PATH, as tools/status/chromium.ts looks): one line, nothing done. Missing, on Debian or Ubuntu
// as root (or with sudo that asks no password): Debian's `chromium` package is installed with apt-get, saying so
// first. Missing and not installable here: one line saying what to run, and npm test fails; the tests are never
// skipped.
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const PACKAGE = 'chromium';
const INSTALL = ['install', '-y', '-q', '--no-install-recommends', PACKAGE];

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function findOnPath(names) {
  for (const directory of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of names) {
      const candidate = join(directory, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

function findChromium() {
  const configured = process.env.CHROMIUM_PATH?.trim();
  if (configured) return isExecutable(configured) ? configured : undefined;
  return findOnPath(['chromium', 'chromium-browser']);
}

function say(line) {
  process.stderr.write(`ensure-chromium: ${line}\n`);
}

/** How to run apt-get with root's rights here: directly as root, through a sudo that asks nothing, or not at all. */
function aptGetCommand() {
  if (findOnPath(['apt-get']) === undefined) return undefined;
  if (process.getuid?.() === 0) return ['apt-get'];
  if (findOnPath(['sudo']) !== undefined && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0) {
    return ['sudo', '-n', 'apt-get'];
  }
  return undefined;
}

function run(command, args) {
  const result = spawnSync(command, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    const tail = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-5).join('\n  ');
    throw new Error(`${[command, ...args].join(' ')} failed (${result.status ?? result.signal}):\n  ${tail}`);
  }
}

function main() {
  const configured = process.env.CHROMIUM_PATH?.trim();
  const found = findChromium();
  if (found) {
    say(`${found} renders the status page tests`);
    return 0;
  }
  if (configured) {
    say(`CHROMIUM_PATH=${configured} is not an executable file: point it at Chromium, or unset it`);
    return 1;
  }
  const aptGet = aptGetCommand();
  if (aptGet === undefined) {
    say(
      'the status page tests render in headless Chromium, which is not installed, and this user cannot install it ' +
        `(no apt-get, or not root and no password-less sudo). Install it, e.g. \`sudo apt-get install -y --no-install-recommends ${PACKAGE}\` ` +
        'on Debian or Ubuntu, or set CHROMIUM_PATH to a Chromium or Chrome binary; then run npm test again.',
    );
    return 1;
  }
  const [command, ...prefix] = aptGet;
  say(
    `the status page tests render in headless Chromium, which is not installed: installing Debian's ${PACKAGE} package ` +
      `(${aptGet.join(' ')} update, then ${aptGet.join(' ')} ${INSTALL.join(' ')}; about 100 MB, a minute or two, once)`,
  );
  try {
    run(command, [...prefix, 'update', '-q']);
    run(command, [...prefix, ...INSTALL]);
  } catch (error) {
    say(`${error.message}\nInstall Chromium by hand or set CHROMIUM_PATH, then run npm test again.`);
    return 1;
  }
  const installed = findChromium();
  if (installed === undefined) {
    say(`apt-get installed ${PACKAGE} but no chromium is on PATH: set CHROMIUM_PATH to it`);
    return 1;
  }
  const version = execFileSync(installed, ['--version'], { encoding: 'utf8' }).trim();
  say(`installed ${version} at ${installed}`);
  return 0;
}

process.exitCode = main();
