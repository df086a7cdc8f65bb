import { CODES_BY_CLASS, classifiedFailure, classifyEcsError, codeOf } from '../../lib/ecs/classify-ecs-error';
import { adviceNaming, DISK_CALL_CODES_BY_CLASS, diskCallAdvice, diskCallClass } from '../../lib/ecs/disk-call-errors';
import { ADVICE_BY_CODE, adviceFor } from '../../lib/ecs/ecs-error-advice';
import { PopCoreEcsDisks } from '../../lib/ecs/pop-core-ecs-disks';
import { CLASS_ADVICE } from '../../lib/failures/class-advice';
import { ERROR_CLASSES, type ErrorClass } from '../../lib/failures/error-classes';
import { ConfigurationError, CopyFailure, InternalFailure, ValidationError } from '../../lib/failures/errors';
import { HTTP_STATUS_BY_CLASS, httpStatusFor } from '../../lib/fc/http-response';
import { everyClassifiedCode } from '../support/error-table';

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
    expect(classifyEcsError('QuotaExceed.CopyQuota', 403)).toBe('account');
    expect(classifyEcsError('InvalidEncrypted.SomethingNew', 403)).toBe('invalid-request');
    expect(classifyEcsError('InvalidSnapshotCategory.NotSupportSomething', 403)).toBe('invalid-request');
  });

  it('sorts any "a copy of this disk is still running" code into not-ready, whatever ECS calls it next', () => {
    expect(classifyEcsError('InvalidOperation.UnfinishedArchiveSnapshotCopy', 403)).toBe('not-ready');
  });

  it('sorts unknown codes by HTTP status, and otherwise as unknown', () => {
    expect(classifyEcsError('Brand.NewProblem', 500)).toBe('transient');
    expect(classifyEcsError('Brand.NewProblem', 429)).toBe('throttled');
    expect(classifyEcsError('Brand.NewProblem', 409)).toBe('transient');
    expect(classifyEcsError('Brand.NewProblem', 403)).toBe('unknown');
    expect(classifyEcsError('Brand.NewProblem')).toBe('unknown');
  });

  it('sorts a numeric Code answered with HTTP 503 as transient', () => {
    expect(classifyEcsError('503', 503)).toBe('transient');
  });

  it('gives each class a retry rule, an HTTP status and advice, and no advice to a class that does not exist', () => {
    expect(Object.keys(CLASS_ADVICE).sort()).toEqual(Object.keys(ERROR_CLASSES).sort());
    for (const [errorClass, rule] of Object.entries(ERROR_CLASSES)) {
      expect(['backoff', 'later', 'never']).toContain(rule.retry);
      expect(HTTP_STATUS_BY_CLASS[errorClass as ErrorClass]).toBeGreaterThanOrEqual(400);
      expect(CLASS_ADVICE[errorClass as ErrorClass].length).toBeGreaterThan(20);
    }
  });

  it("gives this function's own failures (lib/failures/errors.ts) the class the table gives their Codes", () => {
    for (const failure of [
      new ValidationError([{ field: 'SnapshotId', rule: 'is required' }]),
      new ValidationError([{ field: 'body', rule: 'is not valid JSON' }], 'InvalidEvent'),
      new ConfigurationError('DESTINATION_REGION_ID', 'is not set'),
      new InternalFailure(new TypeError('x')),
    ]) {
      expect([failure.Code, failure.errorClass]).toEqual([failure.Code, classifyEcsError(failure.Code)]);
    }
  });

  it("lists no code under two classes, nor in both tables (the copy path's and the disk calls')", () => {
    const all = everyClassifiedCode();

    expect(all.length).toBe(Object.values(CODES_BY_CLASS).flat().length + Object.values(DISK_CALL_CODES_BY_CLASS).flat().length);
    expect(new Set(all).size).toBe(all.length);
  });
});

