import type RPCClient = require('@alicloud/pop-core/lib/rpc');

import { type LocalEcs, type LocalEcsOptions, type SeedSnapshot, startLocalEcs } from '../../ecs-local';
import { localControl } from '../support/local-control';
import {
  callEcs,
  copySnapshotParams,
  ecsFailureOf,
  type Listing,
  ListingSchema,
  popCoreClient,
  seedSource,
} from '../support/pop-core-client';

// Each documented way real ECS behaves (docs/ecs-fidelity.md, which names the sources) that the local endpoint can be switched
// to, driven through the real pop-core client as the function drives ECS.

const CREDENTIAL = { accessKeyId: 'LTAI-variants-key', accessKeySecret: 'variants-secret-value' };
const SOURCE_REGION = 'cn-hangzhou';
const MAINLAND_DESTINATION = 'cn-shanghai';
const ABROAD_DESTINATION = 'us-east-1';
const COPY_DURATION_MS = 2000;

let ecs: LocalEcs;
let client: RPCClient;
let clockMs = Date.now();

async function start(options: Partial<LocalEcsOptions> = {}): Promise<void> {
  await ecs?.close();
  ecs = await startLocalEcs({ credentials: [CREDENTIAL], copyDurationMs: COPY_DURATION_MS, now: () => clockMs, ...options });
  client = popCoreClient(ecs, CREDENTIAL);
}

beforeEach(async () => {
  clockMs = Date.now();
  await start();
});

afterEach(async () => {
  await ecs.close();
});

const seed = (overrides: Partial<SeedSnapshot> = {}): string => seedSource(ecs, overrides);

const copyParams = (SnapshotId: string, overrides: Record<string, unknown> = {}) =>
  copySnapshotParams(SnapshotId, MAINLAND_DESTINATION, overrides);

async function copy(params: Record<string, unknown>): Promise<string> {
  const answer = (await callEcs(client, 'CopySnapshot', params)) as { SnapshotId: string };
  return answer.SnapshotId;
}

async function list(params: Record<string, unknown>): Promise<Listing> {
  return ListingSchema.parse(await callEcs(client, 'DescribeSnapshots', { MaxResults: 100, ...params }));
}

async function listedIds(params: Record<string, unknown>): Promise<string[]> {
  return (await list(params)).Snapshots.Snapshot.map((snapshot) => String(snapshot.SnapshotId));
}

const control = (method: 'GET' | 'POST', path: string, body?: unknown) => localControl(ecs.url, method, path, body);

describe('automatic snapshots typed timer', () => {
  it('lists automatic snapshots as auto by default and as timer under the variant, and the auto filter finds both', async () => {
    const automatic = seed({ SnapshotType: 'auto' });
    seed({ SnapshotType: 'user' });
    const asAuto = (await list({ RegionId: SOURCE_REGION, SnapshotType: 'auto' })).Snapshots.Snapshot;

    ecs.setVariants({ automaticSnapshotType: 'timer' });
    const asTimer = (await list({ RegionId: SOURCE_REGION, SnapshotType: 'auto' })).Snapshots.Snapshot;

    expect(asAuto.map((snapshot) => [snapshot.SnapshotId, snapshot.SnapshotType])).toEqual([[automatic, 'auto']]);
    expect(asTimer.map((snapshot) => [snapshot.SnapshotId, snapshot.SnapshotType])).toEqual([[automatic, 'timer']]);
  });
});

describe('copies and their source', () => {
  it('lists every copy with SourceSnapshotId and SourceRegionId, whether made through CopySnapshot or by another tool', async () => {
    const source = seed({ DiskId: 'd-origin' });
    const ours = await copy(copyParams(source));
    const theirs = ecs.addSnapshot({
      RegionId: MAINLAND_DESTINATION,
      DiskId: 'd-origin',
      SourceSnapshotId: source,
      SourceRegionId: SOURCE_REGION,
    }).SnapshotId;

    const copies = (await list({ RegionId: MAINLAND_DESTINATION })).Snapshots.Snapshot;

    expect(copies.map((snapshot) => [snapshot.SnapshotId, snapshot.SourceSnapshotId, snapshot.SourceRegionId]).sort()).toEqual(
      [
        [ours, source, SOURCE_REGION],
        [theirs, source, SOURCE_REGION],
      ].sort(),
    );
    expect(copies.find((snapshot) => snapshot.SnapshotId === theirs)?.Tags).toEqual({ Tag: [] });
  });
});

