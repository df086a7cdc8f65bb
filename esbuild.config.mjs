// Builds what FC runs (dist/index.js, and dist/on-demand.js which it loads for a drill, KeepCopies or a copy's status)
// and, with --tools, the developer tools (build/tools/*.js); with --bench, the benchmark (build/bench/*.js,
// `npm run bench`).

import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { build as esbuild } from 'esbuild';

/**
 * Builds, then puts each output in place by rename, and only when it changed: a tool started from one terminal
 * (`npm run ecs-local`) rebuilds while another process may be loading dist/index.js or build/tools/*.js, which must
 * never see a half-written file.
 */
async function build(options) {
  const result = await esbuild({ ...options, write: false });
  const written = [];
  for (const file of result.outputFiles) {
    let unchanged = false;
    try {
      unchanged = readFileSync(file.path).equals(file.contents);
    } catch {}
    if (unchanged) continue;
    written.push(file.path);
    mkdirSync(dirname(file.path), { recursive: true });
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
  return { ...result, written };
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  legalComments: 'none',
  logLevel: 'warning',
};

/**
 * pop-core parses every answer with json-bigint, which brings bignumber.js: a fifth of the bundle, for numbers beyond
 * 2^53 that no field this function reads can hold (IDs, names and sizes are strings; counts are small). The bundle
 * uses the platform's JSON instead; a body that is not JSON still throws a SyntaxError, which the adapter reports as
 * EcsBadResponse.
 */
const platformJson = {
  name: 'platform-json',
  setup(bundle) {
    bundle.onResolve({ filter: /^json-bigint$/ }, () => ({ path: 'json-bigint', namespace: 'platform-json' }));
    bundle.onLoad({ filter: /.*/, namespace: 'platform-json' }, () => ({
      contents: 'module.exports = { parse: (text) => JSON.parse(String(text)), stringify: JSON.stringify };',
      loader: 'js',
    }));
  },
};

/**
 * httpx (pop-core's HTTP client) logs through `debug`, which at load scans the environment, probes the terminal's
 * colours and loads tty and os: work for output nobody sees in FC. The bundle gets a `debug` that is never enabled.
 */
const silentDebug = {
  name: 'silent-debug',
  setup(bundle) {
    bundle.onResolve({ filter: /^debug$/ }, () => ({ path: 'debug', namespace: 'silent-debug' }));
    bundle.onLoad({ filter: /.*/, namespace: 'silent-debug' }, () => ({
      contents: 'module.exports = () => Object.assign(() => {}, { enabled: false });',
      loader: 'js',
    }));
  },
};

/**
 * pop-core reads its package.json for its name and version, which it sends in the User-Agent and x-sdk-client
 * headers: the bundle gets those two fields, not the whole file (1 KB of scripts, dependencies and links).
 */
const popCorePackageNameAndVersion = {
  name: 'pop-core-package-name-and-version',
  setup(bundle) {
    bundle.onResolve({ filter: /^\.\.\/package\.json$/ }, (args) =>
      args.importer.includes(`${sep}@alicloud${sep}pop-core${sep}`)
        ? {
            path: '@alicloud/pop-core/package.json',
            namespace: 'name-and-version',
            pluginData: join(args.resolveDir, '..', 'package.json'),
          }
        : undefined,
    );
    bundle.onLoad({ filter: /.*/, namespace: 'name-and-version' }, (args) => {
      const { name, version } = JSON.parse(readFileSync(args.pluginData, 'utf8'));
      return { contents: JSON.stringify({ name, version }), loader: 'json' };
    });
  },
};

/**
 * Restore drills, KeepCopies and the copy status read are bundled apart, as dist/on-demand.js, which dist/index.js
 * requires from beside itself when an invocation asks for a drill or a copy's status, or has KeepCopies: every copy
 * run without KeepCopies loads (and FC
 * reads from disk) the copy path alone (docs/architecture.md, "The two files of dist/"). The one module that loads
 * it is functions/copy-snapshot/lazy-on-demand.ts: its `require('./on-demand')` names the TypeScript
 * module in the sources, and, rewritten here, the file beside dist/index.js in the bundle. Builds without this
 * plugin (the tools') bundle the module in, as any other.
 */
const ON_DEMAND = 'on-demand';
const onDemandApart = {
  name: 'on-demand-apart',
  setup(bundle) {
    bundle.onResolve({ filter: new RegExp(`^\\./${ON_DEMAND}$`) }, (args) =>
      args.importer.endsWith(`lazy-${ON_DEMAND}.ts`) ? { path: `./${ON_DEMAND}.js`, external: true } : undefined,
    );
  },
};

/**
 * `npm run <tool>` builds before it runs, every time: when nothing the last tools build read has changed since (the
 * sources, node_modules files, this file, by modification time) and its outputs are as it left them, the build is skipped,
 * which takes a tool's start from seconds to a fraction of one. `npm run build` (what s deploy runs) always builds.
 */
const TOOLS_STAMP = 'build/tools-inputs.json';
const onlyTools = process.argv.includes('--tools') && !process.argv.includes('--bench');

function toolsUpToDate() {
  try {
    const stamp = JSON.parse(readFileSync(TOOLS_STAMP, 'utf8'));
    for (const [file, mtimeMs] of Object.entries(stamp.inputs)) if (statSync(file).mtimeMs !== mtimeMs) return false;
    for (const [file, mtimeMs] of Object.entries(stamp.outputs)) if (statSync(file).mtimeMs !== mtimeMs) return false;
    return Object.keys(stamp.inputs).length > 0;
  } catch {
    return false;
  }
}

/** Records what the builds read, unless a file changed while they ran (the outputs may predate the change). */
function writeToolsStamp(startedAt, metafiles) {
  const inputs = {};
  // Plugins' virtual modules (`namespace:path`) are not files; esbuild.config.mjs and package.json steer every build.
  const files = [...metafiles.flatMap((metafile) => Object.keys(metafile.inputs)), 'esbuild.config.mjs', 'package.json'];
  for (const file of files.filter((name) => !/^[\w-]+:/.test(name))) {
    const { mtimeMs } = statSync(file);
    if (mtimeMs >= startedAt) return;
    inputs[file] = mtimeMs;
  }
  // The outputs as this build left them: one changed by hand or by another build is built again.
  const outputs = {};
  for (const file of [...metafiles.flatMap((metafile) => Object.keys(metafile.outputs)), 'build/dist-meta.json']) {
    outputs[file] = statSync(file).mtimeMs;
  }
  writeFileSync(`${TOOLS_STAMP}.${process.pid}.tmp`, JSON.stringify({ inputs, outputs }));
  renameSync(`${TOOLS_STAMP}.${process.pid}.tmp`, TOOLS_STAMP);
}

if (onlyTools && !process.argv.includes('--verbose') && toolsUpToDate()) process.exit(0);
const startedAt = Date.now();

const product = await build({
  ...common,
  entryPoints: { index: 'functions/copy-snapshot/index.ts', [ON_DEMAND]: `functions/copy-snapshot/${ON_DEMAND}.ts` },
  outdir: 'dist',
  minify: true,
  // FC's nodejs20 runtime loads `index.handler` from a CommonJS module.
  sourcemap: false,
  metafile: true,
  plugins: [platformJson, silentDebug, popCorePackageNameAndVersion, onDemandApart],
});
// What went into each file, kept out of dist/ (which is what FC gets): the tests check it.
mkdirSync('build', { recursive: true });
writeFileSync(`build/dist-meta.json.${process.pid}.tmp`, JSON.stringify(product.metafile));
renameSync(`build/dist-meta.json.${process.pid}.tmp`, 'build/dist-meta.json');
// The sizes are printed by `npm run build`, and by a tool's build (--tools, --bench) only when dist/ changed or with
// --verbose: a tool run again on the same code prints its own output alone.
const forTool = process.argv.includes('--tools') || process.argv.includes('--bench');
if (!forTool || product.written.length > 0 || process.argv.includes('--verbose')) {
  for (const file of ['index', ON_DEMAND]) {
    console.log(`dist/${file}.js ${(statSync(`dist/${file}.js`).size / 1024).toFixed(1)} KB`);
  }
}

if (process.argv.includes('--tools')) {
  const tools = await build({
    ...common,
    entryPoints: {
      start: 'tools/start.ts',
      invoke: 'tools/invoke.ts',
      'ecs-local': 'tools/ecs-local.ts',
      'fault-matrix': 'tools/fault-matrix.ts',
      call: 'tools/call.ts',
      status: 'tools/status.ts',
      restore: 'tools/restore.ts',
    },
    outdir: 'build/tools',
    sourcemap: 'inline',
    metafile: true,
  });
  if (onlyTools) writeToolsStamp(startedAt, [product.metafile, tools.metafile]);
}

if (process.argv.includes('--bench')) {
  await build({
    ...common,
    entryPoints: {
      run: 'bench/run.ts',
      'cold-start-child': 'bench/cold-start-child.ts',
      'load-module-child': 'bench/load-module-child.ts',
      'per-event-child': 'bench/per-event-child.ts',
      'ecs-local-process': 'bench/ecs-local-process.ts',
      'fleet-ecs-process': 'bench/fleet-ecs-process.ts',
      'fleet-child': 'bench/fleet-child.ts',
    },
    outdir: 'build/bench',
  });
  // Parts of dist/index.js on their own, built like it, to tell how much of its load time is the HTTP client's.
  await build({
    ...common,
    entryPoints: { 'pop-core-rpc': 'bench/pop-core-rpc-entry.ts', 'node-http': 'bench/node-http-entry.ts' },
    outdir: 'build/bench',
    minify: true,
    plugins: [platformJson, popCorePackageNameAndVersion],
  });
  // ... and the rest: dist/index.js with pop-core's RPC client replaced by an empty class (it is never called).
  await build({
    ...common,
    entryPoints: { 'function-without-pop-core': 'functions/copy-snapshot/index.ts' },
    outdir: 'build/bench',
    minify: true,
    plugins: [
      onDemandApart,
      {
        name: 'pop-core-left-out',
        setup(bundle) {
          bundle.onResolve({ filter: /^@alicloud\/pop-core\/lib\/rpc$/ }, () => ({ path: 'rpc', namespace: 'left-out' }));
          bundle.onLoad({ filter: /.*/, namespace: 'left-out' }, () => ({ contents: 'module.exports = class {};', loader: 'js' }));
        },
      },
    ],
  });
  // The baseline as users deploy the official SDK: their code compiled, the SDK loaded from node_modules.
  await build({
    ...common,
    entryPoints: { 'baseline-official-sdk': 'bench/baseline-official-sdk.ts' },
    outdir: 'build/bench',
    packages: 'external',
  });
}