describe("the disk calls' codes (disk-call-errors.ts, in dist/on-demand.js only)", () => {
  it.each([
    ['IncorrectDiskStatus', 403, 'not-ready', /later run/],
    ['InvalidDiskId.NotFound', 404, 'not-found', /does not exist/],
    ['OperationDenied.NoStock', 403, 'not-ready', /set ZoneId or DrillDiskCategory/],
    ['QuotaExceed.PostPaidDisk', 403, 'account', /Quota Center, or lower DrillDisks/],
    ['DrillZoneNotFound', undefined, 'invalid-request', /MaxDrillDiskGiB/],
    ['DeletionNotConfirmed', undefined, 'configuration', /put \{RegionId\} in ECS_ENDPOINT/],
  ] as const)('%s (HTTP %s) is %s, with its advice', (code, status, expected, advice) => {
    expect(diskCallClass(code, status)).toBe(expected);
    expect(diskCallAdvice(code, expected)).toMatch(advice);
  });

  it("are the copy path's table's and rules besides: its codes, families and HTTP statuses as classifyEcsError has them", () => {
    for (const code of Object.values(CODES_BY_CLASS).flat().map(codeOf)) {
      expect(diskCallClass(code)).toBe(classifyEcsError(code));
      expect(diskCallAdvice(code, classifyEcsError(code))).toBe(adviceFor(code, classifyEcsError(code)));
    }
    expect(diskCallClass('Throttling.Concurrency', 400)).toBe('throttled');
    expect(diskCallClass('Brand.NewProblem', 503)).toBe('transient');
    expect(diskCallClass('Brand.NewProblem', 403)).toBe('unknown');
  });

  it('are not known to the copy path: dist/index.js does not carry them', () => {
    expect(classifyEcsError('IncorrectDiskStatus', 403)).toBe('unknown');
    expect(adviceFor('DrillZoneNotFound', 'invalid-request')).toBe(CLASS_ADVICE['invalid-request']);
  });

  it("names the use case's own permissions in the advice of a refusal", () => {
    expect(adviceNaming('ecs:DeleteSnapshot', { Code: 'Forbidden.RAM', Class: 'forbidden' }).Advice).toMatch(/grant it ecs:DeleteSnapshot/);
    expect(adviceNaming('ecs:DeleteSnapshot', { Code: 'SnapshotCreatedDisk', Class: 'not-ready' }).Advice).toMatch(/Disks were created/);
  });

  it("are how the disk adapter classifies a failure PopCoreEcs.request threw, classified by the copy path's table alone", async () => {
    const thrown = classifiedFailure({
      Code: 'IncorrectDiskStatus',
      Message: 'The current disk status does not support this operation.',
      RequestId: 'R-1',
      ecsHttpStatus: 403,
    });
    const disks = new PopCoreEcsDisks({ request: () => Promise.reject(thrown) });
    const ecsCall = { credentials: { accessKeyId: 'id', accessKeySecret: 'secret' }, timeoutMs: 1000 };

    const failure = await disks.deleteDisk({ RegionId: 'us-east-1', DiskId: 'd-1' }, ecsCall).catch((error: unknown) => error);

    expect(thrown.errorClass).toBe('unknown');
    expect(failure).toBeInstanceOf(CopyFailure);
    expect(failure).toMatchObject({
      Code: 'IncorrectDiskStatus',
      errorClass: 'not-ready',
      RequestId: 'R-1',
      ecsHttpStatus: 403,
      Message: thrown.Message,
    });
  });

  it('lets a failure the copy path classifies alike through as it is', async () => {
    const thrown = classifiedFailure({
      Code: 'Throttling.User',
      Message: 'Request was denied due to user flow control.',
      ecsHttpStatus: 400,
    });
    const disks = new PopCoreEcsDisks({ request: () => Promise.reject(thrown) });
    const ecsCall = { credentials: { accessKeyId: 'id', accessKeySecret: 'secret' }, timeoutMs: 1000 };

    await expect(disks.deleteSnapshot({ RegionId: 'us-east-1', SnapshotId: 's-1' }, ecsCall)).rejects.toBe(thrown);
  });
});

/** CopySnapshot's documented error table
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-copysnapshot), with the class an SRE
 * expects of each code. */
