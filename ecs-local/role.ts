import { randomInt } from 'node:crypto';
import * as z from 'zod';
import { roleArnOf, rootArnOf } from './ram-arn';

/**
 * A RAM role's trust policy, as RAM's CreateRole takes it (`AssumeRolePolicyDocument`,
 * https://www.alibabacloud.com/help/en/ram/user-guide/overview-of-ram-roles):
 * `{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"RAM":["acs:ram::{account}:role/{name}"]}}],"Version":"1"}`.
 * Strict: a `Condition` is refused rather than ignored, as this cloud does not evaluate one.
 */
const OneOrMore = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);
const TrustStatementSchema = z.strictObject({
  Effect: z.enum(['Allow', 'Deny']),
  Action: OneOrMore,
  Principal: z.strictObject({ RAM: OneOrMore.optional(), Service: OneOrMore.optional(), Federated: OneOrMore.optional() }),
});
export const TrustPolicySchema = z.strictObject({ Version: z.string().optional(), Statement: z.array(TrustStatementSchema).min(1) });
export type TrustPolicy = z.infer<typeof TrustPolicySchema>;

/** RAM's MaxSessionDuration: 3600 to 43200 seconds, 3600 by default (the AssumeRole page's DurationSeconds). */
export const DEFAULT_MAX_SESSION_DURATION = 3600;

/** A role to seed (`ecs.addRole`, `POST /_local/roles`): its name, trust policy, longest session, permission policy. */
export const SeedRoleSchema = z.strictObject({
  /** RAM's RoleName: letters, digits, `.` and `-`, at most 64 characters. */
  RoleName: z.string().regex(/^[A-Za-z0-9.-]{1,64}$/),
  /** The trust policy: a document, or its JSON text as RAM's API takes it. */
  AssumeRolePolicyDocument: z.union([TrustPolicySchema, z.string().min(1)]),
  MaxSessionDuration: z.number().int().min(3600).max(43200).optional(),
  /** The role's permission policy as the actions its sessions may call (every action when absent): what an STS token
   * of the role carries as its `allowedActions`. */
  allowedActions: z.array(z.string().min(1)).optional(),
});
export type SeedRole = z.infer<typeof SeedRoleSchema>;

/** A role of an account, as `GET /_local/roles` lists it. */
export interface Role {
  RoleName: string;
  /** RAM's numeric role ID, which an AssumedRoleId starts with. */
  RoleId: string;
  Arn: string;
  /** The trust policy as JSON text, as RAM's GetRole answers it. */
  AssumeRolePolicyDocument: string;
  MaxSessionDuration: number;
  allowedActions?: readonly string[];
}

/** Who is asking to assume a role: its account and its identity's ARN. */
export interface TrustCaller {
  accountId: string;
  arn: string;
}

/** A role made from its seed, in its account. Throws on a malformed seed or trust policy. */
export function roleFrom(seed: SeedRole, accountId: string): { role: Role; trust: TrustPolicy } {
  const parsed = SeedRoleSchema.parse(seed);
  const trust =
    typeof parsed.AssumeRolePolicyDocument === 'string'
      ? TrustPolicySchema.parse(parseJson(parsed.AssumeRolePolicyDocument))
      : parsed.AssumeRolePolicyDocument;
  return {
    role: {
      RoleName: parsed.RoleName,
      RoleId: newRoleId(),
      Arn: roleArnOf(accountId, parsed.RoleName),
      AssumeRolePolicyDocument: JSON.stringify(trust),
      MaxSessionDuration: parsed.MaxSessionDuration ?? DEFAULT_MAX_SESSION_DURATION,
      ...(parsed.allowedActions !== undefined ? { allowedActions: parsed.allowedActions } : {}),
    },
    trust,
  };
}

/**
 * Whether the trust policy lets the caller assume the role: an `Allow` statement whose Action is `sts:AssumeRole`
 * (or `sts:*`, `*`) names, under `Principal.RAM`, the caller's ARN or its account's root (which trusts every RAM
 * identity of that account), and no `Deny` statement names it so. ARNs compare without regard to case.
 */
export function trusts(policy: TrustPolicy, caller: TrustCaller): boolean {
  const names = new Set([caller.arn.toLowerCase(), rootArnOf(caller.accountId).toLowerCase()]);
  const applies = (statement: TrustPolicy['Statement'][number]): boolean =>
    listOf(statement.Action).some((action) => /^(sts:assumerole|sts:\*|\*)$/i.test(action)) &&
    listOf(statement.Principal.RAM).some((principal) => names.has(principal.toLowerCase()));
  if (policy.Statement.some((statement) => statement.Effect === 'Deny' && applies(statement))) return false;
  return policy.Statement.some((statement) => statement.Effect === 'Allow' && applies(statement));
}

function listOf(value: string | readonly string[] | undefined): readonly string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : value;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new TypeError('Expected AssumeRolePolicyDocument to be a trust policy or its JSON text.');
  }
}

/** 19 digits, as RAM's role IDs (`344584339364951186`, the AssumeRole page's AssumedRoleId) are. */
function newRoleId(): string {
  let id = String(randomInt(1, 10));
  for (let i = 0; i < 18; i += 1) id += String(randomInt(0, 10));
  return id;
}
