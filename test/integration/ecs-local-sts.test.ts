import { type LocalEcs, type LocalEcsCredential, type SeedRole, startLocalEcs } from '../../ecs-local';
import { assumeRole, credentialOf, stsClient } from '../support/org-clients';
import { callEcs, ecsFailureOf, ListingSchema, popCoreClient } from '../support/pop-core-client';

// STS AssumeRole on the local cloud, through the real pop-core client at `/sts`: the rules a worker meets when it
// assumes a member account's role (docs/ecs-local.md, "STS AssumeRole"). The hub's function runs as a session of its
// own role; each member account trusts that role with a role of its own, whose permission policy the token carries.

const HUB = 'hub-account';
const MEMBER_A = 'member-a';
const MEMBER_B = 'member-b';
const HUB_ROLE_ARN = `acs:ram::${HUB}:role/snapshot-copy-hub`;
const MEMBER_ROLE = 'snapshot-copy-member';
const memberRoleArn = (accountId: string) => `acs:ram::${accountId}:role/${MEMBER_ROLE}`;
const REGION = 'cn-hangzhou';

/** The hub function's role session: what FC hands the function as context.credentials. */
const HUB_SESSION: LocalEcsCredential = {
  accessKeyId: 'STS.hub-session-key',
  accessKeySecret: 'hub-session-secret',
  securityToken: 'hub-session-token',
  expiration: new Date('2100-01-01T00:00:00Z'),
  accountId: HUB,
  principal: HUB_ROLE_ARN,
};
/** A RAM user of the hub account that no member trusts by name. */
const HUB_USER: LocalEcsCredential = {
  accessKeyId: 'LTAI-hub-user',
  accessKeySecret: 'hub-user-secret',
  accountId: HUB,
  principal: `acs:ram::${HUB}:user/operator`,
};
/** The hub account's own key: its root identity. */
const HUB_ROOT: LocalEcsCredential = { accessKeyId: 'LTAI-hub-root', accessKeySecret: 'hub-root-secret', accountId: HUB };

const memberRole = (overrides: Partial<SeedRole> = {}): SeedRole => ({
  RoleName: MEMBER_ROLE,
  AssumeRolePolicyDocument: {
    Version: '1',
    Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: [HUB_ROLE_ARN] } }],
  },
  allowedActions: ['DescribeSnapshots', 'CopySnapshot'],
  ...overrides,
});

let clockMs: number;
let ecs: LocalEcs;

beforeEach(async () => {
  clockMs = Math.floor(Date.now() / 1000) * 1000;
  ecs = await startLocalEcs({
    credentials: [HUB_SESSION, HUB_USER, HUB_ROOT],
    now: () => clockMs,
    // The clock is moved by hours below; pop-core signs with the real time.
    timestampWindowMs: 24 * 3600 * 1000,
  });
  ecs.addRole(
    {
      RoleName: 'snapshot-copy-hub',
      AssumeRolePolicyDocument:
        '{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":["fc.aliyuncs.com"]}}],"Version":"1"}',
    },
    HUB,
  );
  ecs.addRole(memberRole(), MEMBER_A);
  ecs.addRole(memberRole(), MEMBER_B);
});

afterEach(async () => {
  await ecs.close();
});

const failureOf = (credential: LocalEcsCredential, params: Record<string, unknown>) =>
  ecsFailureOf(stsClient(ecs, credential).request('AssumeRole', params, { method: 'POST', timeout: 3000 }));

