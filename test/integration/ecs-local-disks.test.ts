import * as z from 'zod';

import RPCClient = require('@alicloud/pop-core/lib/rpc');

import type { LocalEcsCredential } from '../../ecs-local';
import { PopCoreEcs } from '../../lib/ecs/pop-core-ecs';
import { PopCoreEcsDisks } from '../../lib/ecs/pop-core-ecs-disks';
import { CopyFailure } from '../../lib/failures/errors';
import { EcsTimeSchema, TagsSchema } from '../support/ecs-response-schemas';
import { localEcsEach } from '../support/local-ecs-each';

// The disk, zone, deletion and tagging actions of the local endpoint, driven with the real pop-core client (and,
// at the end, through the function's own adapter over it).

const API_VERSION = '2014-05-26';
const CREDENTIAL: LocalEcsCredential = { accessKeyId: 'LTAI-disk-test', accessKeySecret: 'disk-test-secret/+=' };
const REGION = 'us-east-1';
const ZONE = 'us-east-1a';
const CREATE_MS = 2000;
const DELETE_MS = 1000;

const ErrorBodySchema = z.object({ RequestId: z.string(), Code: z.string(), Message: z.string() });
const PopCoreErrorSchema = z.object({ data: ErrorBodySchema, entry: z.object({ response: z.object({ statusCode: z.number() }) }) });
const DiskSchema = z.strictObject({
  DiskId: z.string().regex(/^d-[a-z0-9]{20}$/),
  DiskName: z.string(),
  Description: z.string(),
  RegionId: z.string(),
  ZoneId: z.string(),
  Category: z.string(),
  Size: z.number(),
  Status: z.enum(['Creating', 'Available', 'In_use', 'Deleting']),
  Type: z.literal('data'),
  SourceSnapshotId: z.string(),
  InstanceId: z.string(),
  Portable: z.boolean(),
  DiskChargeType: z.literal('PostPaid'),
  DeleteWithInstance: z.boolean(),
  Encrypted: z.boolean(),
  CreationTime: EcsTimeSchema,
  Tags: TagsSchema,
});
const DisksPageSchema = z.strictObject({
  RequestId: z.string(),
  TotalCount: z.number(),
  NextToken: z.string(),
  Disks: z.strictObject({ Disk: z.array(DiskSchema) }),
});

const local = localEcsEach({ credentials: [CREDENTIAL], diskCreateDurationMs: CREATE_MS, diskDeleteDurationMs: DELETE_MS });

function client(endpoint = local.ecs.url): RPCClient {
  return new RPCClient({
    endpoint,
    apiVersion: API_VERSION,
    accessKeyId: CREDENTIAL.accessKeyId,
    accessKeySecret: CREDENTIAL.accessKeySecret,
  });
}

function call(action: string, params: Record<string, unknown>, endpoint?: string): Promise<unknown> {
  return client(endpoint).request(action, params, { method: 'POST', timeout: 3000 });
}

async function ecsFailureOf(promise: Promise<unknown>): Promise<{ Code: string; status: number; Message: string }> {
  const error = PopCoreErrorSchema.parse(
    await promise.then(
      (answer) => {
        throw new Error(`expected the call to fail, it answered ${JSON.stringify(answer)}`);
      },
      (failure: unknown) => failure,
    ),
  );
  return { Code: error.data.Code, status: error.entry.response.statusCode, Message: error.data.Message };
}

function snapshot(overrides: { Status?: 'accomplished' | 'progressing'; SourceDiskSize?: number; RegionId?: string } = {}): string {
  return local.ecs.addSnapshot({ RegionId: REGION, DiskId: 'd-bp1sourcedisk000001', SourceDiskSize: 60, ...overrides }).SnapshotId;
}

function createParams(SnapshotId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { RegionId: REGION, ZoneId: ZONE, SnapshotId, DiskCategory: 'cloud_essd', ClientToken: 'token-1', ...overrides };
}

async function createDisk(params: Record<string, unknown>): Promise<string> {
  return z.strictObject({ RequestId: z.string(), DiskId: z.string() }).parse(await call('CreateDisk', params)).DiskId;
}

