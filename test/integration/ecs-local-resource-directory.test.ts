import * as z from 'zod';
import { type LocalEcs, type LocalEcsCredential, type SeedResourceDirectory, startLocalEcs } from '../../ecs-local';
import { hubSessionKey, resourceManagerClient } from '../support/org-clients';
import { ecsFailureOf } from '../support/pop-core-client';

// Resource Manager's ListAccounts on the local cloud, through the real pop-core client at `/resourcemanager`: how a
// hub configured with `MEMBER_ACCOUNTS=rd` lists the organisation (docs/ecs-local.md, "Resource Manager ListAccounts").

const MANAGEMENT = 'management-account';
const MANAGEMENT_KEY = hubSessionKey(MANAGEMENT);
const MEMBER_KEY: LocalEcsCredential = { accessKeyId: 'LTAI-member', accessKeySecret: 'member-secret', accountId: 'member-02' };
const OUTSIDER_KEY: LocalEcsCredential = { accessKeyId: 'LTAI-outsider', accessKeySecret: 'outsider-secret', accountId: 'outsider' };

const ORGANISATION: SeedResourceDirectory = {
  ResourceDirectoryId: 'rd-3G****',
  RootFolderId: 'r-Wm****',
  ManagementAccountId: MANAGEMENT,
  Accounts: [
    {
      AccountId: 'member-01',
      DisplayName: 'production',
      FolderId: 'fd-QRzuim****',
      JoinTime: '2021-01-18T08:01:50.522Z',
      Tags: [{ Key: 'dr', Value: 'yes' }],
    },
    { AccountId: 'member-02', DisplayName: 'staging', Tags: [{ Key: 'dr', Value: 'no' }] },
    { AccountId: 'member-03', Type: 'CloudAccount', Tags: [{ Key: 'dr', Value: 'yes' }] },
    { AccountId: 'member-04' },
  ],
};

const ListAccountsSchema = z.strictObject({
  RequestId: z.string(),
  TotalCount: z.number(),
  PageNumber: z.number(),
  PageSize: z.number(),
  Accounts: z.strictObject({ Account: z.array(z.record(z.string(), z.unknown())) }),
});

let ecs: LocalEcs;

beforeEach(async () => {
  ecs = await startLocalEcs({ credentials: [MANAGEMENT_KEY, MEMBER_KEY, OUTSIDER_KEY] });
  ecs.setResourceDirectory(ORGANISATION);
});

afterEach(async () => {
  await ecs.close();
});

const listAccounts = async (params: Record<string, unknown>, key = MANAGEMENT_KEY) =>
  ListAccountsSchema.parse(await resourceManagerClient(ecs, key).request('ListAccounts', params, { method: 'POST', timeout: 3000 }));
const idsOf = (answer: z.infer<typeof ListAccountsSchema>) => answer.Accounts.Account.map((account) => account.AccountId);

