import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod/mini';
import { ROOT } from '../support/docs';

const manifest = z
  .object({ dependencies: z.record(z.string(), z.string()), devDependencies: z.record(z.string(), z.string()) })
  .parse(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')));

/** The text of `## Dependencies` in docs/architecture.md, up to the next `## ` heading. */
function dependenciesSection(): string {
  const page = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8');
  const start = page.indexOf('\n## Dependencies\n');
  if (start < 0) return '';
  const end = page.indexOf('\n## ', start + 1);
  return page.slice(start, end < 0 ? undefined : end);
}

/** The packages a `### ` subsection whose heading contains `heading` lists, each as a `- **`name`**` item. */
function listed(section: string, heading: string): string[] {
  const start = section.indexOf(`\n### ${heading}`);
  if (start < 0) return [];
  const end = section.indexOf('\n### ', start + 1);
  const text = section.slice(start, end < 0 ? undefined : end);
  return [...text.matchAll(/^- \*\*`([^`]+)`\*\*/gm)].flatMap((match) => (match[1] === undefined ? [] : [match[1]]));
}

const sorted = (names: Iterable<string>) => [...names].sort();

describe("architecture.md's Dependencies section says why for every package the project has, and no other", () => {
  const section = dependenciesSection();

  it('gives a reason for each of package.json dependencies, and names no dependency package.json lacks', () => {
    expect(sorted(listed(section, 'What the function runs on'))).toEqual(sorted(Object.keys(manifest.dependencies)));
  });

  it('gives a reason for each of package.json devDependencies, and names no devDependency package.json lacks', () => {
    expect(sorted(listed(section, 'What builds and tests it'))).toEqual(sorted(Object.keys(manifest.devDependencies)));
  });

  it('says why the packages a reader would expect were not chosen, none of them shipped with the function', () => {
    const notChosen = listed(section, 'Expected, not chosen');

    expect(notChosen).toEqual(expect.arrayContaining(['@alicloud/fc2', '@alicloud/ecs20140526', '@types/aws-lambda', 'pino']));
    expect(notChosen.filter((name) => name in manifest.dependencies)).toEqual([]);
  });
});
