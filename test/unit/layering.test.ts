import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The layer rule of docs/architecture.md: in lib/, imports go down this list and never up, and no two files import
 * each other, directly or round a loop. functions/ (the FC entry) may import anything in lib/; lib/ imports nothing
 * outside itself but packages.
 */
const LAYERS = ['restore-drill', 'copy-status', 'keep-copies', 'copy', 'fc', 'config', 'request', 'calls', 'ecs', 'failures'] as const;

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

function layerOf(file: string): (typeof LAYERS)[number] | undefined {
  const folder = /^lib\/([^/]+)\//.exec(file)?.[1];
  return LAYERS.find((layer) => layer === folder);
}

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
      violations.push(`${file} is in no layer: put it in lib/${LAYERS.join('/, lib/')}/`);
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
      } else if (layer !== undefined && LAYERS.indexOf(targetLayer) < LAYERS.indexOf(layer)) {
        violations.push(`${file} imports ${specifier}: lib/${targetLayer} is above lib/${layer}`);
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

  it('imports only down: use cases -> fc -> config -> request -> calls -> ecs -> failures; the entry imports from lib/', () => {
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
    ]);

    expect(layerViolations(broken)).toEqual([
      'lib/request/copy-order.ts imports ../config/configuration: lib/config is above lib/request',
      'lib/ecs/ecs.ts imports ../../test/support/harness: lib/ imports nothing outside its layers',
    ]);
    expect(importCycles(broken)).toEqual([
      'lib/request/copy-order.ts -> lib/config/configuration.ts -> lib/config/caller-policy.ts -> lib/request/copy-order.ts',
    ]);
  });
});