describe('the per-disk rule', () => {
  it('answers DiskHasUnfinishedSnapshotCopy by default and UnfinishedCrossRegionCopy under the variant', async () => {
    const first = seed({ DiskId: 'd-busy' });
    const second = seed({ DiskId: 'd-busy' });
    await copy(copyParams(first));

    const byDefault = await ecsFailureOf(callEcs(client, 'CopySnapshot', copyParams(second)));
    ecs.setVariants({ unfinishedCopyCode: 'UnfinishedCrossRegionCopy' });
    const documented = await ecsFailureOf(callEcs(client, 'CopySnapshot', copyParams(second)));

    expect(byDefault).toMatchObject({ code: 'InvalidOperation.DiskHasUnfinishedSnapshotCopy', status: 403 });
    expect(documented).toMatchObject({ code: 'InvalidOperation.UnfinishedCrossRegionCopy', status: 403 });
  });

  it('answers UnfinishedEncryptedSnapshotCopy while an encrypted copy of the disk runs', async () => {
    await start({ variants: { unfinishedCopyCode: 'UnfinishedCrossRegionCopy' } });
    const first = seed({ DiskId: 'd-secret', Encrypted: true });
    const second = seed({ DiskId: 'd-secret', Encrypted: true });
    await copy(copyParams(first, { Encrypted: 'true' }));

    const failure = await ecsFailureOf(callEcs(client, 'CopySnapshot', copyParams(second, { Encrypted: 'true' })));

    expect(failure).toMatchObject({ code: 'InvalidOperation.UnfinishedEncryptedSnapshotCopy', status: 403 });
  });

  it('applies to a copy another tool is running, to that destination only', async () => {
    const source = seed({ DiskId: 'd-policy' });
    ecs.addSnapshot({
      RegionId: MAINLAND_DESTINATION,
      DiskId: 'd-policy',
      SourceSnapshotId: seed({ DiskId: 'd-policy' }),
      SourceRegionId: SOURCE_REGION,
      Status: 'progressing',
    });

    const failure = await ecsFailureOf(callEcs(client, 'CopySnapshot', copyParams(source)));
    const elsewhere = await copy(copyParams(source, { DestinationRegionId: ABROAD_DESTINATION }));

    expect(failure.code).toBe('InvalidOperation.DiskHasUnfinishedSnapshotCopy');
    expect(elsewhere).toMatch(/^s-/);
  });
});

describe('one ClientToken in flight twice', () => {
  it('answers 409 InvalidOperation.Conflict to the second call while the first is held, and the same copy afterwards', async () => {
    await start({ variants: { clientTokenInFlight: 'conflict' } });
    const source = seed();
    const params = copyParams(source, { ClientToken: 'dr-token-1' });
    ecs.injectFault({ Action: 'CopySnapshot', fault: { kind: 'delay', ms: 300 } });

    const first = copy(params);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const conflict = await ecsFailureOf(callEcs(client, 'CopySnapshot', params));
    const made = await first;
    const again = await copy(params);

    expect(conflict).toMatchObject({ code: 'InvalidOperation.Conflict', status: 409 });
    expect(again).toBe(made);
    expect(ecs.snapshots(MAINLAND_DESTINATION)).toHaveLength(1);
  });

  it('serves the second call by default: both get the one copy', async () => {
    const source = seed();
    const params = copyParams(source, { ClientToken: 'dr-token-2' });
    ecs.injectFault({ Action: 'CopySnapshot', fault: { kind: 'delay', ms: 300 } });

    const [first, second] = await Promise.all([copy(params), new Promise((resolve) => setTimeout(resolve, 100)).then(() => copy(params))]);

    expect(second).toBe(first);
    expect(ecs.snapshots(MAINLAND_DESTINATION)).toHaveLength(1);
  });
});

