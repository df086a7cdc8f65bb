// A comment or a page that sends the reader to a section must send them somewhere: every section of the README or of
// docs/ cited by an anchor or by its heading exists, in s.yaml, the pages and the code's comments alike.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { citationsIn, citingFiles, githubAnchor, headingsOf } from '../support/doc-citations';
import { ROOT } from '../support/docs';

const headings = new Map<string, string[]>();
const headingsOfPage = (page: string): string[] => {
  const known = headings.get(page) ?? headingsOf(readFileSync(join(ROOT, page), 'utf8'));
  headings.set(page, known);
  return known;
};

describe('every section the repository cites exists', () => {
  const citations = citingFiles().flatMap(citationsIn);

  it('finds the citations at all (anchors and quoted headings, in pages, s.yaml and code)', () => {
    expect(citations.filter((citation) => citation.kind === 'anchor').length).toBeGreaterThan(5);
    expect(citations.filter((citation) => citation.kind === 'heading').length).toBeGreaterThan(3);
    expect(citations.some((citation) => citation.from === 's.yaml')).toBe(true);
  });

  it('has a heading for every anchor and every quoted section it cites', () => {
    const missing = citations
      .filter((citation) => {
        const known = headingsOfPage(citation.page);
        if (citation.kind === 'anchor') return !known.map(githubAnchor).includes(citation.section);
        return !known.some((heading) => heading.toLowerCase() === citation.section.replace(/[`*]/g, '').toLowerCase());
      })
      .map((citation) => `${citation.from} cites ${citation.page} ${citation.kind === 'anchor' ? '#' : ''}${citation.section}`);

    expect([...new Set(missing)]).toEqual([]);
  });

  it('makes anchors as GitHub does', () => {
    expect(githubAnchor('Costs and limits')).toBe('costs-and-limits');
    expect(githubAnchor('`npm run ecs-local`')).toBe('npm-run-ecs-local');
    expect(githubAnchor('The two files of dist/')).toBe('the-two-files-of-dist');
  });
});
