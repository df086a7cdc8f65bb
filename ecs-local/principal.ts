/**
 * Who a request acts for: an account, the actions its key's RAM policy allows (every one when absent), and the RAM
 * identity that signed it (`arn`): a RAM user, `acs:ram::{accountId}:user/{name}`, or a role session,
 * `acs:ram::{accountId}:role/{name}` (an STS token's role). Without `arn` the key is the account's own (its root
 * identity), which STS refuses to let assume a role.
 */
export interface Principal {
  accountId: string;
  allowedActions?: readonly string[];
  arn?: string;
}