describe('refused region pairs', () => {
  it('refuses copies across the Chinese mainland border with 403 OperationDenied.NonCompliantDestinationRegion', async () => {
    await start({ variants: { refusedRegionPairs: 'cross-border' } });
    const source = seed();

    const abroad = await ecsFailureOf(callEcs(client, 'CopySnapshot', copyParams(source, { DestinationRegionId: ABROAD_DESTINATION })));
    const hongKong = await ecsFailureOf(callEcs(client, 'CopySnapshot', copyParams(source, { DestinationRegionId: 'cn-hongkong' })));
    const mainland = await copy(copyParams(source, { DestinationRegionId: MAINLAND_DESTINATION }));

    expect(abroad).toMatchObject({ code: 'OperationDenied.NonCompliantDestinationRegion', status: 403 });
    expect(hongKong.code).toBe('OperationDenied.NonCompliantDestinationRegion');
    expect(mainland).toMatch(/^s-/);
    expect(ecs.snapshots(ABROAD_DESTINATION)).toEqual([]);
  });

  it('refuses exactly the pairs listed', async () => {
    await start({ variants: { refusedRegionPairs: [{ RegionId: SOURCE_REGION, DestinationRegionId: MAINLAND_DESTINATION }] } });
    const source = seed();

    const refused = await ecsFailureOf(callEcs(client, 'CopySnapshot', copyParams(source)));

    expect(refused.code).toBe('OperationDenied.NonCompliantDestinationRegion');
    expect(await copy(copyParams(source, { DestinationRegionId: ABROAD_DESTINATION }))).toMatch(/^s-/);
  });
});

describe('encrypted sources', () => {
  it('copies an encrypted source encrypted by default, and refuses it without Encrypted=true under the variant', async () => {
    const source = seed({ Encrypted: true });
    const kept = await copy(copyParams(source));
    ecs.setVariants({ encryptedSourceWithoutEncrypted: 'refuse' });

    const refused = await ecsFailureOf(callEcs(client, 'CopySnapshot', copyParams(source, { Encrypted: 'false' })));
    const encrypted = await copy(copyParams(source, { Encrypted: 'true', DestinationRegionId: ABROAD_DESTINATION }));

    expect(ecs.snapshots(MAINLAND_DESTINATION).find((snapshot) => snapshot.SnapshotId === kept)?.Encrypted).toBe(true);
    expect(refused).toMatchObject({ code: 'InvalidEncrypted.NotSupportDecrypt', status: 403 });
    expect(encrypted).toMatch(/^s-/);
  });
});

describe('KMS in the destination region', () => {
  beforeEach(async () => {
    await start({
      variants: {
        kms: {
          activatedRegions: [MAINLAND_DESTINATION],
          keys: [
            { RegionId: MAINLAND_DESTINATION, KeyId: 'key-good' },
            { RegionId: MAINLAND_DESTINATION, KeyId: 'key-off', enabled: false },
            { RegionId: MAINLAND_DESTINATION, KeyId: 'key-denied', authorized: false },
            { RegionId: MAINLAND_DESTINATION, KeyId: 'key-rsa', symmetric: false },
          ],
        },
      },
    });
  });

  it.each([
    ['a region without KMS', { DestinationRegionId: ABROAD_DESTINATION }, 'InvalidParameter.KmsNotEnabled'],
    ['a key of no region', { KMSKeyId: 'key-missing' }, 'InvalidParameter.KMSKeyId.NotFound'],
    ['a disabled key', { KMSKeyId: 'key-off' }, 'InvalidParameter.KMSKeyId.CMKNotEnabled'],
    ['a key ECS may not use', { KMSKeyId: 'key-denied' }, 'InvalidParameter.KMSKeyId.KMSUnauthorized'],
    ['an asymmetric key', { KMSKeyId: 'key-rsa' }, 'InvalidKMSKeyId.NotSymmetric'],
  ])('refuses an encrypted copy to %s', async (_what, change, code) => {
    const failure = await ecsFailureOf(callEcs(client, 'CopySnapshot', copyParams(seed(), { Encrypted: 'true', ...change })));

    expect(failure).toMatchObject({ code, status: 403 });
  });

  it('makes an encrypted copy with an enabled key of the destination region', async () => {
    const made = await copy(copyParams(seed(), { Encrypted: 'true', KMSKeyId: 'key-good' }));

    expect(ecs.snapshots(MAINLAND_DESTINATION).find((snapshot) => snapshot.SnapshotId === made)).toMatchObject({
      Encrypted: true,
      KMSKeyId: 'key-good',
    });
  });
});

