import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod/mini';
import { documentation, documentedVariables, ROOT, variablesTheCodeReads } from '../support/docs';
import { errorTableRows } from '../support/error-table';

const pages = documentation();
const allText = [...pages.values()].join('\n');
const scripts = Object.keys(
  z.object({ scripts: z.record(z.string(), z.string()) }).parse(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))).scripts,
);

describe('the documentation names what the code and s.yaml have, and nothing else', () => {
  it('documents every environment variable the configuration reads, and no other', () => {
    const page = pages.get('docs/configuration.md') ?? '';

    // The scan found the readers at all: without this, a renamed helper would make the check pass on nothing.
    expect(variablesTheCodeReads()).toContain('DESTINATION_REGION_ID');
    expect(documentedVariables(page)).toEqual(variablesTheCodeReads());
  });

  it('names every sample event file, and only files that exist', () => {
    const files = readdirSync(join(ROOT, 'events')).filter((name) => name.endsWith('.json'));
    const named = new Set([...allText.matchAll(/events\/([a-z0-9-]+\.json)/g)].map((match) => match[1]));

    expect(files.filter((file) => !named.has(file))).toEqual([]);
    expect([...named].filter((file) => file !== undefined && !existsSync(join(ROOT, 'events', file)))).toEqual([]);
  });

  it('names every npm script, and only scripts package.json has', () => {
    const named = new Set([...allText.matchAll(/npm run ([a-z][a-z0-9:-]*)/g)].map((match) => match[1]));
    // `npm start` and `npm test` are named without `run`.
    const implicit = new Set(['start', 'test']);

    expect(scripts.filter((script) => !named.has(script) && !implicit.has(script))).toEqual([]);
    expect([...named].filter((script) => script !== undefined && !scripts.includes(script))).toEqual([]);
  });

  it('names only error codes the function classifies (a dotted code in backticks, in any page)', () => {
    const codes = new Set(errorTableRows().map((row) => row.Code));
    // A code's family: `InvalidOperation` of `InvalidOperation.Conflict`. Other dotted names (`Tag.N.Key`) are not codes.
    const families = new Set([...codes].filter((code) => code.includes('.')).map((code) => code.split('.')[0]));
    const named = [...allText.matchAll(/`([A-Z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)+)`/g)].map((match) => match[1] ?? '');
    const unknown = named.filter((name) => families.has(name.split('.')[0]) && !codes.has(name));

    expect(families.size).toBeGreaterThan(5);
    expect([...new Set(unknown)]).toEqual([]);
  });

  it('links only to files and pages that exist', () => {
    const broken: string[] = [];
    for (const [path, text] of pages) {
      const base = path.startsWith('docs/') ? join(ROOT, 'docs') : ROOT;
      for (const match of text.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)) {
        const target = match[1] ?? '';
        if (/^[a-z]+:/.test(target)) continue;
        if (!existsSync(join(base, target))) broken.push(`${path} → ${target}`);
      }
    }

    expect(broken).toEqual([]);
  });
});
