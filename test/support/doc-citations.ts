// Where the repository cites a section of its own documentation: a Markdown link or a path with an #anchor, or a page
// and a heading in quotes (`docs/architecture.md, "The two files of dist/"`, `(README, "Deploy")`), in the pages
// themselves, s.yaml and the code's comments.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ROOT } from './docs';

/** The files that cite: the README, docs/*.md, s.yaml, and the code (comments included) outside node_modules. */
export function citingFiles(): string[] {
  const code = ['lib', 'tools', 'functions', 'ecs-local', 'bench', 'test'].flatMap((folder) =>
    readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
      .filter((name) => /\.(ts|mjs|js)$/.test(name))
      .map((name) => `${folder}/${name}`),
  );
  const docs = readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`);
  return ['README.md', 's.yaml', 'esbuild.config.mjs', 'test/README.md', ...docs, ...code];
}

/** A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces as hyphens. */
export function githubAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The headings of a Markdown page, as written (without `#`s, backticks and emphasis). */
export function headingsOf(page: string): string[] {
  const withoutCode = page.replace(/^```[\s\S]*?^```/gm, '');
  return [...withoutCode.matchAll(/^#{1,6} +(.+?) *#*$/gm)].map((match) =>
    (match[1] ?? '')
      .replace(/[`*]/g, '')
      .replace(/(^|\W)_+|_+(?=\W|$)/g, '$1')
      .trim(),
  );
}

export interface Citation {
  /** The citing file, from the root. */
  from: string;
  /** The cited page, from the root. */
  page: string;
  kind: 'anchor' | 'heading';
  /** The anchor (without `#`) or the heading's text. */
  section: string;
}

/** The text with comment markers at the start of continued lines removed, so that a citation split over lines reads whole. */
function joinedComments(text: string): string {
  return text.replace(/\n[ \t]*(?:#|\/\/|\*)[ \t]*/g, ' ');
}

/** The cited page, when it is the README or a page of docs/ in this repository. */
function ownPage(from: string, target: string): string | undefined {
  const name = target === 'README' ? 'README.md' : target;
  for (const candidate of [join(dirname(from), name), name]) {
    const path = relative(ROOT, join(ROOT, candidate));
    if (/^(README\.md|docs\/[\w-]+\.md|test\/README\.md)$/.test(path) && existsSync(join(ROOT, path))) return path;
  }
  return undefined;
}

export function citationsIn(from: string): Citation[] {
  const text = joinedComments(readFileSync(join(ROOT, from), 'utf8'));
  const found: Citation[] = [];
  for (const match of text.matchAll(/([\w./-]*\.md)?#([a-z0-9][a-z0-9_-]*)\b/g)) {
    const [, target, anchor] = match;
    // `](#anchor)` in a page cites the page itself; a bare `#word` elsewhere is not a citation.
    if (target === undefined && !(from.endsWith('.md') && text[(match.index ?? 0) - 1] === '(')) continue;
    const page = target === undefined ? from : ownPage(from, target);
    if (page !== undefined && anchor !== undefined) found.push({ from, page, kind: 'anchor', section: anchor });
  }
  for (const match of text.matchAll(/\b(README|(?:docs\/)?[\w-]+\.md)(?:'s)?,? (?:section )?["“]([^"”]{2,80})["”]/g)) {
    const [, target, heading] = match;
    const page = target === undefined ? undefined : ownPage(from, target);
    if (page !== undefined && heading !== undefined) found.push({ from, page, kind: 'heading', section: heading.replace(/\s+/g, ' ') });
  }
  return found;
}