describe('the snapshot quota', () => {
  it('answers 403 QuotaExceed.SnapshotQuota to a copy into a region that holds its quota of snapshots', async () => {
    await start({ variants: { snapshotQuota: 1 } });
    await copy(copyParams(seed()));

    const failure = await ecsFailureOf(callEcs(client, 'CopySnapshot', copyParams(seed())));

    expect(failure).toMatchObject({ code: 'QuotaExceed.SnapshotQuota', status: 403 });
  });
});

describe('the tag index', () => {
  it('finds a new copy by its tags only once indexed, and by its ID at once', async () => {
    await start({ variants: { tagIndexDelayMs: 5000 } });
    const source = seed();
    const made = await copy(copyParams(source, { Tag: [{ Key: 'copied-from', Value: source }] }));
    const byTag = { RegionId: MAINLAND_DESTINATION, Tag: [{ Key: 'copied-from', Value: source }] };

    const before = await listedIds(byTag);
    const byId = await listedIds({ RegionId: MAINLAND_DESTINATION, SnapshotIds: JSON.stringify([made]) });
    clockMs += 5000;
    const after = await listedIds(byTag);

    expect(before).toEqual([]);
    expect(byId).toEqual([made]);
    expect(after).toEqual([made]);
  });

  it('answers at most the cap of tag matches, or refuses past it', async () => {
    await start({ variants: { tagFilterCap: { matches: 3, beyond: 'truncate' } } });
    for (let n = 0; n < 5; n++) seed({ Tags: [{ Key: 'fleet', Value: 'db' }] });

    const truncated = await listedIds({ RegionId: SOURCE_REGION, Tag: [{ Key: 'fleet', Value: 'db' }] });
    const untagged = await listedIds({ RegionId: SOURCE_REGION });
    ecs.setVariants({ tagFilterCap: { matches: 3, beyond: 'error' } });
    const refused = await ecsFailureOf(
      callEcs(client, 'DescribeSnapshots', { RegionId: SOURCE_REGION, Tag: [{ Key: 'fleet', Value: 'db' }] }),
    );

    expect(truncated).toHaveLength(3);
    expect(untagged).toHaveLength(5);
    expect(refused).toMatchObject({ code: 'InvalidParameter.TagResourceCount', status: 400 });
  });
});

describe('InstanceId means the disks attached now', () => {
  it('follows a disk that is detached, attached elsewhere and released; DiskId still finds its snapshots', async () => {
    const snapshot = seed({ DiskId: 'd-moving', InstanceId: 'i-first' });
    const onFirst = await listedIds({ RegionId: SOURCE_REGION, InstanceId: 'i-first' });

    ecs.detachDisk('d-moving');
    const detached = await listedIds({ RegionId: SOURCE_REGION, InstanceId: 'i-first' });
    ecs.attachDisk('d-moving', 'i-second');
    const onSecond = await listedIds({ RegionId: SOURCE_REGION, InstanceId: 'i-second' });
    const leftFirst = await listedIds({ RegionId: SOURCE_REGION, InstanceId: 'i-first' });
    ecs.releaseDisk('d-moving');
    const released = await listedIds({ RegionId: SOURCE_REGION, InstanceId: 'i-second' });
    const byDisk = await listedIds({ RegionId: SOURCE_REGION, DiskId: 'd-moving' });

    expect(onFirst).toEqual([snapshot]);
    expect(detached).toEqual([]);
    expect(onSecond).toEqual([snapshot]);
    expect(leftFirst).toEqual([]);
    expect(released).toEqual([]);
    expect(byDisk).toEqual([snapshot]);
    expect(() => ecs.attachDisk('d-moving', 'i-first')).toThrow(/released/);
  });
});

