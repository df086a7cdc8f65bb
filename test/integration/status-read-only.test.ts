import { type LocalEcs, startLocalEcs } from '../../ecs-local';
import { PopCoreEcsDisks } from '../../lib/ecs/pop-core-ecs-disks';
import { provenanceTags } from '../../lib/request/provenance';
import { ReadOnlyPopCoreEcs } from '../../tools/status/read-only-ecs';
import { CANARY } from '../support/harness';
import { runStatus } from '../support/status-fixtures';

/**
 * `npm run status` with the key docs/status.md documents: a RAM user allowed ecs:DescribeSnapshots and
 * ecs:DescribeLockedSnapshots and nothing else,
 * modelled by the local endpoint (`allowedActions`: any other action answered 403 Forbidden.RAM). With KeepCopies
 * configured, the status must still report a healthy fleet as healthy, and nothing but DescribeSnapshots may leave
 * the process.
 */
const SOURCE = 'cn-hangzhou';
const US = 'us-east-1';
const HOUR_MS = 3_600_000;
const DISK = 'd-readonlydisk00001';

/** The status's own key, as docs/status.md's policy allows it. */
const STATUS_KEY = {
  accessKeyId: 'LTAI5tStatusReadOnly01',
  accessKeySecret: 'StatusReadOnlySecret/0001',
  allowedActions: ['DescribeSnapshots', 'DescribeLockedSnapshots'],
};

let ecs: LocalEcs;
const T0 = Math.floor(Date.now() / 1000) * 1000;

beforeAll(async () => {
  ecs = await startLocalEcs({ credentials: [{ ...CANARY }, STATUS_KEY], now: () => T0 });
  // A healthy disk: three daily snapshots, each copied to us-east-1 and finished, the newest 5 hours old. KeepCopies of
  // 1 would delete the two older copies, after asking DescribeDisks whether disks were created from them.
  for (const ageHours of [53, 29, 5]) {
    const createdAt = T0 - ageHours * HOUR_MS;
    const source = ecs.addSnapshot({
      RegionId: SOURCE,
      DiskId: DISK,
      SnapshotType: 'auto',
      CreationTime: new Date(createdAt).toISOString(),
    });
    ecs.addSnapshot({
      RegionId: US,
      DiskId: DISK,
      Status: 'accomplished',
      CreationTime: new Date(createdAt + HOUR_MS / 2).toISOString(),
      Tags: provenanceTags({
        SourceSnapshotId: source.SnapshotId,
        SourceRegionId: SOURCE,
        SourceDiskId: DISK,
        SourceCreationTime: createdAt,
      }),
    });
  }
});

afterAll(async () => {
  await ecs?.close();
});

interface StatusRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  actions: Array<{ Action: string; status: number }>;
}

async function status(args: string[], environment: Record<string, string>): Promise<StatusRun> {
  const callsBefore = ecs.calls.length;
  const { exitCode, stdout, stderr } = await runStatus(
    args,
    {
      PATH: process.env.PATH,
      ECS_ENDPOINT: ecs.url,
      ALIBABA_CLOUD_ACCESS_KEY_ID: STATUS_KEY.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: STATUS_KEY.accessKeySecret,
      SOURCE_REGION_ID: SOURCE,
      DESTINATION_REGION_ID: US,
      RPO_HOURS: '36',
      API_CALLS_PER_MINUTE: '1000',
      ...environment,
    },
    () => T0,
  );
  return { exitCode, stdout, stderr, actions: ecs.calls.slice(callsBefore).map(({ Action, status }) => ({ Action, status })) };
}

const REQUEST = JSON.stringify({ DiskIds: [DISK] });

