import { type Role, roleFrom, type SeedRole, type TrustCaller, type TrustPolicy, trusts } from './role';

/** An account's RAM roles, by name without regard to case (RAM's role names are unique so: UNVERIFIED). */
export class RoleStore {
  private readonly roles = new Map<string, { role: Role; trust: TrustPolicy }>();

  /** Throws on a malformed seed or a role name the account already has. */
  add(seed: SeedRole, accountId: string): Role {
    const made = roleFrom(seed, accountId);
    const key = made.role.RoleName.toLowerCase();
    if (this.roles.has(key)) throw new TypeError(`Expected role ${made.role.RoleName} to be new to account ${accountId}.`);
    this.roles.set(key, made);
    return made.role;
  }

  get(roleName: string): Role | undefined {
    return this.roles.get(roleName.toLowerCase())?.role;
  }

  /** Whether the role's trust policy lets the caller assume it; false for a role the account does not have. */
  trusts(roleName: string, caller: TrustCaller): boolean {
    const entry = this.roles.get(roleName.toLowerCase());
    return entry !== undefined && trusts(entry.trust, caller);
  }

  list(): Role[] {
    return [...this.roles.values()].map(({ role }) => role);
  }
}