describe("DescribeSnapshots' documented error codes", () => {
  it.each([
    ['SnapshotIds that are not a JSON array', 'InvalidSnapshotIds.Malformed', 403, { SnapshotIds: 's-abc' }],
    ['an unknown Status', 'InvalidStatus.NotFound', 404, { Status: 'done' }],
    ['an unknown SnapshotType', 'InvalidSnapshotType.NotFound', 404, { SnapshotType: 'manual' }],
    ['an unknown Usage', 'InvalidUsage', 404, { Usage: 'backup' }],
    ['an unknown SourceDiskType', 'InvalidSourceDiskType', 404, { SourceDiskType: 'boot' }],
    ['an unknown filter key', 'InvalidFilterKey.NotFound', 404, { Filter: [{ Key: 'CreationDay', Value: '2024-05-01T00:00Z' }] }],
    ['a filter value that is not a time', 'InvalidFilterValue', 404, { Filter: [{ Key: 'CreationStartTime', Value: 'yesterday' }] }],
    ['a tag value without its key', 'InvalidTag.Mismatch', 400, { 'Tag.1.Value': 'prod' }],
    ['more than 20 tags', 'InvalidTagCount', 400, { 'Tag.21.Key': 'k' }],
    ['an unknown SnapshotLinkId', 'InvalidSnapshotLinkId.NotFound', 404, { SnapshotLinkId: 'sl-00000000000000000000' }],
    ['MaxResults over 100', 'InvalidParameter.MaxResults', 400, { MaxResults: 101 }],
  ])('answers %s with %s (HTTP %i)', async (_what, code, status, params) => {
    const failure = await ecsFailureOf(callEcs(client, 'DescribeSnapshots', { RegionId: SOURCE_REGION, ...params }));

    expect(failure).toMatchObject({ code, status });
  });

  it('filters by SourceDiskType in either case and by SnapshotLinkId', async () => {
    const system = seed({ DiskId: 'd-system', SourceDiskType: 'system' });
    seed({ DiskId: 'd-data' });
    const [listed] = (await list({ RegionId: SOURCE_REGION, SnapshotIds: JSON.stringify([system]) })).Snapshots.Snapshot;

    expect(await listedIds({ RegionId: SOURCE_REGION, SourceDiskType: 'System' })).toEqual([system]);
    expect(await listedIds({ RegionId: SOURCE_REGION, SnapshotLinkId: listed?.SnapshotLinkId })).toEqual([system]);
  });
});

describe('a minimum MaxResults', () => {
  it('accepts MaxResults 1 by default and refuses less than 10 under the variant', async () => {
    seed();
    const one = await list({ RegionId: SOURCE_REGION, MaxResults: 1 });
    ecs.setVariants({ minMaxResults: 10 });

    const refused = await ecsFailureOf(callEcs(client, 'DescribeSnapshots', { RegionId: SOURCE_REGION, MaxResults: 9 }));
    const ten = await list({ RegionId: SOURCE_REGION, MaxResults: 10 });

    expect(one.Snapshots.Snapshot).toHaveLength(1);
    expect(refused).toMatchObject({ code: 'InvalidParameter.MaxResults', status: 400 });
    expect(ten.Snapshots.Snapshot).toHaveLength(1);
  });
});

