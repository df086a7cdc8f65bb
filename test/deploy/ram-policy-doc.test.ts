// docs/deploy.md's table of the role's permissions is what an operator builds the policy from by hand: it must list
// every action ram-policy.json grants, on the same resources, or drills and KeepCopies fail with Forbidden.RAM.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod/mini';
import { ROOT } from '../support/docs';

const PolicySchema = z.object({
  Statement: z.array(z.object({ Effect: z.literal('Allow'), Action: z.array(z.string()), Resource: z.array(z.string()) })),
});

/** Action → its resources, sorted, from every statement that grants it. */
function grantedByPolicy(): Record<string, string[]> {
  const policy = PolicySchema.parse(JSON.parse(readFileSync(join(ROOT, 'ram-policy.json'), 'utf8')));
  const granted: Record<string, string[]> = {};
  for (const statement of policy.Statement) {
    for (const action of statement.Action) granted[action] = [...(granted[action] ?? []), ...statement.Resource].sort();
  }
  return granted;
}

/** Action → its resources, sorted, from the table under "2. The function's role" in docs/deploy.md. */
function grantedByDeployPage(): Record<string, string[]> {
  const page = readFileSync(join(ROOT, 'docs', 'deploy.md'), 'utf8');
  const start = page.indexOf("**2. The function's role**");
  if (start < 0) throw new Error(`docs/deploy.md has no "**2. The function's role**" step`);
  const end = page.indexOf('**3.', start);
  const table: Record<string, string[]> = {};
  for (const row of page.slice(start, end).matchAll(/^\| `([a-z]+:[A-Za-z]+)` \| ([^|]+) \|/gm)) {
    const resources = [...(row[2] ?? '').matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? '');
    table[row[1] ?? ''] = resources.sort();
  }
  return table;
}

describe("docs/deploy.md's permissions table", () => {
  it('lists every action ram-policy.json grants, on the same resources, and no other', () => {
    const policy = grantedByPolicy();

    // The policy was read at all: without this, an empty parse would make the tables equal.
    expect(Object.keys(policy)).toContain('ecs:CopySnapshot');
    expect(grantedByDeployPage()).toEqual(policy);
  });
});