async function describeDisks(params: Record<string, unknown>) {
  return DisksPageSchema.parse(await call('DescribeDisks', { RegionId: REGION, ...params }));
}

describe('CreateDisk on the local endpoint', () => {
  it('makes a pay-as-you-go disk of the snapshot, Creating until it is Available, the snapshot size winning over Size', async () => {
    const SnapshotId = snapshot({ SourceDiskSize: 60 });

    const DiskId = await createDisk(
      createParams(SnapshotId, {
        Size: 20,
        DiskName: 'drill-d-1',
        Description: 'a drill',
        Tag: [{ Key: 'snapshot-copy:drill-disk', Value: 'true' }],
      }),
    );
    const creating = (await describeDisks({ DiskIds: JSON.stringify([DiskId]) })).Disks.Disk[0];
    local.advance(CREATE_MS);
    const available = (await describeDisks({ DiskIds: JSON.stringify([DiskId]) })).Disks.Disk[0];

    expect(creating).toMatchObject({
      Status: 'Creating',
      ZoneId: ZONE,
      Category: 'cloud_essd',
      Size: 60,
      SourceSnapshotId: SnapshotId,
      DiskChargeType: 'PostPaid',
    });
    expect(creating?.Tags.Tag).toEqual([{ TagKey: 'snapshot-copy:drill-disk', TagValue: 'true' }]);
    expect(available?.Status).toBe('Available');
  });

  it('answers the same disk to the same ClientToken, and IdempotentParameterMismatch to other parameters under it', async () => {
    const SnapshotId = snapshot();

    const first = await createDisk(createParams(SnapshotId));
    const again = await createDisk(createParams(SnapshotId));
    const mismatch = await ecsFailureOf(call('CreateDisk', createParams(SnapshotId, { DiskCategory: 'cloud_auto' })));

    expect(again).toBe(first);
    expect(local.ecs.disks(REGION)).toHaveLength(1);
    expect(mismatch).toMatchObject({ Code: 'IdempotentParameterMismatch', status: 400 });
  });

  it.each([
    ['an unknown snapshot', () => createParams('s-bp1nosuchsnapshot01'), 'InvalidSnapshotId.NotFound', 404],
    ['a snapshot still being made', () => createParams(snapshot({ Status: 'progressing' })), 'InvalidSnapshotId.NotReady', 403],
    ['an unknown zone', () => createParams(snapshot(), { ZoneId: 'us-east-1z' }), 'InvalidZoneId.NotFound', 404],
    [
      'a category the zone does not sell',
      () => createParams(snapshot(), { ZoneId: 'us-east-1b', DiskCategory: 'cloud_efficiency' }),
      'InvalidDataDiskCategory.NotSupported',
      403,
    ],
    ['no zone and no instance', () => createParams(snapshot(), { ZoneId: undefined }), 'MissingZoneId', 400],
    [
      'a size over the category range',
      () => createParams(snapshot({ SourceDiskSize: 3000 }), { DiskCategory: 'cloud_efficiency', Size: 40000 }),
      'InvalidDataDiskSize.ValueNotSupported',
      400,
    ],
    ['neither snapshot nor size', () => createParams(snapshot(), { SnapshotId: undefined }), 'MissingParameter', 400],
    ['an unknown category', () => createParams(snapshot(), { DiskCategory: 'floppy' }), 'InvalidDiskCategory.ValueNotSupported', 400],
    ['a malformed tag key', () => createParams(snapshot(), { Tag: [{ Key: 'aliyun-x', Value: 'v' }] }), 'InvalidTagKey.Malformed', 400],
  ])('refuses %s with its documented code', async (_case, params, Code, status) => {
    const body = Object.fromEntries(Object.entries(params()).filter(([, value]) => value !== undefined));

    expect(await ecsFailureOf(call('CreateDisk', body))).toMatchObject({ Code, status });
    expect(local.ecs.disks(REGION)).toEqual([]);
  });
});

