import { join } from 'node:path';
import fc from 'fast-check';
import { maskAccessKeyId } from '../../tools/ecs-target';
import { firstJsonError, lineAndColumn, resolveInputPath } from '../../tools/input-file';

const ROOT = join(__dirname, '..', '..');

function where(text: string): string {
  const error = firstJsonError(text);
  if (error === undefined) return 'JSON';
  const { line, column } = lineAndColumn(text, error.offset);
  return `${line}:${column} ${error.message}`;
}

describe('a JSON event file that is not JSON', () => {
  it.each([
    ['{"a":1,,}', '1:8 a property name in double quotes was expected, not ","'],
    ['{\n  "SnapshotId": "s-1"\n', "3:1 the text ends where ',' or '}' was expected"],
    ['{\n  "DryRun": tru\n}', '2:16 true was expected, not "\\n"'],
    ["{'SnapshotId': 's-1'}", `1:2 a property name in double quotes was expected, not "'"`],
    ['{"a": 1} x', '1:10 the text should end after the value, not "x"'],
    ['', '1:1 the text ends where a value was expected'],
    ['{"a": "x\ty"}', '1:9 a control character must be escaped in a string, not "\\t"'],
  ])('%j is placed at the line and column of its first error', (text, expected) => {
    expect(where(text)).toBe(expected);
  });

  it('is placed wherever JSON.parse refuses it, and nothing JSON.parse accepts is refused', () => {
    const damaged = fc
      .tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', 'x', '\n', '\\', '1', '{'), fc.boolean())
      .map(([json, at, inserted, remove]) => {
        const position = json.length === 0 ? 0 : at % json.length;
        return json.slice(0, position) + inserted + json.slice(position + (remove ? 1 : 0));
      });
    fc.assert(
      fc.property(damaged, (text) => {
        let parses = true;
        try {
          JSON.parse(text);
        } catch {
          parses = false;
        }
        const error = firstJsonError(text);
        if (parses) return error === undefined;
        // The scanner found the error itself: not its fallback, which would mean it disagrees with JSON.parse.
        return error !== undefined && error.message !== 'not a JSON text' && error.offset <= text.length;
      }),
      { numRuns: 500 },
    );
  });
});

describe('a file named on the command line', () => {
  it('is found from the folder the command was typed in first', () => {
    expect(resolveInputPath('timer.json', { INIT_CWD: join(ROOT, 'events') })).toBe(join(ROOT, 'events', 'timer.json'));
  });

  it('falls back to the repository root (npm runs scripts there) when the typed folder has no such file', () => {
    expect(resolveInputPath('events/timer.json', { INIT_CWD: join(ROOT, 'docs') })).toBe(join(process.cwd(), 'events', 'timer.json'));
  });
});

describe('an AccessKey ID as the tools print it', () => {
  it('shows its first and last four characters only', () => {
    expect(maskAccessKeyId('LTAI5tShellKeyId98765')).toBe('LTAI****8765');
  });

  it('shows nothing of a short one', () => {
    expect(maskAccessKeyId('LTAIabcd')).toBe('****');
  });
});
