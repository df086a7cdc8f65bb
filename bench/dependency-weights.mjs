// What a package would weigh in the function: its bytes bundled by esbuild (minified, platform node, as
// dist/index.js is built, without the build's plugins) and what loading it adds to a fresh Node process, installed
// (from node_modules) and bundled. The figures of docs/architecture.md, "Dependencies", are made with it:
//
//   node bench/dependency-weights.mjs <folder with node_modules> <module> [<module>...] [--runs N]
//
// e.g. `node bench/dependency-weights.mjs . @alicloud/pop-core @alicloud/ecs20140526 zod/mini`, or, for a package
// the project does not have, from a scratch folder outside the repository:
// `d=$(mktemp -d) && (cd $d && npm init -y && npm install @alicloud/fc2 pino) && node bench/dependency-weights.mjs $d @alicloud/fc2 pino`.
// Load time is the median wall time of `node -e "require(…)"` minus the median of `node -e ""`, the runs interleaved
// so that both see the same machine.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args.splice(runsAt, 2)[1]) : 15;
const [folder, ...modules] = args;
if (folder === undefined || modules.length === 0 || !Number.isInteger(runs) || runs < 1) {
  console.error('usage: node bench/dependency-weights.mjs <folder with node_modules> <module> [<module>...] [--runs N]');
  process.exit(2);
}
const root = resolve(folder);
const scratch = mkdtempSync(join(tmpdir(), 'dependency-weights-'));

/**
 * Bundles `require(module)` as the function's build would. A package its dependencies require but npm did not install
 * (an optional one, such as urllib's `proxy-agent`) is left out, as a `require` that would fail only when used, and
 * reported. Undefined for a module that does not resolve to JavaScript (a types-only package).
 */
async function bundle(module, external = []) {
  const outfile = join(scratch, `${module.replace(/[^a-z0-9]+/gi, '-')}.js`);
  try {
    const result = await build({
      stdin: { contents: `module.exports = require(${JSON.stringify(module)});`, resolveDir: root, loader: 'js' },
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      minify: true,
      legalComments: 'none',
      logLevel: 'silent',
      metafile: true,
      external,
      outfile,
    });
    const packages = new Set(
      Object.keys(result.metafile.inputs).flatMap((input) => {
        const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
        return match?.[1] === undefined ? [] : [match[1]];
      }),
    );
    return { outfile, bytes: statSync(outfile).size, packages: packages.size, external };
  } catch (failure) {
    const unresolved = (failure.errors ?? []).flatMap((error) => {
      const match = /^Could not resolve "([^"]+)"/.exec(error.text);
      return match?.[1] === undefined ? [] : [match[1]];
    });
    if (unresolved.length === 0 || unresolved.includes(module)) return undefined;
    return bundle(module, [...external, ...unresolved]);
  }
}

function wallMs(script) {
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['-e', script], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  if (child.status !== 0) throw new Error(`node -e ${script} failed: ${child.stderr}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** Milliseconds each script adds to an empty `node -e ""`, medians of interleaved runs after one unmeasured run each. */
function addedMs(scripts) {
  const empty = [];
  const times = scripts.map(() => []);
  wallMs('');
  for (const script of scripts) wallMs(script);
  for (let run = 0; run < runs; run++) {
    empty.push(wallMs(''));
    scripts.forEach((script, index) => {
      times[index].push(wallMs(script));
    });
  }
  const emptyMs = median(empty);
  return { emptyMs, added: times.map((each) => median(each) - emptyMs) };
}

const rows = [];
for (const module of modules) {
  const bundled = await bundle(module);
  rows.push({ module, bundled });
}
const scripts = rows.flatMap(({ module, bundled }) =>
  bundled === undefined
    ? []
    : [`require(require.resolve(${JSON.stringify(module)}, { paths: [process.cwd()] }))`, `require(${JSON.stringify(bundled.outfile)})`],
);
const { emptyMs, added } = addedMs(scripts);

console.log(`node ${process.version}, ${runs} runs, empty process ${emptyMs.toFixed(1)} ms, ${new Date().toISOString()}`);
console.log('module\tminified bytes\tpackages bundled\tload installed (ms)\tload bundled (ms)');
let at = 0;
for (const { module, bundled } of rows) {
  if (bundled === undefined) {
    console.log(`${module}\tno JavaScript (types only, or not resolvable from ${root})`);
    continue;
  }
  const [installed, fromBundle] = [added[at], added[at + 1]];
  at += 2;
  const left = bundled.external.length === 0 ? '' : `\t(not installed, left out: ${bundled.external.join(', ')})`;
  console.log(`${module}\t${bundled.bytes}\t${bundled.packages}\t${installed.toFixed(1)}\t${fromBundle.toFixed(1)}${left}`);
}
rmSync(scratch, { recursive: true, force: true });
