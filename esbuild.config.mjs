// Builds what FC runs (dist/index.js) and, with --tools, the developer tools (build/tools/*.js).
import { build } from 'esbuild';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  legalComments: 'none',
  logLevel: 'warning',
};

const product = await build({
  ...common,
  entryPoints: { index: 'functions/copy-snapshot/index.ts' },
  outdir: 'dist',
  minify: true,
  // FC's nodejs20 runtime loads `index.handler` from a CommonJS module.
  sourcemap: false,
  metafile: true,
});
// What went into the bundle, kept out of dist/ (which is what FC gets): the tests check it.
mkdirSync('build', { recursive: true });
writeFileSync('build/dist-meta.json', JSON.stringify(product.metafile));
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
