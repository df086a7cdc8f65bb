import * as z from 'zod';

/**
 * A Resource Directory: its management account and its members, as Resource Manager's ListAccounts lists them
 * (Version 2020-03-31, https://www.alibabacloud.com/help/en/resource-management/resource-directory/developer-reference/api-resourcemanager-2020-03-31-listaccounts).
 * One directory per cloud, seeded with `ecs.setResourceDirectory(seed)` or `POST /_local/resource-directory`.
 */
const TagSchema = z.strictObject({ Key: z.string().min(1), Value: z.string() });
const MemberSchema = z.strictObject({
  AccountId: z.string().min(1),
  DisplayName: z.string().min(1).optional(),
  /** CloudAccount (an account invited) or ResourceAccount (an account the directory created, the default). */
  Type: z.enum(['CloudAccount', 'ResourceAccount']).optional(),
  Status: z
    .enum(['CreateSuccess', 'PromoteVerifying', 'PromoteFailed', 'PromoteExpired', 'PromoteCancelled', 'PromoteSuccess', 'InviteSuccess'])
    .optional(),
  JoinMethod: z.enum(['invited', 'created']).optional(),
  FolderId: z.string().min(1).optional(),
  /** ISO time; the time of seeding when absent. */
  JoinTime: z.iso.datetime().optional(),
  Tags: z.array(TagSchema).optional(),
});
export const SeedResourceDirectorySchema = z.strictObject({
  ResourceDirectoryId: z.string().min(1).optional(),
  RootFolderId: z.string().min(1).optional(),
  /** The account that enabled the directory: the only one here that may list its members. */
  ManagementAccountId: z.string().min(1),
  /** The members, in the order ListAccounts lists them (its order is UNVERIFIED); the management account is listed
   * first, as a member of the root folder, when it is not given. */
  Accounts: z.array(MemberSchema),
});
export type SeedResourceDirectory = z.infer<typeof SeedResourceDirectorySchema>;

/** A member as ListAccounts answers it (`Tags` only with `IncludeTags=true`). */
export interface DirectoryAccount {
  AccountId: string;
  DisplayName: string;
  Type: 'CloudAccount' | 'ResourceAccount';
  Status: string;
  JoinMethod: 'invited' | 'created';
  FolderId: string;
  JoinTime: string;
  ModifyTime: string;
  ResourceDirectoryId: string;
  ResourceDirectoryPath: string;
  Tags: { Tag: Array<{ Key: string; Value: string }> };
}

export interface ResourceDirectory {
  ResourceDirectoryId: string;
  RootFolderId: string;
  ManagementAccountId: string;
  Accounts: DirectoryAccount[];
}

/** A directory made from its seed at `nowMs`. Throws on a malformed seed or an AccountId listed twice. */
export function resourceDirectoryFrom(seed: SeedResourceDirectory, nowMs: number): ResourceDirectory {
  const parsed = SeedResourceDirectorySchema.parse(seed);
  const ResourceDirectoryId = parsed.ResourceDirectoryId ?? 'rd-local01';
  const RootFolderId = parsed.RootFolderId ?? 'r-local01';
  const members = parsed.Accounts.some((account) => account.AccountId === parsed.ManagementAccountId)
    ? parsed.Accounts
    : [{ AccountId: parsed.ManagementAccountId, DisplayName: 'management account', Type: 'CloudAccount' as const }, ...parsed.Accounts];
  const seen = new Set<string>();
  const Accounts = members.map((member): DirectoryAccount => {
    if (seen.has(member.AccountId)) throw new TypeError(`Expected AccountId ${member.AccountId} to be listed once.`);
    seen.add(member.AccountId);
    const Type = member.Type ?? 'ResourceAccount';
    const FolderId = member.FolderId ?? RootFolderId;
    const JoinTime = member.JoinTime ?? new Date(nowMs).toISOString();
    return {
      AccountId: member.AccountId,
      DisplayName: member.DisplayName ?? member.AccountId,
      Type,
      Status: member.Status ?? (Type === 'CloudAccount' ? 'InviteSuccess' : 'CreateSuccess'),
      JoinMethod: member.JoinMethod ?? (Type === 'CloudAccount' ? 'invited' : 'created'),
      FolderId,
      JoinTime,
      ModifyTime: JoinTime,
      ResourceDirectoryId,
      ResourceDirectoryPath: [ResourceDirectoryId, RootFolderId, ...(FolderId === RootFolderId ? [] : [FolderId]), member.AccountId].join(
        '/',
      ),
      Tags: { Tag: member.Tags ?? [] },
    };
  });
  return { ResourceDirectoryId, RootFolderId, ManagementAccountId: parsed.ManagementAccountId, Accounts };
}