const COPY_SNAPSHOT_TABLE = [
  ['InvalidOperation.UnfinishedCrossRegionCopy', 403, 'not-ready', /still running/],
  ['InvalidOperation.UnfinishedEncryptedSnapshotCopy', 403, 'not-ready', /still running/],
  ['InvalidOperation.DiskHasUnfinishedSnapshotCopy', 403, 'not-ready', /still running/],
  ['InvalidOperation.Conflict', 409, 'transient', /same ClientToken/],
  [
    'OperationDenied.NonCompliantDestinationRegion',
    403,
    'invalid-request',
    /pair cannot be copied.*Chinese mainland|Chinese mainland.*pair cannot be copied/,
  ],
  ['QuotaExceed.SnapshotQuota', 403, 'account', /quota/],
  ['InvalidEncrypted.NotSupportDecrypt', 403, 'invalid-request', /Encrypted to true/],
  ['InvalidEncrypted.NotMatchKmsKeyId', 403, 'invalid-request', /Encrypted/],
  ['InvalidEncrypted.NotMatchEncryptAlgorithm', 403, 'invalid-request', /encrypted copy/],
  ['InvalidParameter.KmsNotEnabled', 403, 'invalid-request', /activate KMS/],
  ['InvalidParameter.KMSKeyId.NotFound', 403, 'invalid-request', /activate KMS/],
  ['InvalidParameter.KMSKeyId.KMSUnauthorized', 403, 'invalid-request', /AliyunECSDiskEncryptDefaultRole/],
  ['InvalidParameter.KMSKeyId.CMKNotEnabled', 403, 'invalid-request', /enabled symmetric key/],
  ['InvalidParameter.KMSKeyId.CMKUnauthorized', 403, 'invalid-request', /AliyunECSDiskEncryptDefaultRole/],
  ['InvalidParameter.DataEncryptedKeyCreateFailed', 403, 'invalid-request', /KMS/],
  ['InvalidKMSKeyId.NotSymmetric', 403, 'invalid-request', /symmetric/],
  ['InvalidRegion.NotSupport', 403, 'invalid-request', /encrypted copy/],
  ['InvalidRegionId.NotSupportedEncryptedSnapshotCopy', 403, 'invalid-request', /encrypted copy/],
  ['InvalidRegionId.NotSupportEncryptAlgorithm', 403, 'invalid-request', /encrypted copy/],
  ['InvalidEncryptAlgorithm', 403, 'invalid-request', /encrypted copy/],
  ['InvalidSnapshotId.EncryptedNotSupport', 403, 'invalid-request', /cannot be copied/],
  ['InvalidSnapshot.EncryptedNotSupported', 403, 'invalid-request', /cannot be copied/],
  ['InvalidSnapshotCategory.NotSupportCopy', 403, 'invalid-request', /cannot be copied/],
  ['InvalidSnapshotCategory.NotSupportCrossRegionCopy', 403, 'invalid-request', /cannot be copied/],
  ['InvalidSnapshotCategory.NotSupportEncryptedCopy', 403, 'invalid-request', /cannot be copied/],
  ['OperationDenied.SnapshotCategoryNotSupportCopy', 403, 'invalid-request', /cannot be copied/],
  ['InvalidSnapshot.StorageLocationNotSupported', 403, 'invalid-request', /cannot be copied/],
  ['InvalidRegionId.MalFormed', 400, 'invalid-request', /region ID/],
  ['InvalidRegionId.NotExists', 403, 'invalid-request', /does not exist/],
  ['InvalidSnapshotName.Malformed', 403, 'invalid-request', /names the field/],
  ['InvalidDescription.Malformed', 403, 'invalid-request', /names the field/],
  ['InvalidRetentionDays.Malformed', 403, 'invalid-request', /names the field/],
  ['InvalidOperation.Unauthorized', 403, 'forbidden', /RAM/],
  ['InternalError', 500, 'transient', /same ClientToken/],
] as const;

