import { type ActionContext, type ActionResult, type ActionSpec, fail, succeed } from './action';
import { ecsError } from './errors';
import { nonEmpty } from './params';
import { isRoleArn, parseRoleArn } from './ram-arn';
import { expirationText } from './sts-token';

/** STS's API version (https://www.alibabacloud.com/help/en/ram/api-assumerole). */
export const STS_API_VERSION = '2015-04-01';

const MIN_DURATION_SECONDS = 900;
const DEFAULT_DURATION_SECONDS = 3600;
/** A role session assuming another role (role chaining) gets at most this long: AWS's rule, which Alibaba's
 * documentation does not state (UNVERIFIED, assumed here). */
const ROLE_CHAINING_MAX_SECONDS = 3600;

/**
 * STS's own troubleshooting table gives the codes and messages used below
 * (https://www.alibabacloud.com/help/en/oss/how-to-handle-the-common-errors-when-you-access-oss-by-using-sts):
 * NoPermission for a root key and for a role that does not trust the caller, InvalidParameter.RoleSessionName,
 * InvalidParameter.DurationSeconds. EntityNotExist.Role "The specified Role not exists" is the code Alibaba's own SDK
 * tests expect for an unknown role. Their HTTP statuses are UNVERIFIED (400 for a malformed parameter, 403 for a
 * refusal, 404 for an unknown role here), as is InvalidParameter.RoleArn for a RoleArn of another shape.
 */
const refuse = (status: number, Code: string, Message: string): ActionResult => fail(ecsError(status, Code, Message));

/** "2 to 64 characters: letters, digits, `.`, `@`, `-` and `_`" (the AssumeRole page; older pages said 32). */
const ROLE_SESSION_NAME = /^[A-Za-z0-9.@_-]{2,64}$/;

function run(context: ActionContext): ActionResult {
  const { params, caller, services, nowMs } = context;
  const RoleArn = params.get('RoleArn') ?? '';
  const RoleSessionName = params.get('RoleSessionName') ?? '';
  if (!ROLE_SESSION_NAME.test(RoleSessionName)) {
    return refuse(400, 'InvalidParameter.RoleSessionName', 'The parameter RoleSessionName is wrongly formed.');
  }
  const durationText = nonEmpty(params, 'DurationSeconds');
  const requested =
    durationText === undefined ? DEFAULT_DURATION_SECONDS : /^\d{1,9}$/.test(durationText) ? Number(durationText) : Number.NaN;
  if (!(requested >= MIN_DURATION_SECONDS)) return durationRefused(DEFAULT_DURATION_SECONDS);
  // A session policy narrows the token's rights; this cloud does not evaluate one and says so rather than ignore it.
  if (nonEmpty(params, 'Policy') !== undefined) {
    return refuse(400, 'InvalidParameter.Policy', 'ecs-local does not emulate session policies: call AssumeRole without Policy.');
  }
  if (caller.arn === undefined) return refuse(403, 'NoPermission', 'Roles may not be assumed by root accounts.');
  const target = parseRoleArn(RoleArn);
  if (target === undefined) {
    return refuse(400, 'InvalidParameter.RoleArn', 'The parameter RoleArn is wrongly formed: acs:ram::{accountId}:role/{roleName}.');
  }
  const role = services.roleOf(target.accountId, target.roleName);
  if (role === undefined) return refuse(404, 'EntityNotExist.Role', `The specified Role not exists: ${RoleArn}`);
  if (!services.roleTrusts(target.accountId, target.roleName, { accountId: caller.accountId, arn: caller.arn })) {
    return refuse(
      403,
      'NoPermission',
      'No permission perform sts:AssumeRole on this Role. Maybe you are not authorized to perform sts:AssumeRole or the specified role does not trust you',
    );
  }
  const maxSeconds = isRoleArn(caller.arn) ? Math.min(ROLE_CHAINING_MAX_SECONDS, role.MaxSessionDuration) : role.MaxSessionDuration;
  if (requested > maxSeconds) return durationRefused(maxSeconds);

  const token = services.issueToken({ accountId: target.accountId, role, durationSeconds: requested });
  return succeed({
    AssumedRoleUser: { Arn: `${role.Arn}/${RoleSessionName}`, AssumedRoleId: `${role.RoleId}:${RoleSessionName}` },
    Credentials: {
      AccessKeyId: token.accessKeyId,
      AccessKeySecret: token.accessKeySecret,
      SecurityToken: token.securityToken,
      Expiration: expirationText(token.expiration?.getTime() ?? nowMs + requested * 1000),
    },
  });
}

/** The documented message names 15 minutes and 1 hour, the bounds of a role whose MaxSessionDuration is 3600. */
function durationRefused(maxSeconds: number): ActionResult {
  const max = maxSeconds % 3600 === 0 ? `${maxSeconds / 3600}hr` : `${maxSeconds}s`;
  return refuse(400, 'InvalidParameter.DurationSeconds', `The Min/Max value of DurationSeconds is 15min/${max}.`);
}

/** AssumeRole: `RoleArn`*, `RoleSessionName`*, `DurationSeconds`, `Policy` (refused: not emulated). */
export const assumeRole: ActionSpec = {
  product: 'Sts',
  version: STS_API_VERSION,
  Action: 'AssumeRole',
  required: ['RoleArn', 'RoleSessionName'],
  run,
};
