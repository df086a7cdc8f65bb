// A file named on a tool's command line: found from the folder the command was typed in (npm runs a script from the
// repository root and says where it was started in INIT_CWD), else from the repository root; and, for a JSON file,
// refused with the line and column of its first error before anything runs.
import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { readInputFile, ToolError } from './tool-error';

/** The file as typed, from the folder the command was started in first, then from the repository root. */
export function resolveInputPath(path: string, env: Readonly<Record<string, string | undefined>> = process.env): string {
  if (isAbsolute(path)) return path;
  const startedIn = env.INIT_CWD?.trim();
  if (startedIn) {
    const fromStart = resolve(startedIn, path);
    if (existsSync(fromStart)) return fromStart;
  }
  return resolve(path);
}

/** A file to write, named on a tool's command line: from the folder the command was typed in, as a shell would. */
export function resolveOutputPath(path: string, env: Readonly<Record<string, string | undefined>> = process.env): string {
  const startedIn = env.INIT_CWD?.trim();
  return isAbsolute(path) || !startedIn ? resolve(path) : resolve(startedIn, path);
}

/** How a path is shown: as typed when it is under the root, else absolute. */
function shown(path: string): string {
  const fromRoot = relative(process.cwd(), path);
  return fromRoot.startsWith('..') || isAbsolute(fromRoot) ? path : fromRoot;
}

/** Line and column (from 1) of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

/**
 * Where JSON text (RFC 8259) first goes wrong, and what was expected there. V8's messages give a position for some
 * errors and not others, so the text is scanned here; JSON.parse stays the judge of what is JSON.
 */
export function firstJsonError(text: string): { offset: number; message: string } | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch {
    // Found below.
  }
  let at = 0;
  const fail = (message: string): never => {
    throw new JsonScanError(at, at >= text.length ? `the text ends where ${message}` : `${message}, not ${JSON.stringify(text[at])}`);
  };
  const skipSpace = () => {
    while (at < text.length && ' \t\n\r'.includes(text[at] ?? '')) at++;
  };
  const literal = (word: string) => {
    for (const character of word) {
      if (text[at] !== character) fail(`${word} was expected`);
      at++;
    }
  };
  const string = () => {
    at++;
    while (text[at] !== '"') {
      const character = text[at] ?? '';
      if (at >= text.length) fail('a closing " was expected');
      if (character < ' ') fail('a control character must be escaped in a string');
      if (character === '\\') {
        at++;
        if (text[at] === 'u') {
          at++;
          for (let digit = 0; digit < 4; digit++, at++) if (!/[0-9a-fA-F]/.test(text[at] ?? '')) fail('a hex digit was expected');
          continue;
        }
        if (!'"\\/bfnrt'.includes(text[at] ?? 'x') || at >= text.length)
          fail('an escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u) was expected');
      }
      at++;
    }
    at++;
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at));
    if (!match) fail('a value was expected');
    at += match?.[0].length ?? 0;
  };
  const value = (): void => {
    skipSpace();
    const character = text[at];
    if (character === '{') members('}', true);
    else if (character === '[') members(']', false);
    else if (character === '"') string();
    else if (character === 't') literal('true');
    else if (character === 'f') literal('false');
    else if (character === 'n') literal('null');
    else number();
  };
  const members = (close: string, object: boolean): void => {
    at++;
    skipSpace();
    if (text[at] === close) {
      at++;
      return;
    }
    for (;;) {
      if (object) {
        skipSpace();
        if (text[at] !== '"') fail('a property name in double quotes was expected');
        string();
        skipSpace();
        if (text[at] !== ':') fail("':' was expected");
        at++;
      }
      value();
      skipSpace();
      if (text[at] === close) {
        at++;
        return;
      }
      if (text[at] !== ',') fail(`',' or '${close}' was expected`);
      at++;
    }
  };
  try {
    value();
    skipSpace();
    if (at < text.length) fail('the text should end after the value');
    return { offset: 0, message: 'not a JSON text' };
  } catch (error) {
    if (error instanceof JsonScanError) return { offset: error.offset, message: error.message };
    throw error;
  }
}

class JsonScanError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

/** The file's bytes once they are known to be JSON; one line naming the file, line and column otherwise. */
export function readJsonFile(path: string, hint: string): { path: string; bytes: Buffer } {
  const found = resolveInputPath(path);
  // Not found from either folder: named as typed, saying where it was looked for.
  const startedIn = process.env.INIT_CWD?.trim();
  const lookedIn = startedIn && resolve(startedIn) !== process.cwd() ? `not in ${startedIn} nor the repository root; ` : '';
  const bytes = readInputFile(found === resolve(path) ? path : found, `${lookedIn}${hint}`);
  const text = bytes.toString('utf8');
  const error = firstJsonError(text);
  if (error !== undefined) {
    const { line, column } = lineAndColumn(text, error.offset);
    throw new ToolError(`${shown(found)}:${line}:${column}: not JSON: ${error.message}`);
  }
  return { path: found, bytes };
}
