import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CLASSES, type ErrorClass } from '../../lib/failures/error-classes';
import { HTTP_STATUS_BY_CLASS } from '../../lib/fc/http-response';
import { everyClassifiedCode, renderErrorTable, TABLE_BEGIN, TABLE_END } from '../support/error-table';

const root = join(__dirname, '..', '..');
const DOC = join(root, 'docs', 'errors.md');

function documentedTable(text: string): string {
  const begin = text.indexOf(TABLE_BEGIN);
  const end = text.indexOf(TABLE_END);
  if (begin === -1 || end === -1) throw new Error(`docs/errors.md must hold the table between ${TABLE_BEGIN} and ${TABLE_END}`);
  return text.slice(begin + TABLE_BEGIN.length, end).trim();
}

/** `Code: 'X'` literals in the function's own code: every Code it can answer with. */
function codesInSource(): string[] {
  const codes = new Set<string>();
  for (const folder of ['lib', 'functions']) {
    const files = readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.ts'));
    for (const file of files) {
      const source = readFileSync(join(root, folder, file), 'utf8');
      for (const match of source.matchAll(/\bCode: '([A-Za-z][\w.]*)'/g)) if (match[1] !== undefined) codes.add(match[1]);
      for (const match of source.matchAll(/new ValidationError\([^;]*?'([A-Z][\w.]*)'\)/g)) if (match[1] !== undefined) codes.add(match[1]);
    }
  }
  return [...codes].sort();
}

describe('docs/errors.md', () => {
  // UPDATE_ERRORS_DOC=1 npx jest test/unit/errors-doc.test.ts rewrites the table from the code.
  if (process.env.UPDATE_ERRORS_DOC === '1') {
    const text = readFileSync(DOC, 'utf8');
    const begin = text.indexOf(TABLE_BEGIN) + TABLE_BEGIN.length;
    writeFileSync(DOC, `${text.slice(0, begin)}\n${renderErrorTable()}\n${text.slice(text.indexOf(TABLE_END))}`);
  }
  const text = readFileSync(DOC, 'utf8');
  const documentedCodes = [...documentedTable(text).matchAll(/^\| `([^`]+)` \|/gm)].map((match) => match[1]);
  const classifiedCodes = everyClassifiedCode();

  it('lists every classified code', () => {
    expect(classifiedCodes.filter((code) => !documentedCodes.includes(code))).toEqual([]);
  });

  it('lists no code the classification tables do not know', () => {
    expect(documentedCodes.filter((code) => code !== undefined && !classifiedCodes.includes(code))).toEqual([]);
  });

  it("gives each code the class, HTTP status, retry rule and advice of the code's tables (UPDATE_ERRORS_DOC=1 regenerates it)", () => {
    expect(documentedTable(text)).toBe(renderErrorTable());
  });

  it('describes every class once, with the HTTP status the code gives it', () => {
    const classRows = [...text.matchAll(/^\| `([a-z-]+)` \| [^|]+ \| [^|]+ \| (\d{3})/gm)].map((match) => [match[1], Number(match[2])]);

    expect(classRows).toEqual(Object.keys(ERROR_CLASSES).map((errorClass) => [errorClass, HTTP_STATUS_BY_CLASS[errorClass as ErrorClass]]));
  });

  it('classifies every Code the function itself can answer with', () => {
    expect(codesInSource().filter((code) => !classifiedCodes.includes(code))).toEqual([]);
  });
});