describe('STS AssumeRole on the local cloud', () => {
  it("issues a member's token to the hub's role session: STS. key, token, expiry in an hour, the role session's names", async () => {
    const [role] = ecs.roles(MEMBER_B);
    const answer = await assumeRole(stsClient(ecs, HUB_SESSION), {
      RoleArn: memberRoleArn(MEMBER_B),
      RoleSessionName: 'tick-20261128T0300-b',
    });

    expect(answer.Credentials.AccessKeyId).toMatch(/^STS\.[A-Za-z0-9]{25}$/);
    expect(answer.Credentials.SecurityToken.length).toBeGreaterThan(100);
    expect(answer.Credentials.Expiration).toBe(new Date(clockMs + 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'));
    expect(answer.AssumedRoleUser).toEqual({
      Arn: `${memberRoleArn(MEMBER_B)}/tick-20261128T0300-b`,
      AssumedRoleId: `${role?.RoleId}:tick-20261128T0300-b`,
    });
    expect(role?.RoleId).toMatch(/^\d{19}$/);
    expect(ecs.calls.map((call) => [call.Action, call.AccountId, call.status])).toEqual([['AssumeRole', HUB, 200]]);
  });

  it("a member's token sees only that member's snapshots, and may call only what the role's policy allows", async () => {
    const hubs = ecs.addSnapshot({ RegionId: REGION, DiskId: 'd-hub0000000000000001' }, HUB);
    const as = ecs.addSnapshot({ RegionId: REGION, DiskId: 'd-a000000000000000001' }, MEMBER_A);
    const bs = ecs.addSnapshot({ RegionId: REGION, DiskId: 'd-b000000000000000001' }, MEMBER_B);
    const answer = await assumeRole(stsClient(ecs, HUB_SESSION), { RoleArn: memberRoleArn(MEMBER_B), RoleSessionName: 'worker-b' });
    const member = popCoreClient(ecs, credentialOf(answer));

    const listing = ListingSchema.parse(await callEcs(member, 'DescribeSnapshots', { RegionId: REGION }));
    expect(listing.Snapshots.Snapshot.map((snapshot) => snapshot.SnapshotId)).toEqual([bs.SnapshotId]);
    const others = [as.SnapshotId, hubs.SnapshotId];
    for (const SnapshotId of others) {
      const copy = await ecsFailureOf(
        callEcs(member, 'CopySnapshot', {
          RegionId: REGION,
          SnapshotId,
          DestinationRegionId: 'cn-shanghai',
          DestinationSnapshotName: 'dr-copy',
          DestinationSnapshotDescription: 'not this account',
        }),
      );
      expect(copy.code).toBe('InvalidSnapshotId.NotFound');
    }
    const deletion = await ecsFailureOf(callEcs(member, 'DeleteSnapshot', { SnapshotId: bs.SnapshotId }));
    expect(deletion).toMatchObject({ code: 'Forbidden.RAM', status: 403 });
    expect(ecs.calls.filter((call) => call.Action !== 'AssumeRole').every((call) => call.AccountId === MEMBER_B)).toBe(true);
  });

  it('refuses a caller the trust policy does not name: a RAM user, another role, another account', async () => {
    ecs.addRole({ RoleName: 'other-hub-role', AssumeRolePolicyDocument: memberRole().AssumeRolePolicyDocument }, HUB);
    const otherRole: LocalEcsCredential = {
      ...HUB_SESSION,
      accessKeyId: 'STS.other-role',
      principal: `acs:ram::${HUB}:role/other-hub-role`,
    };
    const inMemberA: LocalEcsCredential = {
      ...HUB_SESSION,
      accessKeyId: 'STS.a-hub-role',
      accountId: MEMBER_A,
      principal: `acs:ram::${MEMBER_A}:role/snapshot-copy-hub`,
    };
    ecs.addCredential(otherRole);
    ecs.addCredential(inMemberA);

    for (const caller of [HUB_USER, otherRole, inMemberA]) {
      const refusal = await failureOf(caller, { RoleArn: memberRoleArn(MEMBER_B), RoleSessionName: 'worker-b' });
      expect(refusal).toMatchObject({ code: 'NoPermission', status: 403 });
      expect(refusal.message).toMatch(/does not trust you/);
    }
    expect(ecs.credentials.filter((credential) => credential.accountId === MEMBER_B)).toEqual([]);
  });

  it('trusts every RAM identity of an account whose root the policy names, and a Deny statement wins', async () => {
    ecs.addRole(
      memberRole({
        RoleName: 'trusts-hub-account',
        AssumeRolePolicyDocument: {
          Statement: [
            { Effect: 'Allow', Action: ['sts:AssumeRole'], Principal: { RAM: [`acs:ram::${HUB}:root`] } },
            { Effect: 'Deny', Action: 'sts:AssumeRole', Principal: { RAM: HUB_USER.principal ?? '' } },
          ],
        },
      }),
      MEMBER_A,
    );
    const RoleArn = `acs:ram::${MEMBER_A}:role/trusts-hub-account`;

    await expect(assumeRole(stsClient(ecs, HUB_SESSION), { RoleArn, RoleSessionName: 'worker-a' })).resolves.toBeDefined();
    expect((await failureOf(HUB_USER, { RoleArn, RoleSessionName: 'worker-a' })).code).toBe('NoPermission');
  });

  it("refuses the account's own key: roles may not be assumed by root accounts", async () => {
    const refusal = await failureOf(HUB_ROOT, { RoleArn: memberRoleArn(MEMBER_B), RoleSessionName: 'worker-b' });

    expect(refusal).toMatchObject({ code: 'NoPermission', status: 403, message: 'Roles may not be assumed by root accounts.' });
  });

  it('refuses a caller whose own policy lacks AssumeRole with NoPermission', async () => {
    const narrow: LocalEcsCredential = { ...HUB_SESSION, accessKeyId: 'STS.narrow', allowedActions: ['DescribeSnapshots'] };
    ecs.addCredential(narrow);

    expect(await failureOf(narrow, { RoleArn: memberRoleArn(MEMBER_B), RoleSessionName: 'worker-b' })).toMatchObject({
      code: 'NoPermission',
      status: 403,
    });
  });

  it('answers an unknown role or account EntityNotExist.Role, and a RoleArn of another shape InvalidParameter.RoleArn', async () => {
    for (const RoleArn of [`acs:ram::${MEMBER_B}:role/no-such-role`, 'acs:ram::no-such-account:role/snapshot-copy-member']) {
      expect(await failureOf(HUB_SESSION, { RoleArn, RoleSessionName: 'worker-b' })).toMatchObject({
        code: 'EntityNotExist.Role',
        status: 404,
      });
    }
    for (const RoleArn of [`acs:ram::${MEMBER_B}:user/snapshot-copy-member`, 'snapshot-copy-member']) {
      expect((await failureOf(HUB_SESSION, { RoleArn, RoleSessionName: 'worker-b' })).code).toBe('InvalidParameter.RoleArn');
    }
    // Role names compare without regard to case, as the ARN RAM writes is lower case.
    await expect(
      assumeRole(stsClient(ecs, HUB_SESSION), { RoleArn: `acs:ram::${MEMBER_B}:role/Snapshot-Copy-Member`, RoleSessionName: 'worker-b' }),
    ).resolves.toBeDefined();
  });

  it('takes a RoleSessionName of 2 to 64 letters, digits and . @ - _, and refuses any other', async () => {
    for (const RoleSessionName of ['ab', 'a.b@c-d_e', 'x'.repeat(64)]) {
      await expect(assumeRole(stsClient(ecs, HUB_SESSION), { RoleArn: memberRoleArn(MEMBER_B), RoleSessionName })).resolves.toBeDefined();
    }
    for (const RoleSessionName of ['a', 'abc*abc', 'x'.repeat(65), 'tick 2026']) {
      expect(await failureOf(HUB_SESSION, { RoleArn: memberRoleArn(MEMBER_B), RoleSessionName })).toMatchObject({
        code: 'InvalidParameter.RoleSessionName',
        status: 400,
        message: 'The parameter RoleSessionName is wrongly formed.',
      });
    }
    expect((await failureOf(HUB_SESSION, { RoleArn: memberRoleArn(MEMBER_B) })).code).toBe('MissingRoleSessionName');
  });

  it("takes DurationSeconds from 900 to the role's MaxSessionDuration, at most an hour for a role session (role chaining)", async () => {
    ecs.addRole(
      memberRole({
        RoleName: 'long-sessions',
        MaxSessionDuration: 7200,
        AssumeRolePolicyDocument: {
          Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: [HUB_ROLE_ARN, HUB_USER.principal ?? ''] } }],
        },
      }),
      MEMBER_B,
    );
    const longRole = `acs:ram::${MEMBER_B}:role/long-sessions`;
    const expirationOf = async (caller: LocalEcsCredential, RoleArn: string, DurationSeconds: number) =>
      (await assumeRole(stsClient(ecs, caller), { RoleArn, RoleSessionName: 'worker-b', DurationSeconds })).Credentials.Expiration;
    const inSeconds = (seconds: number) => new Date(clockMs + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

    expect(await expirationOf(HUB_SESSION, memberRoleArn(MEMBER_B), 900)).toBe(inSeconds(900));
    expect(await expirationOf(HUB_SESSION, memberRoleArn(MEMBER_B), 3600)).toBe(inSeconds(3600));
    expect(await expirationOf(HUB_USER, longRole, 7200)).toBe(inSeconds(7200));
    const refused: Array<[LocalEcsCredential, string, number, string]> = [
      [HUB_SESSION, memberRoleArn(MEMBER_B), 899, '15min/1hr'],
      [HUB_SESSION, memberRoleArn(MEMBER_B), 3601, '15min/1hr'],
      [HUB_USER, longRole, 7201, '15min/2hr'],
      [HUB_SESSION, longRole, 3601, '15min/1hr'],
    ];
    for (const [caller, RoleArn, DurationSeconds, bounds] of refused) {
      expect(await failureOf(caller, { RoleArn, RoleSessionName: 'worker-b', DurationSeconds })).toMatchObject({
        code: 'InvalidParameter.DurationSeconds',
        status: 400,
        message: `The Min/Max value of DurationSeconds is ${bounds}.`,
      });
    }
  });

  it("a token expires on the engine's clock: the next ECS call with it gets InvalidSecurityToken.Expired", async () => {
    ecs.addSnapshot({ RegionId: REGION, DiskId: 'd-b000000000000000001' }, MEMBER_B);
    const answer = await assumeRole(stsClient(ecs, HUB_SESSION), {
      RoleArn: memberRoleArn(MEMBER_B),
      RoleSessionName: 'worker-b',
      DurationSeconds: 900,
    });
    const member = popCoreClient(ecs, credentialOf(answer));

    clockMs += 899_000;
    expect(ListingSchema.parse(await callEcs(member, 'DescribeSnapshots', { RegionId: REGION })).Snapshots.Snapshot).toHaveLength(1);
    clockMs += 1000;
    expect(await ecsFailureOf(callEcs(member, 'DescribeSnapshots', { RegionId: REGION }))).toMatchObject({
      code: 'InvalidSecurityToken.Expired',
    });
  });

  it('has scripted faults like ECS: a throttled or failed AssumeRole, then a good one', async () => {
    ecs.injectFault({ Action: 'AssumeRole', fault: { kind: 'throttle' } });
    ecs.injectFault({ Action: 'AssumeRole', fault: { kind: 'error', status: 503, Code: 'ServiceUnavailable' } });
    const params = { RoleArn: memberRoleArn(MEMBER_B), RoleSessionName: 'worker-b' };

    expect(await failureOf(HUB_SESSION, params)).toMatchObject({ code: 'Throttling.User', status: 400 });
    expect(await failureOf(HUB_SESSION, params)).toMatchObject({ code: 'ServiceUnavailable', status: 503 });
    await expect(assumeRole(stsClient(ecs, HUB_SESSION), params)).resolves.toBeDefined();
    expect(ecs.calls.map((call) => call.Code ?? call.status)).toEqual(['Throttling.User', 'ServiceUnavailable', 200]);
  });

  it('serves STS at /sts only: AssumeRole sent to the ECS endpoint is an unknown version there', async () => {
    const atEcs = await ecsFailureOf(
      popCoreClient(ecs, HUB_SESSION).request(
        'AssumeRole',
        { Version: '2015-04-01', RoleArn: memberRoleArn(MEMBER_B), RoleSessionName: 'worker-b' },
        { method: 'POST', timeout: 3000 },
      ),
    );
    expect(atEcs.code).toBe('InvalidVersion');
    const atSts = await failureOf(HUB_SESSION, { RoleArn: memberRoleArn(MEMBER_B), RoleSessionName: 'x' });
    expect(atSts.code).toBe('InvalidParameter.RoleSessionName');
  });

  it('seeds and lists roles through /_local/roles, refusing a malformed trust policy', async () => {
    const seeded = await fetch(`${ecs.url}/_local/roles?AccountId=member-c`, {
      method: 'POST',
      body: JSON.stringify(memberRole()),
    });
    expect(seeded.status).toBe(200);
    const listed = (await (await fetch(`${ecs.url}/_local/roles?AccountId=member-c`)).json()) as Array<{ Arn: string }>;
    expect(listed.map((role) => role.Arn)).toEqual([memberRoleArn('member-c')]);
    await expect(
      assumeRole(stsClient(ecs, HUB_SESSION), { RoleArn: memberRoleArn('member-c'), RoleSessionName: 'worker-c' }),
    ).resolves.toBeDefined();

    const conditional = memberRole({
      RoleName: 'conditional',
      AssumeRolePolicyDocument: JSON.stringify({
        Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: [HUB_ROLE_ARN] }, Condition: { Bool: {} } }],
      }),
    });
    const refused = await fetch(`${ecs.url}/_local/roles?AccountId=member-c`, { method: 'POST', body: JSON.stringify(conditional) });
    expect(refused.status).toBe(400);
    expect(() => ecs.addRole(memberRole(), MEMBER_B)).toThrow(/snapshot-copy-member/);
  });
});
