import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod/mini';

const root = join(__dirname, '..', '..');

const PolicySchema = z.object({
  Version: z.literal('1'),
  Statement: z.array(z.strictObject({ Effect: z.literal('Allow'), Action: z.array(z.string()), Resource: z.array(z.string()) })),
});

/** The JSON blocks of a Markdown page. */
function jsonBlocks(markdown: string): unknown[] {
  return [...markdown.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => JSON.parse(match[1] ?? ''));
}

describe("docs/status.md's RAM policy for npm run status", () => {
  it('grants DescribeSnapshots on snapshots, DescribeLockedSnapshots, and nothing else, so the keys on a monitoring host can only read', () => {
    const policies = jsonBlocks(readFileSync(join(root, 'docs', 'status.md'), 'utf8')).map((block) => PolicySchema.parse(block));

    expect(policies).toHaveLength(1);
    expect(policies[0]?.Statement).toEqual([
      { Effect: 'Allow', Action: ['ecs:DescribeSnapshots'], Resource: ['acs:ecs:*:*:snapshot/*'] },
      // RAM lists DescribeLockedSnapshots on all resources (ram-policy.test.ts).
      { Effect: 'Allow', Action: ['ecs:DescribeLockedSnapshots'], Resource: ['*'] },
    ]);
  });

  it('names a screenshot that exists and is small enough for the repository', () => {
    const page = readFileSync(join(root, 'docs', 'status.md'), 'utf8');
    const png = readFileSync(join(root, 'docs', 'status.png'));

    expect(page).toContain('](status.png)');
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.length).toBeLessThan(200 * 1024);
  });
});