describe('DescribeDisks on the local endpoint', () => {
  it('filters by DiskIds, by the snapshot disks were created from, by tag (key alone or with value) and by Status', async () => {
    const SnapshotId = snapshot();
    const drill = await createDisk(createParams(SnapshotId, { Tag: [{ Key: 'kind', Value: 'drill' }] }));
    const other = local.ecs.addDisk({ RegionId: REGION, Tags: [{ Key: 'kind', Value: 'db' }] }).DiskId;
    const ids = async (params: Record<string, unknown>) => (await describeDisks(params)).Disks.Disk.map((disk) => disk.DiskId).sort();

    expect(await ids({ DiskIds: JSON.stringify([drill]) })).toEqual([drill]);
    expect(await ids({ SnapshotId })).toEqual([drill]);
    expect(await ids({ Tag: [{ Key: 'kind', Value: 'drill' }] })).toEqual([drill]);
    expect(await ids({ Tag: [{ Key: 'kind' }] })).toEqual([drill, other].sort());
    expect(await ids({ Status: 'Creating' })).toEqual([drill]);
    expect(await ids({ Status: 'Available' })).toEqual([other]);
  });

  it('pages with MaxResults (raised to 10 when lower) and a NextToken bound to its query', async () => {
    for (let index = 0; index < 25; index++) local.ecs.addDisk({ RegionId: REGION });

    const first = await describeDisks({ MaxResults: 3 });
    const second = await describeDisks({ MaxResults: 10, NextToken: first.NextToken });
    const third = await describeDisks({ MaxResults: 10, NextToken: second.NextToken });
    const foreign = await ecsFailureOf(call('DescribeDisks', { RegionId: REGION, Status: 'Available', NextToken: first.NextToken }));

    expect(first.Disks.Disk).toHaveLength(10);
    expect(first.TotalCount).toBe(25);
    expect(third.NextToken).toBe('');
    expect(new Set([...first.Disks.Disk, ...second.Disks.Disk, ...third.Disks.Disk].map((disk) => disk.DiskId)).size).toBe(25);
    expect(foreign.Code).toBe('InvalidParameter.NextToken');
  });
});

describe('DeleteDisk on the local endpoint', () => {
  it('takes an Available disk to Deleting, then gone', async () => {
    const DiskId = local.ecs.addDisk({ RegionId: REGION }).DiskId;

    await call('DeleteDisk', { DiskId });
    const deleting = local.ecs.disks(REGION).map((disk) => disk.Status);
    local.advance(DELETE_MS);

    expect(deleting).toEqual(['Deleting']);
    expect(local.ecs.disks(REGION)).toEqual([]);
  });

  it('refuses a disk being created and an attached one with IncorrectDiskStatus, and ignores an unknown one', async () => {
    const creating = await createDisk(createParams(snapshot()));
    const attached = local.ecs.addDisk({ RegionId: REGION, Status: 'In_use', InstanceId: 'i-bp1instance00000001' }).DiskId;

    const whileCreating = await ecsFailureOf(call('DeleteDisk', { DiskId: creating }));
    const whileAttached = await ecsFailureOf(call('DeleteDisk', { DiskId: attached }));
    await call('DeleteDisk', { DiskId: 'd-bp1nosuchdisk000001' });

    expect(whileCreating).toMatchObject({ Code: 'IncorrectDiskStatus', status: 403 });
    expect(whileAttached).toMatchObject({ Code: 'IncorrectDiskStatus', status: 403 });
    expect(
      local.ecs
        .disks(REGION)
        .map((disk) => disk.Status)
        .sort(),
    ).toEqual(['Creating', 'In_use']);
  });

  it('acts only on the disks of the region whose endpoint is called (/<RegionId>/), DeleteDisk having no RegionId', async () => {
    const DiskId = local.ecs.addDisk({ RegionId: REGION }).DiskId;

    await call('DeleteDisk', { DiskId }, `${local.ecs.url}/eu-central-1`);
    const untouched = local.ecs.disks(REGION).map((disk) => disk.Status);
    await call('DeleteDisk', { DiskId }, `${local.ecs.url}/${REGION}`);

    expect(untouched).toEqual(['Available']);
    expect(local.ecs.disks(REGION).map((disk) => disk.Status)).toEqual(['Deleting']);
    expect(local.ecs.calls.map((recorded) => recorded.EndpointRegionId)).toEqual(['eu-central-1', REGION]);
  });
});

