import { classifyEcsError } from '../../lib/ecs/classify-ecs-error';
import { ERROR_CLASSES } from '../../lib/ecs/error-classes';

describe('classifyEcsError', () => {
  it.each([
    ['Duplicate.TagKey', 400, 'invalid-request'],
    ['InvalidTagKey.Malformed', 400, 'invalid-request'],
    ['InvalidTagValue.Malformed', 400, 'invalid-request'],
    ['IdempotentParameterMismatch', 400, 'invalid-request'],
    ['InvalidSnapshotId.NotFound', 403, 'not-found'],
    ['InvalidSnapshotId.NotReady', 403, 'not-ready'],
    ['InvalidOperation.DiskHasUnfinishedSnapshotCopy', 403, 'not-ready'],
    ['InvalidUser.NotInWhiteList', 403, 'forbidden'],
    ['Forbidden.RAM', 403, 'forbidden'],
    ['InvalidAccountStatus.NotEnoughBalance', 403, 'account'],
    ['InvalidAccountStatus.SnapshotServiceUnavailable', 403, 'account'],
    ['Throttling.User', 400, 'throttled'],
    ['Throttling', 503, 'throttled'],
    ['SignatureDoesNotMatch', 400, 'credentials'],
    ['InvalidAccessKeyId.NotFound', 404, 'credentials'],
    ['InvalidSecurityToken.Expired', 400, 'credentials'],
    ['IllegalTimestamp', 400, 'credentials'],
    ['ServiceUnavailable', 503, 'transient'],
    ['InternalError', 500, 'transient'],
    ['SignatureNonceUsed', 400, 'transient'],
  ] as const)('sorts %s (HTTP %i) into %s', (code, status, expected) => {
    expect(classifyEcsError(code, status)).toBe(expected);
  });

  it('sorts codes of a known family it has never seen by the family', () => {
    expect(classifyEcsError('Throttling.Concurrency', 400)).toBe('throttled');
    expect(classifyEcsError('InvalidAccountStatus.Frozen', 403)).toBe('account');
    expect(classifyEcsError('InvalidKMSKeyId.Malformed', 400)).toBe('invalid-request');
  });

  it('sorts unknown codes by HTTP status, and otherwise as unknown', () => {
    expect(classifyEcsError('Brand.NewProblem', 500)).toBe('transient');
    expect(classifyEcsError('Brand.NewProblem', 429)).toBe('throttled');
    expect(classifyEcsError('Brand.NewProblem', 403)).toBe('unknown');
    expect(classifyEcsError('Brand.NewProblem')).toBe('unknown');
  });

  it('gives each class a retry rule, an HTTP status and advice', () => {
    for (const rule of Object.values(ERROR_CLASSES)) {
      expect(['backoff', 'later', 'never']).toContain(rule.retry);
      expect(rule.httpStatus).toBeGreaterThanOrEqual(400);
      expect(rule.advice.length).toBeGreaterThan(20);
    }
  });
});
