import { type ActionContext, type ActionResult, type ActionSpec, fail, succeed } from './action';
import { ecsError } from './errors';
import { integerFrom, trueOrFalse } from './param-rules';
import { nonEmpty } from './params';
import type { DirectoryAccount } from './resource-directory';
import { readTagParams } from './tag-params';

/** Resource Manager's API version of ListAccounts. */
export const RESOURCE_MANAGER_API_VERSION = '2020-03-31';

const DEFAULT_PAGE_SIZE = 10;

/**
 * ListAccounts (https://www.alibabacloud.com/help/en/resource-management/resource-directory/developer-reference/api-resourcemanager-2020-03-31-listaccounts):
 * the members of the Resource Directory, `PageNumber` (from 1) and `PageSize` (1 to 100, 10 by default) at a time,
 * filtered by `Tag.N.Key`/`Tag.N.Value` (a member must have every tag named; a Key alone matches any value), with their
 * tags when `IncludeTags=true`. "You can use only the management account of a resource directory or a delegated
 * administrator account of a trusted service to call this operation": a delegated administrator is not modelled.
 *
 * Codes: a caller whose account is in no directory gets 404 EntityNotExists.ResourceDirectory (the operation's error
 * table in Resource Manager's API metadata). A member that is not the management account gets 403
 * MemberAccountAccessDenied, the code Resource Manager answers a member with in SetMemberDeletionPermission's table:
 * what ListAccounts answers a member is UNVERIFIED. So are InvalidParameter.PageNumber / PageSize for values out of
 * range, and the order of the members (the order they were seeded).
 */
function run(context: ActionContext): ActionResult {
  const { params, caller, services } = context;
  const directory = services.resourceDirectory();
  if (directory === undefined || !directory.Accounts.some((account) => account.AccountId === caller.accountId)) {
    return fail(
      ecsError(
        404,
        'EntityNotExists.ResourceDirectory',
        'The resource directory for the account is not enabled. We recommend that you first enable the resource directory for the account.',
      ),
    );
  }
  if (caller.accountId !== directory.ManagementAccountId) {
    return fail(ecsError(403, 'MemberAccountAccessDenied', 'The member account is not allowed to perform the operation.'));
  }
  const PageNumber = Number(nonEmpty(params, 'PageNumber') ?? '1');
  const PageSize = Number(nonEmpty(params, 'PageSize') ?? String(DEFAULT_PAGE_SIZE));
  const includeTags = /^true$/i.test(params.get('IncludeTags') ?? '');
  const wanted = readTagParams(params);
  const matching = directory.Accounts.filter((account) =>
    wanted.every(
      (tag) =>
        tag.Key === undefined ||
        account.Tags.Tag.some((held) => held.Key === tag.Key && (tag.Value === undefined || held.Value === tag.Value)),
    ),
  );
  const page = matching.slice((PageNumber - 1) * PageSize, PageNumber * PageSize);
  return succeed({
    TotalCount: matching.length,
    PageNumber,
    PageSize,
    Accounts: { Account: page.map((account) => view(account, includeTags)) },
  });
}

function view(account: DirectoryAccount, includeTags: boolean): Record<string, unknown> {
  const { Tags, ...fields } = account;
  return includeTags ? { ...fields, Tags } : fields;
}

export const listAccounts: ActionSpec = {
  product: 'ResourceManager',
  version: RESOURCE_MANAGER_API_VERSION,
  Action: 'ListAccounts',
  params: { PageNumber: integerFrom(1, 1_000_000), PageSize: integerFrom(1, 100), IncludeTags: trueOrFalse },
  run,
};
