import type { AsyncInvocations } from './async-invocations';
import type { ResourceDirectory } from './resource-directory';
import type { Role, TrustCaller } from './role';
import type { LocalEcsCredential } from './signature';

/** An STS token to issue: for a role of an account, for so long, from now. */
export interface TokenIssue {
  accountId: string;
  role: Role;
  durationSeconds: number;
}

/**
 * What the actions of other products than ECS need beyond the calling account's state: any account's roles (STS
 * acts on the role's account, not the caller's), the credential table to issue tokens into, the Resource Directory,
 * and FC's asynchronous invocations. The engine implements it (engine.ts).
 */
export interface CloudServices {
  /** The role of an account, or undefined when the account has no such role (or is unknown). */
  roleOf(accountId: string, roleName: string): Role | undefined;
  /** Whether the role's trust policy lets the caller assume it. */
  roleTrusts(accountId: string, roleName: string, caller: TrustCaller): boolean;
  /** Adds a new STS token of the role to the credential table, for the role's account, and answers it. */
  issueToken(issue: TokenIssue): LocalEcsCredential;
  resourceDirectory(): ResourceDirectory | undefined;
  readonly asyncInvocations: AsyncInvocations;
}