describe('DeleteSnapshot on the local endpoint', () => {
  it('deletes a snapshot, refuses one disks were created from (SnapshotCreatedDisk) unless forced, and answers NotFound after', async () => {
    const free = snapshot();
    const used = snapshot();
    await createDisk(createParams(used));

    await call('DeleteSnapshot', { SnapshotId: free }, `${local.ecs.url}/${REGION}`);
    const refused = await ecsFailureOf(call('DeleteSnapshot', { SnapshotId: used }, `${local.ecs.url}/${REGION}`));
    const gone = await ecsFailureOf(call('DeleteSnapshot', { SnapshotId: free }, `${local.ecs.url}/${REGION}`));
    await call('DeleteSnapshot', { SnapshotId: used, Force: 'true' }, `${local.ecs.url}/${REGION}`);

    expect(refused).toMatchObject({ Code: 'SnapshotCreatedDisk', status: 403 });
    expect(gone).toMatchObject({ Code: 'InvalidSnapshotId.NotFound', status: 404 });
    expect(local.ecs.snapshots(REGION)).toEqual([]);
  });

  it('does not find a snapshot of another region than the endpoint called', async () => {
    const SnapshotId = snapshot();

    const failure = await ecsFailureOf(call('DeleteSnapshot', { SnapshotId }, `${local.ecs.url}/cn-hangzhou`));

    expect(failure.Code).toBe('InvalidSnapshotId.NotFound');
    expect(local.ecs.snapshots(REGION)).toHaveLength(1);
  });
});

describe('DescribeAvailableResource on the local endpoint', () => {
  const AnswerSchema = z.object({
    AvailableZones: z.object({
      AvailableZone: z.array(
        z.object({
          ZoneId: z.string(),
          Status: z.string(),
          StatusCategory: z.string(),
          AvailableResources: z.object({
            AvailableResource: z.array(
              z.object({
                Type: z.literal('DataDisk'),
                SupportedResources: z.object({
                  SupportedResource: z.array(
                    z.object({
                      Value: z.string(),
                      Status: z.string(),
                      StatusCategory: z.string(),
                      Min: z.number(),
                      Max: z.number(),
                      Unit: z.literal('GiB'),
                    }),
                  ),
                }),
              }),
            ),
          }),
        }),
      ),
    }),
  });

  it('lists the zones that sell data disks, with each category and its size range, filtered by ZoneId and category', async () => {
    const all = AnswerSchema.parse(
      await call('DescribeAvailableResource', { RegionId: REGION, DestinationResource: 'DataDisk', ResourceType: 'disk' }),
    );
    const essdOnly = AnswerSchema.parse(
      await call('DescribeAvailableResource', {
        RegionId: REGION,
        DestinationResource: 'DataDisk',
        ResourceType: 'disk',
        ZoneId: 'us-east-1b',
        DataDiskCategory: 'cloud_essd',
      }),
    );

    expect(all.AvailableZones.AvailableZone.map((zone) => zone.ZoneId)).toEqual(['us-east-1a', 'us-east-1b']);
    const firstZone = all.AvailableZones.AvailableZone[0]?.AvailableResources.AvailableResource[0]?.SupportedResources.SupportedResource;
    expect(firstZone).toContainEqual({
      Value: 'cloud_efficiency',
      Status: 'Available',
      StatusCategory: 'WithStock',
      Min: 20,
      Max: 32768,
      Unit: 'GiB',
    });
    expect(essdOnly.AvailableZones.AvailableZone).toHaveLength(1);
    expect(
      essdOnly.AvailableZones.AvailableZone[0]?.AvailableResources.AvailableResource[0]?.SupportedResources.SupportedResource.map(
        (offer) => offer.Value,
      ),
    ).toEqual(['cloud_essd']);
  });

  it('shows a sold-out category as SoldOut, and CreateDisk refuses it', async () => {
    await local.restart({
      zones: { [REGION]: [{ ZoneId: ZONE, DataDiskCategories: [{ Value: 'cloud_essd', Min: 20, Max: 65536, Status: 'SoldOut' }] }] },
    });

    const answer = AnswerSchema.parse(
      await call('DescribeAvailableResource', { RegionId: REGION, DestinationResource: 'DataDisk', ResourceType: 'disk' }),
    );
    const refused = await ecsFailureOf(call('CreateDisk', createParams(snapshot())));

    expect(answer.AvailableZones.AvailableZone[0]).toMatchObject({ Status: 'SoldOut', StatusCategory: 'WithoutStock' });
    expect(refused.Code).toBe('OperationDenied.NoStock');
  });

  it('requires DestinationResource and says which it serves', async () => {
    expect((await ecsFailureOf(call('DescribeAvailableResource', { RegionId: REGION }))).Code).toBe('MissingDestinationResource');
    expect((await ecsFailureOf(call('DescribeAvailableResource', { RegionId: REGION, DestinationResource: 'InstanceType' }))).Code).toBe(
      'InvalidParameter.DestinationResource',
    );
  });
});

