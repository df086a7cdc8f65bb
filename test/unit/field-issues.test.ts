import { ValidationError } from '../../lib/failures/errors';
import { CopyRequestSchema } from '../../lib/request/copy-request';
import { toFieldIssues } from '../../lib/request/field-issues';

describe('toFieldIssues', () => {
  it('names a request-level unknown key such as __proto__ even when more than 20 other fields are broken', () => {
    const brokenTags = (count: number) =>
      JSON.stringify(Array.from({ length: count }, (_, index) => ({ Key: `k${index}`, Value: 'v', oops: 1 })));
    const request = JSON.parse(`{"Tag":${brokenTags(15)},"SourceTag":${brokenTags(15)},"__proto__":{"polluted":true}}`) as unknown;

    const parsed = CopyRequestSchema.safeParse(request);
    const error = new ValidationError(toFieldIssues(parsed.error?.issues ?? []));

    expect(error.issues[0]).toEqual({ field: '__proto__', rule: 'is not a parameter this function accepts (check its spelling)' });
    expect(error.issues.map((issue) => issue.field)).toContain('Tag.1.oops');
    expect(error.Message).toMatch(/; and \d+ more$/);
  });
});
