// The shell commands of the README's and docs/'s fenced code blocks (```sh, ```bash, ```shell), one a line, as a
// reader copies them: comments dropped, `\` continuations joined, `a && b` split into its commands.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DocCommand {
  /** README.md or docs/<page>.md */
  page: string;
  command: string;
}

const SHELL_BLOCK = /^( *)```(sh|bash|shell)\n([\s\S]*?)^\1```/gm;

/** The line without a trailing comment: a `#` after whitespace and outside quotes. */
function withoutComment(line: string): string {
  let quote: string | undefined;
  for (let index = 0; index < line.length; index++) {
    const character = line[index];
    if (quote !== undefined) {
      if (character === quote) quote = undefined;
    } else if (character === "'" || character === '"') quote = character;
    else if (character === '#' && (index === 0 || /\s/.test(line[index - 1] ?? ''))) return line.slice(0, index);
  }
  return line;
}

export function shellCommands(page: string, markdown: string): DocCommand[] {
  const commands: DocCommand[] = [];
  for (const block of markdown.matchAll(SHELL_BLOCK)) {
    const lines = (block[3] ?? '').split('\n').map((line) => line.trim());
    const joined: string[] = [];
    let pending = '';
    for (const line of lines) {
      const text = `${pending}${line}`;
      if (text.endsWith('\\')) {
        pending = `${text.slice(0, -1).trimEnd()} `;
        continue;
      }
      pending = '';
      joined.push(text);
    }
    for (const line of joined) {
      const command = withoutComment(line).trim();
      if (command === '') continue;
      for (const part of command.split(' && ')) commands.push({ page, command: part.trim() });
    }
  }
  return commands;
}

/** Every shell command of README.md and docs/*.md, in reading order. */
export function documentedCommands(root: string): DocCommand[] {
  const pages = [
    'README.md',
    ...readdirSync(join(root, 'docs'))
      .filter((file) => file.endsWith('.md'))
      .sort()
      .map((file) => `docs/${file}`),
  ];
  return pages.flatMap((page) => shellCommands(page, readFileSync(join(root, page), 'utf8')));
}
