import { DISK_CODES_BY_CLASS } from './disk-error-codes';
import type { ErrorClass } from './error-classes';

/**
 * ECS error codes by class, kept as data. Sources: the CopySnapshot API page (seeds/000_96ed6844ccc46ca2.txt) and
 * the error table of shared/reference/ecs-api.md. Codes this function produces itself (no ECS answer) are listed
 * with them, so every Code a user can see is classified here.
 */
const CODES_BY_CLASS: Readonly<Record<Exclude<ErrorClass, 'configuration' | 'unknown'>, readonly string[]>> = {
  'invalid-request': [
    'InvalidParameter',
    'InvalidEvent',
    'MissingParameter',
    'Duplicate.TagKey',
    'InvalidTagKey.Malformed',
    'InvalidTagValue.Malformed',
    'InvalidTagCount',
    'IdempotentParameterMismatch',
    'InvalidOperation.NotSupportCopyInSameRegion',
    'InvalidRegionId.NotFound',
    'InvalidDestinationRegionId.NotFound',
    'InvalidDestinationSnapshotName.Malformed',
    'InvalidDestinationSnapshotDescription.Malformed',
    'InvalidRetentionDays.Malformed',
    'InvalidSnapshotId.NotSupported',
    'InvalidKMSKeyId.NotFound',
  ],
  'not-found': ['InvalidSnapshotId.NotFound'],
  'not-ready': ['InvalidSnapshotId.NotReady', 'InvalidOperation.DiskHasUnfinishedSnapshotCopy'],
  forbidden: ['InvalidUser.NotInWhiteList', 'Forbidden.RAM', 'Forbidden', 'NoPermission'],
  account: ['InvalidAccountStatus.NotEnoughBalance', 'InvalidAccountStatus.SnapshotServiceUnavailable'],
  throttled: ['Throttling', 'Throttling.User', 'Throttling.Api'],
  credentials: [
    'MissingCredentials',
    'MissingSignature',
    'MissingAccessKeyId',
    'MissingSecurityToken',
    'SignatureDoesNotMatch',
    'IncompleteSignature',
    'InvalidAccessKeyId.NotFound',
    'InvalidAccessKeyId.Inactive',
    'InvalidSecurityToken.Expired',
    'InvalidSecurityToken.Malformed',
    'InvalidSecurityToken.Mismatch',
    'IllegalTimestamp',
  ],
  transient: [
    'ServiceUnavailable',
    'InternalError',
    'UnknownError',
    // A reused nonce is answered before anything is done; the retry is a new request with a new nonce.
    'SignatureNonceUsed',
    'EcsBadResponse',
    'EcsUnreachable',
    'EcsTimeout',
    'DeadlineExceeded',
  ],
};

/** Families of codes that ECS extends over time; checked after the exact codes. */
const CODE_PREFIXES: ReadonlyArray<readonly [string, ErrorClass]> = [
  ['Throttling.', 'throttled'],
  ['InvalidAccountStatus.', 'account'],
  ['InvalidSecurityToken.', 'credentials'],
  ['InvalidAccessKeyId.', 'credentials'],
  ['Forbidden.', 'forbidden'],
  ['Missing', 'invalid-request'],
  ['InvalidParameter.', 'invalid-request'],
];

const CLASS_BY_CODE: ReadonlyMap<string, ErrorClass> = new Map(
  [...Object.entries(CODES_BY_CLASS), ...Object.entries(DISK_CODES_BY_CLASS)].flatMap(([errorClass, codes]) =>
    (codes ?? []).map((code) => [code, errorClass as ErrorClass] as const),
  ),
);

/**
 * Sorts an ECS answer into a class: by its Code, then by the code's family, then (a code no table knows, which is
 * still reported verbatim) by the HTTP status: 5xx is transient, 429 is throttling, anything else is unknown.
 */
export function classifyEcsError(Code: string, ecsHttpStatus?: number): ErrorClass {
  const exact = CLASS_BY_CODE.get(Code);
  if (exact) return exact;
  const family = CODE_PREFIXES.find(([prefix]) => Code.startsWith(prefix));
  if (family) return family[1];
  if (Code.endsWith('.Malformed')) return 'invalid-request';
  if (ecsHttpStatus !== undefined && ecsHttpStatus >= 500) return 'transient';
  if (ecsHttpStatus === 429) return 'throttled';
  return 'unknown';
}