describe('the documented response fields', () => {
  it('says a copy in progress is not available yet and how long it has left, and names its key', async () => {
    const made = await copy(copyParams(seed({ Encrypted: true }), { Encrypted: 'true', KMSKeyId: 'key-1' }));
    const [running] = (await list({ RegionId: MAINLAND_DESTINATION })).Snapshots.Snapshot;
    clockMs += COPY_DURATION_MS;
    const [done] = (await list({ RegionId: MAINLAND_DESTINATION })).Snapshots.Snapshot;

    expect(running).toMatchObject({ SnapshotId: made, Status: 'progressing', Available: false, RemainTime: 2, KMSKeyId: 'key-1' });
    expect(done).toMatchObject({ Status: 'accomplished', Available: true, RemainTime: 0, InstantAccess: false, SourceStorageType: 'disk' });
    expect(done).toHaveProperty('SnapshotSN');
    expect(done).toHaveProperty('FullSnapshotSizeInBytes');
  });
});

describe('snapshots listed with values no client expects', () => {
  it('answers a Status outside the documented set, no Progress and extra fields on the wire, and the real ones to the control API', async () => {
    const odd = seed({ ListedAs: { Status: 'archiving', Progress: null, BrandNewField: { nested: true } } });

    const [listed] = (await list({ RegionId: SOURCE_REGION })).Snapshots.Snapshot;

    expect(listed).toMatchObject({ SnapshotId: odd, Status: 'archiving', BrandNewField: { nested: true } });
    expect(listed).not.toHaveProperty('Progress');
    expect(ecs.snapshots(SOURCE_REGION)[0]).toMatchObject({ Status: 'accomplished', Progress: '100%' });
  });
});

describe('faults a broken gateway causes', () => {
  it('answers a page whose NextToken is the one it was sent', async () => {
    for (let n = 0; n < 3; n++) seed();
    const first = await list({ RegionId: SOURCE_REGION, MaxResults: 1 });
    ecs.injectFault({ Action: 'DescribeSnapshots', fault: { kind: 'repeat-next-token' }, times: 2 });

    const second = await list({ RegionId: SOURCE_REGION, MaxResults: 1, NextToken: first.NextToken });
    const third = await list({ RegionId: SOURCE_REGION, MaxResults: 1, NextToken: second.NextToken });

    expect(second.NextToken).toBe(first.NextToken);
    expect(third.Snapshots.Snapshot).toEqual(second.Snapshots.Snapshot);
  });

  it('answers bytes that are not HTTP, on which the HTTP client fails with a parser error', async () => {
    ecs.injectFault({ fault: { kind: 'not-http' } });

    const failure = await callEcs(client, 'DescribeSnapshots', { RegionId: SOURCE_REGION }).then(
      () => undefined,
      (error: unknown) => error,
    );

    expect(failure).toMatchObject({ code: expect.stringMatching(/^HPE_/) });
  });

  it('answers a body of its choosing, such as null with HTTP 200 or a numeric Code with 503', async () => {
    ecs.injectFault({ fault: { kind: 'body', status: 200, body: 'null' } });
    ecs.injectFault({ fault: { kind: 'body', status: 503, body: '{"Code":503,"Message":"busy"}' } });

    const nullBody = await callEcs(client, 'DescribeSnapshots', { RegionId: SOURCE_REGION }).then(
      () => undefined,
      (error: unknown) => error,
    );
    const numeric = await callEcs(client, 'DescribeSnapshots', { RegionId: SOURCE_REGION }).then(
      () => undefined,
      (error: unknown) => error,
    );

    expect(nullBody).toBeInstanceOf(TypeError);
    expect(numeric).toMatchObject({ code: 503, data: { Code: 503 } });
  });
});

