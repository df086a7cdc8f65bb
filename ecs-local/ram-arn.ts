/**
 * RAM's names of identities (https://www.alibabacloud.com/help/en/ram/api-assumerole): a role is
 * `acs:ram::{accountId}:role/{roleName}`, a RAM user `acs:ram::{accountId}:user/{userName}`, an account's root identity
 * `acs:ram::{accountId}:root`. Real account IDs are digits; the local cloud's accounts are names such as
 * `local-account`, so letters and hyphens are accepted too. RAM writes a role's name in lower case in its ARN
 * (`acs:ram::123456789012****:role/adminrole`, the AssumeRole page), and this cloud compares role names without
 * regard to case (that RAM does: UNVERIFIED).
 */
const ACCOUNT = '[A-Za-z0-9][A-Za-z0-9-]*';
const ROLE_ARN = new RegExp(`^acs:ram::(${ACCOUNT}):role/([^/]+)$`);
const PRINCIPAL_ARN = new RegExp(`^acs:ram::(${ACCOUNT}):(user|role)/([^/]+)$`);

export interface RoleArn {
  accountId: string;
  roleName: string;
}

/** The account and role a RoleArn names, or undefined when it is not of that shape. */
export function parseRoleArn(text: string): RoleArn | undefined {
  const match = ROLE_ARN.exec(text);
  if (match === null) return undefined;
  return { accountId: match[1] ?? '', roleName: match[2] ?? '' };
}

/** A role's ARN as RAM writes it. */
export const roleArnOf = (accountId: string, roleName: string): string => `acs:ram::${accountId}:role/${roleName.toLowerCase()}`;

/** The root identity of an account, as a trust policy names "every RAM identity of that account". */
export const rootArnOf = (accountId: string): string => `acs:ram::${accountId}:root`;

/** The account of a RAM user's or role's ARN, or undefined when it is neither. */
export function accountOfPrincipal(arn: string): string | undefined {
  return PRINCIPAL_ARN.exec(arn)?.[1];
}

/** Whether the ARN names a role (a role session signs with it). */
export const isRoleArn = (arn: string): boolean => PRINCIPAL_ARN.exec(arn)?.[2] === 'role';