describe('TagResources on the local endpoint', () => {
  it('adds and overwrites tags on snapshots, all or nothing', async () => {
    const a = snapshot();
    const b = snapshot();

    await call('TagResources', { RegionId: REGION, ResourceType: 'snapshot', ResourceId: [a, b], Tag: [{ Key: 'drilled', Value: 'one' }] });
    await call('TagResources', { RegionId: REGION, ResourceType: 'snapshot', ResourceId: [a], Tag: [{ Key: 'drilled', Value: 'two' }] });
    const missing = await ecsFailureOf(
      call('TagResources', {
        RegionId: REGION,
        ResourceType: 'snapshot',
        ResourceId: [b, 's-bp1nosuchsnapshot01'],
        Tag: [{ Key: 'x', Value: '' }],
      }),
    );
    const tags = (id: string) => local.ecs.snapshots(REGION).find((found) => found.SnapshotId === id)?.Tags.Tag;

    expect(tags(a)).toEqual([{ TagKey: 'drilled', TagValue: 'two' }]);
    expect(tags(b)).toEqual([{ TagKey: 'drilled', TagValue: 'one' }]);
    expect(missing.Code).toBe('InvalidResourceId.NotFound');
  });

  it('refuses to take a snapshot past 20 tags', async () => {
    const id = snapshot();
    const twenty = Array.from({ length: 20 }, (_, index) => ({ Key: `k${index}`, Value: 'v' }));
    await call('TagResources', { RegionId: REGION, ResourceType: 'snapshot', ResourceId: [id], Tag: twenty });

    const failure = await ecsFailureOf(
      call('TagResources', { RegionId: REGION, ResourceType: 'snapshot', ResourceId: [id], Tag: [{ Key: 'one-more', Value: 'v' }] }),
    );

    expect(failure.Code).toBe('InvalidTagCount');
  });
});

describe('faults and signatures on the disk actions', () => {
  it('applies a staged fault to the action it names: throttling, and a lost answer after the disk was made', async () => {
    const SnapshotId = snapshot();
    local.ecs.injectFault({ Action: 'DeleteDisk', fault: { kind: 'throttle' } });
    local.ecs.injectFault({ Action: 'CreateDisk', fault: { kind: 'lose-answer' } });

    const lost = await call('CreateDisk', createParams(SnapshotId)).then(
      () => 'answered',
      () => 'no answer',
    );
    const retried = await createDisk(createParams(SnapshotId));
    local.advance(CREATE_MS);
    const throttled = await ecsFailureOf(call('DeleteDisk', { DiskId: retried }));

    expect(lost).toBe('no answer');
    expect(local.ecs.disks(REGION).map((disk) => disk.DiskId)).toEqual([retried]);
    expect(throttled.Code).toBe('Throttling.User');
  });

  it('refuses a CreateDisk signed with another secret, and makes nothing', async () => {
    const wrong = new RPCClient({
      endpoint: local.ecs.url,
      apiVersion: API_VERSION,
      accessKeyId: CREDENTIAL.accessKeyId,
      accessKeySecret: 'not-the-secret',
    });

    const failure = PopCoreErrorSchema.parse(
      await wrong.request('CreateDisk', createParams(snapshot()), { method: 'POST' }).catch((error: unknown) => error),
    );

    expect(failure.data.Code).toBe('SignatureDoesNotMatch');
    expect(local.ecs.disks(REGION)).toEqual([]);
  });
});