describe('Resource Manager ListAccounts on the local cloud', () => {
  it('pages the members, the management account first: PageNumber from 1, PageSize, TotalCount, an empty page past the end', async () => {
    const first = await listAccounts({ PageNumber: 1, PageSize: 2 });
    const second = await listAccounts({ PageNumber: 2, PageSize: 2 });
    const third = await listAccounts({ PageNumber: 3, PageSize: 2 });
    const past = await listAccounts({ PageNumber: 4, PageSize: 2 });

    expect([first, second, third, past].map((page) => [page.TotalCount, page.PageNumber, page.PageSize])).toEqual([
      [5, 1, 2],
      [5, 2, 2],
      [5, 3, 2],
      [5, 4, 2],
    ]);
    expect([idsOf(first), idsOf(second), idsOf(third), idsOf(past)]).toEqual([
      [MANAGEMENT, 'member-01'],
      ['member-02', 'member-03'],
      ['member-04'],
      [],
    ]);
    expect(idsOf(await listAccounts({}))).toEqual([MANAGEMENT, 'member-01', 'member-02', 'member-03', 'member-04']);
    expect((await listAccounts({})).PageSize).toBe(10);
  });

  it("answers each member's fields as the API names them, tags only when asked", async () => {
    const [, production] = (await listAccounts({ PageSize: 2 })).Accounts.Account;

    expect(production).toEqual({
      AccountId: 'member-01',
      DisplayName: 'production',
      Type: 'ResourceAccount',
      Status: 'CreateSuccess',
      JoinMethod: 'created',
      FolderId: 'fd-QRzuim****',
      JoinTime: '2021-01-18T08:01:50.522Z',
      ModifyTime: '2021-01-18T08:01:50.522Z',
      ResourceDirectoryId: 'rd-3G****',
      ResourceDirectoryPath: 'rd-3G****/r-Wm****/fd-QRzuim****/member-01',
    });
    const invited = (await listAccounts({ IncludeTags: true })).Accounts.Account[3];
    expect(invited).toMatchObject({ AccountId: 'member-03', Type: 'CloudAccount', Status: 'InviteSuccess', JoinMethod: 'invited' });
    expect(invited?.Tags).toEqual({ Tag: [{ Key: 'dr', Value: 'yes' }] });
  });

  it('filters by Tag.N.Key and Tag.N.Value, counting only the members that match', async () => {
    const tagged = await listAccounts({ Tag: [{ Key: 'dr', Value: 'yes' }] });
    const anyValue = await listAccounts({ Tag: [{ Key: 'dr' }] });

    expect([tagged.TotalCount, idsOf(tagged)]).toEqual([2, ['member-01', 'member-03']]);
    expect(idsOf(anyValue)).toEqual(['member-01', 'member-02', 'member-03']);
  });

  it('refuses a PageSize out of 1 to 100 and a PageNumber below 1', async () => {
    const call = (params: Record<string, unknown>) =>
      ecsFailureOf(resourceManagerClient(ecs, MANAGEMENT_KEY).request('ListAccounts', params, { method: 'POST', timeout: 3000 }));

    expect((await call({ PageSize: 101 })).code).toBe('InvalidParameter.PageSize');
    expect((await call({ PageSize: 0 })).code).toBe('InvalidParameter.PageSize');
    expect((await call({ PageNumber: 0 })).code).toBe('InvalidParameter.PageNumber');
    expect((await listAccounts({ PageSize: 100 })).Accounts.Account).toHaveLength(5);
  });

  it('refuses a member that is not the management account, and an account in no directory', async () => {
    const call = (key: LocalEcsCredential) =>
      ecsFailureOf(resourceManagerClient(ecs, key).request('ListAccounts', {}, { method: 'POST', timeout: 3000 }));

    expect(await call(MEMBER_KEY)).toMatchObject({ code: 'MemberAccountAccessDenied', status: 403 });
    expect(await call(OUTSIDER_KEY)).toMatchObject({ code: 'EntityNotExists.ResourceDirectory', status: 404 });
    expect(ecs.calls.map((call) => [call.Action, call.AccountId, call.status])).toEqual([
      ['ListAccounts', 'member-02', 403],
      ['ListAccounts', 'outsider', 404],
    ]);
  });

  it('refuses a key whose RAM policy lacks ListAccounts', async () => {
    const narrow: LocalEcsCredential = { ...MANAGEMENT_KEY, accessKeyId: 'STS.narrow', allowedActions: ['AssumeRole'] };
    ecs.addCredential(narrow);

    expect(
      await ecsFailureOf(resourceManagerClient(ecs, narrow).request('ListAccounts', {}, { method: 'POST', timeout: 3000 })),
    ).toMatchObject({ code: 'NoPermission', status: 403 });
  });

  it('has scripted faults like ECS', async () => {
    ecs.injectFault({ Action: 'ListAccounts', fault: { kind: 'error', status: 500, Code: 'InternalError' } });

    expect(
      (await ecsFailureOf(resourceManagerClient(ecs, MANAGEMENT_KEY).request('ListAccounts', {}, { method: 'POST', timeout: 3000 }))).code,
    ).toBe('InternalError');
    expect((await listAccounts({})).TotalCount).toBe(5);
  });

  it('is seeded and read through /_local/resource-directory; without one, even the management account is in no directory', async () => {
    const empty = await startLocalEcs({ credentials: [MANAGEMENT_KEY] });
    try {
      const none = await ecsFailureOf(
        resourceManagerClient(empty, MANAGEMENT_KEY).request('ListAccounts', {}, { method: 'POST', timeout: 3000 }),
      );
      expect(none.code).toBe('EntityNotExists.ResourceDirectory');
      expect((await fetch(`${empty.url}/_local/resource-directory`)).status).toBe(404);

      const seeded = await fetch(`${empty.url}/_local/resource-directory`, {
        method: 'POST',
        body: JSON.stringify({ ManagementAccountId: MANAGEMENT, Accounts: [{ AccountId: 'member-01' }] }),
      });
      expect(seeded.status).toBe(200);
      const answer = ListAccountsSchema.parse(
        await resourceManagerClient(empty, MANAGEMENT_KEY).request('ListAccounts', {}, { method: 'POST', timeout: 3000 }),
      );
      expect(idsOf(answer)).toEqual([MANAGEMENT, 'member-01']);
      const malformed = await fetch(`${empty.url}/_local/resource-directory`, {
        method: 'POST',
        body: JSON.stringify({ ManagementAccountId: MANAGEMENT, Accounts: [{ AccountId: 'member-01' }, { AccountId: 'member-01' }] }),
      });
      expect(malformed.status).toBe(400);
    } finally {
      await empty.close();
    }
  });
});