/** DescribeSnapshots' documented error table
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describesnapshots). */
const DESCRIBE_SNAPSHOTS_TABLE = [
  ['InvalidSnapshotIds.Malformed', 403, 'invalid-request', /DescribeSnapshots filter/],
  ['InvalidStatus.NotFound', 404, 'invalid-request', /DescribeSnapshots filter/],
  ['InvalidSnapshotType.NotFound', 404, 'invalid-request', /DescribeSnapshots filter/],
  ['InvalidUsage', 404, 'invalid-request', /DescribeSnapshots filter/],
  ['InvalidSourceDiskType', 404, 'invalid-request', /DescribeSnapshots filter/],
  ['InvalidFilterKey.NotFound', 404, 'invalid-request', /DescribeSnapshots filter/],
  ['InvalidFilterValue', 404, 'invalid-request', /DescribeSnapshots filter/],
  ['InvalidTag.Mismatch', 400, 'invalid-request', /DescribeSnapshots filter/],
  ['InvalidTagCount', 400, 'invalid-request', /names the field/],
  ['InvalidSnapshotLinkId.NotFound', 404, 'invalid-request', /DescribeSnapshots filter/],
  ['InvalidParameter.MaxResults', 400, 'invalid-request', /DescribeSnapshots filter/],
  ['InternalError', 500, 'transient', /same ClientToken/],
] as const;

describe.each([
  ['CopySnapshot', COPY_SNAPSHOT_TABLE],
  ['DescribeSnapshots', DESCRIBE_SNAPSHOTS_TABLE],
])("%s's documented error codes", (_action, table) => {
  it.each(table)('%s (HTTP %i) is %s, with its own advice', (code, status, expected, advice) => {
    expect(classifyEcsError(code, status)).toBe(expected);
    expect(Object.values(CODES_BY_CLASS).flat().map(codeOf)).toContain(code);
    expect(adviceFor(code, expected)).toMatch(advice);
  });
});

describe('the codes of failures this function produces itself', () => {
  it.each([
    ['EcsNameNotResolved', 'invalid-request', 400, /does not resolve.*Not retried/],
    ['EcsTlsError', 'configuration', 500, /TLS.*Not retried/],
    ['EcsProtocolError', 'transient', 502, /not HTTP/],
    ['EcsUnreachable', 'transient', 502, /connection/],
    ['EcsBadResponse', 'transient', 502, /null body.*repeats itself/],
    ['EcsTimeout', 'transient', 504, /did not answer in time/],
    ['DeadlineExceeded', 'transient', 504, /function timeout/],
  ] as const)('%s is %s, answered with HTTP %i and its own advice', (code, expected, httpStatus, advice) => {
    expect(classifyEcsError(code)).toBe(expected);
    expect(httpStatusFor(code, expected)).toBe(httpStatus);
    expect(adviceFor(code, expected)).toMatch(advice);
  });

  it('does not retry a name that does not resolve or a TLS failure', () => {
    expect(ERROR_CLASSES[classifyEcsError('EcsNameNotResolved')].retry).toBe('never');
    expect(ERROR_CLASSES[classifyEcsError('EcsTlsError')].retry).toBe('never');
  });

  it('retries a conflict with an earlier call, a protocol error and any 5xx', () => {
    expect(ERROR_CLASSES[classifyEcsError('InvalidOperation.Conflict', 409)].retry).toBe('backoff');
    expect(ERROR_CLASSES[classifyEcsError('EcsProtocolError')].retry).toBe('backoff');
    expect(ERROR_CLASSES[classifyEcsError('Anything.AtAll', 502)].retry).toBe('backoff');
  });
});

describe('the advice of a code', () => {
  it("names only codes of the copy path's table: advice for a code no table classifies would never be seen", () => {
    const codes = new Set(Object.values(CODES_BY_CLASS).flat());
    expect(Object.keys(ADVICE_BY_CODE).filter((code) => !codes.has(code))).toEqual([]);
  });

  it("is its class's where it has none of its own, and never a prototype's property", () => {
    expect(adviceFor('InvalidSnapshotId.NotFound', 'not-found')).toBe(CLASS_ADVICE['not-found']);
    expect(adviceFor('constructor', 'unknown')).toBe(CLASS_ADVICE.unknown);
  });
});
