// The counts the documentation states (how many invocations npm start runs, how many variables invoke applies, how
// many error classes and policy statements there are) are counted from the code here, so a page cannot go on saying
// "ten" once there are eleven. Every statement of each kind, in any page, is checked.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CLASSES } from '../../lib/failures/error-classes';
import { functionEnvironment, readSYaml } from '../../tools/s-yaml';
import { documentation, ROOT } from '../support/docs';

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
const NUMBER = `(\\d+|${NUMBER_WORDS.join('|')})`;
const asNumber = (text: string): number => (/^\d+$/.test(text) ? Number(text) : NUMBER_WORDS.indexOf(text.toLowerCase()));

interface CountClaim {
  /** What is counted, for the failure message. */
  what: string;
  /** The phrase that states the count; its first group is the number. */
  phrase: RegExp;
  /** The count, from the code. */
  actual: () => number;
}

const source = (path: string) => readFileSync(join(ROOT, path), 'utf8');

const CLAIMS: readonly CountClaim[] = [
  {
    what: 'the invocations npm start runs (the `step(` calls of tools/start.ts)',
    phrase: new RegExp(`\\bruns ${NUMBER} invocations\\b`, 'gi'),
    actual: () => [...source('tools/start.ts').matchAll(/\bawait step\(/g)].length,
  },
  {
    what: "the variables npm run invoke applies (s.yaml's environmentVariables and FC_REGION)",
    phrase: new RegExp(`environment \\(${NUMBER} variables\\b`, 'gi'),
    actual: () => Object.keys(functionEnvironment(readSYaml({}), {}).environment).length,
  },
  {
    what: 'the error classes (ERROR_CLASSES in lib/failures/error-classes.ts)',
    phrase: new RegExp(`\\b${NUMBER} (?:error )?classes\\b`, 'gi'),
    actual: () => Object.keys(ERROR_CLASSES).length,
  },
  {
    what: 'the statements of ram-policy.json',
    phrase: new RegExp(`\\(${NUMBER} statements\\)`, 'gi'),
    actual: () => (JSON.parse(source('ram-policy.json')) as { Statement: unknown[] }).Statement.length,
  },
];

describe('the counts the documentation states are the code’s', () => {
  const pages = documentation();

  it.each(CLAIMS.map((claim) => [claim.what, claim] as const))('states %s as the code has them', (_what, claim) => {
    const stated = [...pages].flatMap(([page, text]) =>
      [...text.matchAll(claim.phrase)].map((match) => ({ page, phrase: match[0], count: asNumber(match[1] ?? '') })),
    );
    const actual = claim.actual();

    // The phrase is still in the pages: a reworded sentence must take its check along.
    expect(stated.length).toBeGreaterThan(0);
    expect(
      stated
        .filter((statement) => statement.count !== actual)
        .map((statement) => `${statement.page}: "${statement.phrase}", the code has ${actual}`),
    ).toEqual([]);
  });
});
