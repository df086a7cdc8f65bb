import type { AccountState } from './account-state';
import { AsyncInvocations } from './async-invocations';
import type { CloudServices, TokenIssue } from './cloud-services';
import type { LocalFunction, LocalFunctionContext, LocalFunctionHandler, LocalFunctionOptions } from './fc-function';
import { parseRoleArn } from './ram-arn';
import { type ResourceDirectory, resourceDirectoryFrom, type SeedResourceDirectory } from './resource-directory';
import type { Role, SeedRole, TrustCaller } from './role';
import type { LocalEcsCredential } from './signature';
import { newStsCredential } from './sts-token';

/** How long the credentials FC hands a function for one delivery last (UNVERIFIED: FC does not say). */
const FUNCTION_CREDENTIALS_SECONDS = 3600;

/** What the organisation needs of the engine: its clock, its accounts, its credential table, its delivery timer. */
export interface OrganisationHost {
  now: () => number;
  /** An account's state, made when first named. */
  account(accountId: string): AccountState;
  /** An account's state, or undefined for an account never named. */
  knownAccount(accountId: string): AccountState | undefined;
  addCredential(credential: LocalEcsCredential): void;
  defaultAccountId: string;
  scheduleAt: ((atMs: number, action: () => void) => void) | undefined;
}

/**
 * The local cloud as an organisation, beyond each account's own resources: the accounts' RAM roles and the STS
 * tokens issued for them, the Resource Directory that lists the accounts, and FC's asynchronous invocations of the
 * functions registered in them. It is what the actions of STS, Resource Manager and FC reach (CloudServices), and
 * what the controls seed.
 */
export class Organisation implements CloudServices {
  readonly asyncInvocations: AsyncInvocations;
  private directory: ResourceDirectory | undefined;

  constructor(private readonly host: OrganisationHost) {
    this.asyncInvocations = new AsyncInvocations({
      now: host.now,
      scheduleAt: host.scheduleAt,
      credentialsFor: (fn) => this.functionCredentials(fn),
    });
  }

  /** Adds a RAM role to an account. Throws on a malformed seed or a name in use. */
  addRole(seed: SeedRole, accountId: string): Role {
    return this.host.account(accountId).roles.add(seed, accountId);
  }

  /** An account's roles, in the order added. */
  roles(accountId: string): Role[] {
    return this.host.knownAccount(accountId)?.roles.list() ?? [];
  }

  roleOf(accountId: string, roleName: string): Role | undefined {
    return this.host.knownAccount(accountId)?.roles.get(roleName);
  }

  roleTrusts(accountId: string, roleName: string, caller: TrustCaller): boolean {
    return this.host.knownAccount(accountId)?.roles.trusts(roleName, caller) ?? false;
  }

  /** A new STS token of the role, in the credential table for the role's account, expiring on the engine's clock. */
  issueToken(issue: TokenIssue): LocalEcsCredential {
    const credential = newStsCredential({
      accountId: issue.accountId,
      roleArn: issue.role.Arn,
      allowedActions: issue.role.allowedActions,
      expiresAtMs: this.host.now() + issue.durationSeconds * 1000,
    });
    this.host.addCredential(credential);
    return credential;
  }

  /** Replaces the Resource Directory. Throws on a malformed seed. */
  setResourceDirectory(seed: SeedResourceDirectory): ResourceDirectory {
    this.directory = resourceDirectoryFrom(seed, this.host.now());
    return this.directory;
  }

  resourceDirectory(): ResourceDirectory | undefined {
    return this.directory;
  }

  /**
   * Registers a function that asynchronous invocations are delivered to. Throws on a malformed name or options, a
   * name its account already has, or a `role` that is not a role of the function's account.
   */
  registerFunction(functionName: string, handler: LocalFunctionHandler, options: LocalFunctionOptions = {}): LocalFunction {
    const accountId = options.accountId ?? this.host.defaultAccountId;
    if (options.role !== undefined) {
      const target = parseRoleArn(options.role);
      if (target === undefined || target.accountId !== accountId || this.roleOf(accountId, target.roleName) === undefined) {
        throw new TypeError(`Expected the role ${options.role} of function ${functionName} to be a role of account ${accountId}.`);
      }
    }
    return this.asyncInvocations.register(functionName, handler, options, this.host.defaultAccountId);
  }

  /** The function role's credentials for one delivery, as FC hands them in `context.credentials`. */
  private functionCredentials(fn: LocalFunction): LocalFunctionContext['credentials'] {
    const target = fn.role === undefined ? undefined : parseRoleArn(fn.role);
    const role = target === undefined ? undefined : this.roleOf(target.accountId, target.roleName);
    if (role === undefined) return undefined;
    const token = this.issueToken({ accountId: fn.accountId, role, durationSeconds: FUNCTION_CREDENTIALS_SECONDS });
    return { accessKeyId: token.accessKeyId, accessKeySecret: token.accessKeySecret, securityToken: token.securityToken ?? '' };
  }
}
