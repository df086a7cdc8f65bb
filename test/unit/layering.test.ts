import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The layer rule of docs/architecture.md: lib/'s shared layers, which imports go down and never up; every other
 * folder of lib/ is a use case, above them all, which may import the shared layers and the copy (the use case the
 * others build on: its order, selection and copies found) but no other use case, and the copy none. No two files
 * import each other, directly or round a loop. functions/ (the FC entry) may import anything in lib/; lib/ imports
 * nothing outside itself but packages. A new use case's folder needs no change here.
 */
const LAYERS = ['fc', 'config', 'request', 'calls', 'ecs', 'failures'] as const;
/** The use case the others may build on. */
const BASE_USE_CASE = 'copy';

const root = resolve(__dirname, '..', '..');

function sourceFiles(folder: string): string[] {
  return readdirSync(join(root, folder)).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(join(root, path)).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Every module a file names: static imports and re-exports (types included: a type cycle is a cycle), `import()`, `require()`. */
function importedModules(text: string): string[] {
  const patterns = [
    /^\s*(?:import|export)\b[^;'"]*?\bfrom\s*['"]([^'"]+)['"]/gm,
    /^\s*import\s*['"]([^'"]+)['"]/gm,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[1] ?? ''));
}

/** The repository path a relative import names, or undefined for a package. */
function resolveImport(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = relative(root, resolve(root, dirname(file), specifier));
  const candidates = [`${base}.ts`, join(base, 'index.ts'), base];
  return candidates.find((candidate) => existsSync(join(root, candidate)) && statSync(join(root, candidate)).isFile()) ?? `${base}.ts`;
}

/** A file's layer: a shared layer, or `use-case:<folder>`; undefined outside lib/'s folders. */
function layerOf(file: string): string | undefined {
  const folder = /^lib\/([^/]+)\//.exec(file)?.[1];
  if (folder === undefined) return undefined;
  return LAYERS.find((layer) => layer === folder) ?? `use-case:${folder}`;
}

/** Where a layer stands: every use case above the shared layers (0), the shared layers in their order. */
const rankOf = (layer: string) => (layer.startsWith('use-case:') ? 0 : LAYERS.indexOf(layer as (typeof LAYERS)[number]) + 1);

type ImportMap = ReadonlyMap<string, ReadonlyArray<{ specifier: string; target: string }>>;

const files = [...sourceFiles('lib'), ...sourceFiles('functions')].map((file) => file.split('\\').join('/'));
const treeImports: ImportMap = new Map(
  files.map((file) => [
    file,
    importedModules(readFileSync(join(root, file), 'utf8')).flatMap((specifier) => {
      const target = resolveImport(file, specifier);
      return target === undefined ? [] : [{ specifier, target: target.split('\\').join('/') }];
    }),
  ]),
);

/** Each import that breaks the layer rule, as `file imports specifier: why`. */
function layerViolations(imports: ImportMap): string[] {
  const violations: string[] = [];
  for (const [file, targets] of imports) {
    const layer = layerOf(file);
    if (file.startsWith('lib/') && layer === undefined) {
      violations.push(`${file} is in no layer: put it in a use case's folder or lib/${LAYERS.join('/, lib/')}/`);
    }
    for (const { specifier, target } of targets) {
      if (file.startsWith('functions/')) {
        if (!target.startsWith('lib/') && !target.startsWith('functions/')) {
          violations.push(`${file} imports ${specifier}: the entry imports only from lib/`);
        }
        continue;
      }
      const targetLayer = layerOf(target);
      if (targetLayer === undefined) {
        violations.push(`${file} imports ${specifier}: lib/ imports nothing outside its layers`);
      } else if (layer !== undefined && rankOf(targetLayer) < rankOf(layer)) {
        violations.push(`${file} imports ${specifier}: lib/${targetLayer.replace('use-case:', '')} is above lib/${layer}`);
      } else if (layer !== undefined && targetLayer !== layer && rankOf(targetLayer) === 0) {
        if (layer === `use-case:${BASE_USE_CASE}` || targetLayer !== `use-case:${BASE_USE_CASE}`) {
          violations.push(`${file} imports ${specifier}: a use case imports no other use case but the copy, and the copy none`);
        }
      }
    }
  }
  return violations;
}

/** Each loop of imports between files, as `a -> b -> a`. */
function importCycles(imports: ImportMap): string[] {
  const cycles: string[] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (file: string) => {
    const onPath = path.indexOf(file);
    if (onPath >= 0) {
      cycles.push([...path.slice(onPath), file].join(' -> '));
      return;
    }
    if (done.has(file)) return;
    path.push(file);
    for (const { target } of imports.get(file) ?? []) visit(target);
    path.pop();
    done.add(file);
  };
  for (const file of imports.keys()) visit(file);
  return cycles;
}

describe('the layers of lib/', () => {
  it('finds the files to check (lib/ and functions/)', () => {
    expect(files.filter((file) => file.startsWith('lib/')).length).toBeGreaterThan(20);
    expect(files).toContain('functions/copy-snapshot/index.ts');
  });

  it('imports only down: use cases -> fc -> config -> request -> calls -> ecs -> failures; a use case imports only the copy of the others; the entry imports from lib/', () => {
    expect(layerViolations(treeImports)).toEqual([]);
  });

  it('has no import cycle between files', () => {
    expect(importCycles(treeImports)).toEqual([]);
  });

  it('names the file and the import that goes up, and the files of a cycle', () => {
    const broken: ImportMap = new Map([
      ['lib/request/copy-order.ts', [{ specifier: '../config/configuration', target: 'lib/config/configuration.ts' }]],
      ['lib/config/configuration.ts', [{ specifier: './caller-policy', target: 'lib/config/caller-policy.ts' }]],
      ['lib/config/caller-policy.ts', [{ specifier: '../request/copy-order', target: 'lib/request/copy-order.ts' }]],
      ['lib/ecs/ecs.ts', [{ specifier: '../../test/support/harness', target: 'test/support/harness.ts' }]],
      ['lib/fc/answer.ts', [{ specifier: '../copy/copy-run', target: 'lib/copy/copy-run.ts' }]],
      ['lib/restore-drill/drill-copies.ts', [{ specifier: '../copy/destination-copies', target: 'lib/copy/destination-copies.ts' }]],
      ['lib/restore/restore.ts', [{ specifier: '../restore-drill/drill-tags', target: 'lib/restore-drill/drill-tags.ts' }]],
      ['lib/copy/copy-snapshots.ts', [{ specifier: '../keep-copies/keep-copies', target: 'lib/keep-copies/keep-copies.ts' }]],
    ]);

    expect(layerViolations(broken)).toEqual([
      'lib/request/copy-order.ts imports ../config/configuration: lib/config is above lib/request',
      'lib/ecs/ecs.ts imports ../../test/support/harness: lib/ imports nothing outside its layers',
      'lib/fc/answer.ts imports ../copy/copy-run: lib/copy is above lib/fc',
      'lib/restore/restore.ts imports ../restore-drill/drill-tags: a use case imports no other use case but the copy, and the copy none',
      'lib/copy/copy-snapshots.ts imports ../keep-copies/keep-copies: a use case imports no other use case but the copy, and the copy none',
    ]);
    expect(importCycles(broken)).toEqual([
      'lib/request/copy-order.ts -> lib/config/configuration.ts -> lib/config/caller-policy.ts -> lib/request/copy-order.ts',
    ]);
  });
});