describe('npm run status with a key that may only call DescribeSnapshots and DescribeLockedSnapshots', () => {
  it.each([
    ['KEEP_COPIES=1 configured', ['--request', REQUEST], { KEEP_COPIES: '1' }],
    ['KeepCopies in the request', ['--request', JSON.stringify({ DiskIds: [DISK], KeepCopies: 1 })], {}],
  ])(
    'reports a healthy fleet as healthy with %s, sends only DescribeSnapshots and says KeepCopies is left out',
    async (_name, args, environment) => {
      const run = await status([...args, '--json'], environment);

      expect(run.stderr).toBe('');
      expect(run.exitCode).toBe(0);
      const report = JSON.parse(run.stdout) as {
        Cells: Array<{ State: string }>;
        Failures: unknown[];
        RunFailure: unknown;
        Notes: string[];
      };
      expect(report.RunFailure).toBeNull();
      expect(report.Failures).toEqual([]);
      expect(report.Cells.map((cell) => cell.State)).toEqual(['within']);
      expect(report.Notes).toEqual([expect.stringMatching(/^KeepCopies \(1\) is left out: .*DescribeDisks/)]);
      expect(run.actions.length).toBeGreaterThan(0);
      expect(run.actions).toEqual(run.actions.map(() => ({ Action: 'DescribeSnapshots', status: 200 })));
    },
  );

  it('says it in the table too, and says nothing of KeepCopies when none is configured', async () => {
    const withKeep = await status(['--request', REQUEST], { KEEP_COPIES: '3' });
    const without = await status(['--request', REQUEST], {});

    expect(withKeep.exitCode).toBe(0);
    expect(withKeep.stdout.replace(/\s+/g, ' ')).toContain('Note: KeepCopies (3) is left out');
    expect(without.exitCode).toBe(0);
    expect(without.stdout).not.toContain('KeepCopies');
  });

  it('reports the locked data with LOCK_DAYS set: it reads the locks and sends nothing else, though the copies have none', async () => {
    const run = await status(['--request', REQUEST, '--json'], { LOCK_DAYS: '7' });

    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as { Cells: Array<{ State: string; Protected: unknown }>; NextRun: { LockPlanned: number } };
    // No copy is locked: the disk is outside RPO by its locked data, and a run would lock its three copies.
    expect(run.exitCode).toBe(1);
    expect(report.Cells).toEqual([
      expect.objectContaining({ State: 'outside', Protected: { CopySnapshotId: null, DataAgeHours: null, DataCreationTime: null } }),
    ]);
    expect(report.NextRun.LockPlanned).toBe(3);
    expect(new Set(run.actions.map((action) => `${action.Action} ${action.status}`))).toEqual(
      new Set(['DescribeSnapshots 200', 'DescribeLockedSnapshots 200']),
    );
  });

  it('refuses a request for a restore drill, which is no copy selection, before any call', async () => {
    const run = await status(['--request', JSON.stringify({ Action: 'RestoreDrill', DiskIds: [DISK] })], {});

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('asks for a restore drill');
    expect(run.actions).toEqual([]);
  });

  it('still exits 2 with ECS refusing the listing itself, as for keys without the policy', async () => {
    const run = await status(['--request', REQUEST], {
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tNoPolicyAtAll01',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'NoPolicySecret0001',
    });

    expect(run.exitCode).toBe(2);
    expect(run.stdout).toContain('InvalidAccessKeyId.NotFound');
  });
});

describe("the status's ECS adapter", () => {
  const call = {
    credentials: { accessKeyId: CANARY.accessKeyId, accessKeySecret: CANARY.accessKeySecret, securityToken: CANARY.securityToken },
    timeoutMs: 5000,
  };

  it('sends DescribeSnapshots and DescribeLockedSnapshots, and refuses every other action before it leaves the process, the disk and lock calls included', async () => {
    const adapter = new ReadOnlyPopCoreEcs(ecs.url);
    const disks = new PopCoreEcsDisks(adapter);
    const callsBefore = ecs.calls.length;

    const page = await adapter.describeSnapshots({ RegionId: US, MaxResults: 10 }, call);
    const locks = await disks.describeLockedSnapshots({ RegionId: US, SnapshotIds: ['s-none'], MaxResults: 10 }, call);
    const refusals = await Promise.allSettled([
      adapter.copySnapshot(
        {
          RegionId: SOURCE,
          SnapshotId: page.Snapshots[0]?.SnapshotId ?? 's-none',
          DestinationRegionId: 'eu-central-1',
          DestinationSnapshotName: 'x',
          DestinationSnapshotDescription: 'x',
          RetentionDays: undefined,
          Tag: [],
          Encrypted: undefined,
          KMSKeyId: undefined,
          ClientToken: 'read-only-test',
        },
        call,
      ),
      disks.describeDisks({ RegionId: US, MaxResults: 10 }, call),
      disks.deleteSnapshot({ RegionId: US, SnapshotId: page.Snapshots[0]?.SnapshotId ?? 's-none' }, call),
      disks.createDisk(
        {
          RegionId: US,
          ZoneId: 'us-east-1a',
          SnapshotId: 's-none',
          DiskCategory: 'cloud_essd',
          Size: 20,
          DiskName: 'x',
          Description: 'x',
          Tag: [],
          ClientToken: 'read-only-test',
        },
        call,
      ),
      disks.tagSnapshots({ RegionId: US, SnapshotIds: ['s-none'], Tag: [{ Key: 'k', Value: 'v' }] }, call),
      disks.describeAvailableResource({ RegionId: US }, call),
      disks.lockSnapshot({ RegionId: US, SnapshotId: 's-none', LockDuration: 1, CoolOffPeriod: 0, ClientToken: 'read-only-test' }, call),
      adapter.request('DeleteDisk', US, { DiskId: 'd-none' }, call),
      adapter.request('UnlockSnapshot', US, { RegionId: US, SnapshotId: 's-none' }, call),
    ]);

    expect(page.Snapshots.length).toBe(3);
    expect(refusals.map((refusal) => (refusal.status === 'rejected' ? (refusal.reason as { Code?: string }).Code : 'sent'))).toEqual(
      refusals.map(() => 'StatusIsReadOnly'),
    );
    expect(locks.LockedSnapshotsInfo).toEqual([]);
    expect(ecs.calls.slice(callsBefore).map((recorded) => recorded.Action)).toEqual(['DescribeSnapshots', 'DescribeLockedSnapshots']);
  });
});