describe("the function's adapter over pop-core (PopCoreEcsDisks)", () => {
  const credentials = { accessKeyId: CREDENTIAL.accessKeyId, accessKeySecret: CREDENTIAL.accessKeySecret };
  const adapter = () => new PopCoreEcsDisks(new PopCoreEcs(`${local.ecs.url}/{RegionId}`));
  const ecsCall = { credentials, timeoutMs: 3000 };

  it('creates, lists, deletes disks and reads zones with validated answers', async () => {
    const SnapshotId = snapshot();
    const disks = adapter();
    // DescribeDisks writes CreationTime to the second.
    const createdAt = Math.floor(local.nowMs / 1000) * 1000;

    const { DiskId } = await disks.createDisk(
      {
        RegionId: REGION,
        ZoneId: ZONE,
        SnapshotId,
        DiskCategory: 'cloud_essd',
        Size: 20,
        DiskName: 'drill-d',
        Description: 'a drill',
        Tag: [{ Key: 'k', Value: 'v' }],
        ClientToken: 't-1',
      },
      ecsCall,
    );
    const page = await disks.describeDisks({ RegionId: REGION, DiskIds: [DiskId], MaxResults: 10 }, ecsCall);
    const zones = await disks.describeAvailableResource({ RegionId: REGION }, ecsCall);
    local.advance(CREATE_MS);
    await disks.deleteDisk({ RegionId: REGION, DiskId }, ecsCall);

    expect(page.Disks).toEqual([
      {
        DiskId,
        RegionId: REGION,
        ZoneId: ZONE,
        Status: 'Creating',
        Category: 'cloud_essd',
        Size: 60,
        SourceSnapshotId: SnapshotId,
        InstanceId: '',
        Tags: [{ Key: 'k', Value: 'v' }],
        CreationTime: createdAt,
      },
    ]);
    expect(page.NextToken).toBeUndefined();
    expect(zones.Zones.map((zone) => zone.ZoneId)).toEqual(['us-east-1a', 'us-east-1b']);
    expect(zones.Zones[1]?.Categories).toContainEqual({ Category: 'cloud_essd', MinGiB: 20, MaxGiB: 65536 });
    expect(local.ecs.calls.find((recorded) => recorded.Action === 'DeleteDisk')?.EndpointRegionId).toBe(REGION);
    expect(local.ecs.disks(REGION).map((disk) => disk.Status)).toEqual(['Deleting']);
  });

  it("sends DeleteSnapshot and TagResources to the snapshot's region, and rejects with a classified CopyFailure free of the secret", async () => {
    const SnapshotId = snapshot();
    const disks = adapter();

    await disks.tagSnapshots(
      { RegionId: REGION, SnapshotIds: [SnapshotId], Tag: [{ Key: 'snapshot-copy:drilled-at', Value: '2026-11-27T19:00:00.000Z' }] },
      ecsCall,
    );
    await disks.deleteSnapshot({ RegionId: REGION, SnapshotId }, ecsCall);
    const failure = await disks.deleteSnapshot({ RegionId: REGION, SnapshotId }, ecsCall).catch((error: unknown) => error);

    expect(local.ecs.calls.filter((recorded) => recorded.Action === 'DeleteSnapshot').map((recorded) => recorded.EndpointRegionId)).toEqual(
      [REGION, REGION],
    );
    expect(failure).toBeInstanceOf(CopyFailure);
    expect(failure).toMatchObject({ Code: 'InvalidSnapshotId.NotFound', errorClass: 'not-found', ecsHttpStatus: 404 });
    expect(JSON.stringify(failure) + String(failure)).not.toContain(CREDENTIAL.accessKeySecret);
  });

  it('turns an answer without the expected fields into EcsBadResponse', async () => {
    local.ecs.injectFault({ Action: 'DescribeDisks', fault: { kind: 'status-without-code', status: 503 } });

    const failure = await adapter()
      .describeDisks({ RegionId: REGION, MaxResults: 10 }, ecsCall)
      .catch((error: unknown) => error);

    expect(failure).toMatchObject({ Code: 'EcsBadResponse', errorClass: 'transient' });
  });
});
