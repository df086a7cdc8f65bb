// Builds what FC runs (dist/index.js) and, with --tools, the developer tools (build/tools/*.js).
import { build } from 'esbuild';
import { statSync } from 'node:fs';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  legalComments: 'none',
  logLevel: 'warning',
};

await build({
  ...common,
  entryPoints: { index: 'functions/copy-snapshot/index.ts' },
  outdir: 'dist',
  minify: true,
  // FC's nodejs20 runtime loads `index.handler` from a CommonJS module.
  sourcemap: false,
});
const size = statSync('dist/index.js').size;
console.log(`dist/index.js ${(size / 1024).toFixed(1)} KB`);

if (process.argv.includes('--tools')) {
  await build({
    ...common,
    entryPoints: {
      start: 'tools/start.ts',
      invoke: 'tools/invoke.ts',
      'ecs-local': 'tools/ecs-local.ts',
    },
    outdir: 'build/tools',
    sourcemap: 'inline',
  });
}
