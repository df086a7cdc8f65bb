import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

/** The README and every page under docs/, by their path from the repository's root. */
export function documentation(): Map<string, string> {
  const pages = new Map<string, string>([['README.md', readFileSync(join(ROOT, 'README.md'), 'utf8')]]);
  for (const name of readdirSync(join(ROOT, 'docs')).filter((file) => file.endsWith('.md'))) {
    pages.set(`docs/${name}`, readFileSync(join(ROOT, 'docs', name), 'utf8'));
  }
  return pages;
}

/** The variables of the table in docs/configuration.md's "Environment variables" section. */
export function documentedVariables(page: string): string[] {
  const start = page.indexOf('## Environment variables');
  if (start < 0) throw new Error('docs/configuration.md has no "## Environment variables" section');
  const end = page.indexOf('\n## ', start + 1);
  const section = page.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((match) => match[1] ?? '').sort();
}

/**
 * Every environment variable the function reads: the names passed to the readers of the configuration (read once per
 * instance) and of the restore's settings (read when a restore runs) as `(env, 'NAME'`.
 */
export function variablesTheCodeReads(): string[] {
  const source = ['lib/config/configuration.ts', 'lib/restore/restore-settings.ts']
    .map((file) => readFileSync(join(ROOT, file), 'utf8'))
    .join('\n');
  const names = new Set([...source.matchAll(/\(\s*env,\s*'([A-Z_]+)'/g)].map((match) => match[1] ?? ''));
  // FC sets FC_REGION itself; it is the fallback of SOURCE_REGION_ID, not configuration an operator sets.
  names.delete('FC_REGION');
  return [...names].sort();
}