describe('the control API', () => {
  it('reads and changes the variants, and refuses a misspelt one', async () => {
    const changed = await control('POST', '/_local/variants', { automaticSnapshotType: 'timer', snapshotQuota: 5 });
    const misspelt = await control('POST', '/_local/variants', { automaticSnapshotTyp: 'timer' });
    const read = await control('GET', '/_local/variants');
    await control('POST', '/_local/variants', { snapshotQuota: null });

    expect(changed).toMatchObject({ status: 200, body: { automaticSnapshotType: 'timer', snapshotQuota: 5 } });
    expect(misspelt.status).toBe(400);
    expect(read.body).toMatchObject({ automaticSnapshotType: 'timer', unfinishedCopyCode: 'DiskHasUnfinishedSnapshotCopy' });
    expect(ecs.variants.snapshotQuota).toBeUndefined();
  });

  it('plays a host serving one region (servesOnlyRegion): a DeleteDisk for a disk of another region is ignored, and it is off again with null', async () => {
    const disk = ecs.addDisk({ RegionId: ABROAD_DESTINATION }).DiskId;

    const set = await control('POST', '/_local/variants', { servesOnlyRegion: SOURCE_REGION });
    await callEcs(client, 'DeleteDisk', { DiskId: disk });
    const whileOneRegion = ecs.disks(ABROAD_DESTINATION).map((listed) => listed.Status);
    await control('POST', '/_local/variants', { servesOnlyRegion: null });
    await callEcs(client, 'DeleteDisk', { DiskId: disk });

    expect(set).toMatchObject({ status: 200, body: { servesOnlyRegion: SOURCE_REGION } });
    expect(whileOneRegion).toEqual(['Available']);
    expect(ecs.disks(ABROAD_DESTINATION).map((listed) => listed.Status)).toEqual(['Deleting']);
  });

  it('attaches, detaches and releases source disks, and refuses to attach a released one', async () => {
    const snapshot = seed({ DiskId: 'd-remote' });

    await control('POST', '/_local/source-disks/attach', { DiskId: 'd-remote', InstanceId: 'i-remote' });
    const attached = await listedIds({ RegionId: SOURCE_REGION, InstanceId: 'i-remote' });
    await control('POST', '/_local/source-disks/detach', { DiskId: 'd-remote' });
    const detached = await listedIds({ RegionId: SOURCE_REGION, InstanceId: 'i-remote' });
    const release = await control('POST', '/_local/source-disks/release', { DiskId: 'd-remote' });
    const again = await control('POST', '/_local/source-disks/attach', { DiskId: 'd-remote', InstanceId: 'i-remote' });

    expect(attached).toEqual([snapshot]);
    expect(detached).toEqual([]);
    expect(release.status).toBe(204);
    expect(again.status).toBe(400);
  });
});

describe("one region's endpoint and a DeleteSnapshot of a snapshot it does not hold", () => {
  it('deletes in any region at / by default: an endpoint that serves every region', async () => {
    const copied = seed({ RegionId: MAINLAND_DESTINATION });

    await callEcs(client, 'DeleteSnapshot', { SnapshotId: copied });

    expect(await listedIds({ RegionId: MAINLAND_DESTINATION })).toEqual([]);
  });

  it("plays one region's endpoint at /: NotFound for another region's snapshot, or a success that deletes nothing", async () => {
    await start({ variants: { servesOnlyRegion: SOURCE_REGION } });
    const copied = seed({ RegionId: MAINLAND_DESTINATION });

    const refused = await ecsFailureOf(callEcs(client, 'DeleteSnapshot', { SnapshotId: copied }));
    ecs.setVariants({ deleteMissingSnapshot: 'ignore' });
    const ignored = await callEcs(client, 'DeleteSnapshot', { SnapshotId: copied });

    expect(refused).toMatchObject({ code: 'InvalidSnapshotId.NotFound', status: 404 });
    expect(ignored).toMatchObject({ RequestId: expect.any(String) });
    expect(await listedIds({ RegionId: MAINLAND_DESTINATION })).toEqual([copied]);
  });

  it("still deletes that region's own snapshots, and takes the variant off with null", async () => {
    await start({ variants: { servesOnlyRegion: SOURCE_REGION } });
    const own = seed();
    const elsewhere = seed({ RegionId: MAINLAND_DESTINATION });

    await callEcs(client, 'DeleteSnapshot', { SnapshotId: own });
    ecs.setVariants({ servesOnlyRegion: null });
    await callEcs(client, 'DeleteSnapshot', { SnapshotId: elsewhere });

    expect(await listedIds({ RegionId: SOURCE_REGION })).toEqual([]);
    expect(await listedIds({ RegionId: MAINLAND_DESTINATION })).toEqual([]);
  });
});
