import * as z from 'zod';

import type { LocalEcsCredential } from '../../ecs-local';
import type { Credentials } from '../../lib/ecs/credentials';
import { PopCoreEcs } from '../../lib/ecs/pop-core-ecs';
import { PopCoreEcsDisks } from '../../lib/ecs/pop-core-ecs-disks';
import { CopyFailure } from '../../lib/failures/errors';
import { EcsTimeSchema, TagsSchema } from '../support/ecs-response-schemas';
import { localEcsEach } from '../support/local-ecs-each';
import { callEcs, ecsFailureOf, popCoreClient } from '../support/pop-core-client';

// The image actions of the local endpoint (CreateImage, DescribeImages), driven with the real pop-core client and,
// at the end, through the function's own adapter over it.

const CREDENTIAL: LocalEcsCredential = { accessKeyId: 'LTAI-image-test', accessKeySecret: 'image-test-secret/+=' };
const REGION = 'us-east-1';
const CREATE_MS = 3000;

const ImageSchema = z.object({
  ImageId: z.string().regex(/^m-[a-z0-9]{20}$/),
  ImageName: z.string(),
  Status: z.enum(['Creating', 'Available', 'CreateFailed']),
  Size: z.number(),
  ImageOwnerAlias: z.literal('self'),
  CreationTime: EcsTimeSchema,
  DiskDeviceMappings: z.object({ DiskDeviceMapping: z.array(z.object({ SnapshotId: z.string(), Device: z.string() })) }),
  Tags: TagsSchema,
});
const ImagesPageSchema = z.object({
  RequestId: z.string(),
  RegionId: z.string(),
  TotalCount: z.number(),
  PageNumber: z.number(),
  PageSize: z.number(),
  Images: z.object({ Image: z.array(ImageSchema) }),
});

const local = localEcsEach({ credentials: [CREDENTIAL], imageCreateDurationMs: CREATE_MS });

const call = (Action: string, params: Record<string, unknown>) => callEcs(popCoreClient(local.ecs, CREDENTIAL), Action, params);
const listImages = async (params: Record<string, unknown>) =>
  ImagesPageSchema.parse(await call('DescribeImages', { RegionId: REGION, ...params }));

/** A system disk snapshot in the region, as a copy in a DR region is. */
function systemSnapshot(overrides: { Status?: 'progressing' | 'accomplished'; SourceDiskType?: 'system' | 'data' } = {}): string {
  return local.ecs.addSnapshot({
    RegionId: REGION,
    DiskId: 'd-imagetestsystem0001',
    SourceDiskSize: 40,
    SourceDiskType: 'system',
    ...overrides,
  }).SnapshotId;
}

const createParams = (SnapshotId: string, overrides: Record<string, unknown> = {}) => ({
  RegionId: REGION,
  SnapshotId,
  ImageName: 'restore-d-imagetestsystem0001',
  Description: 'Restore of the system disk',
  ClientToken: 'image-token-1',
  Tag: [{ Key: 'restore', Value: 'r-1' }],
  ...overrides,
});

describe('CreateImage and DescribeImages on the local ECS endpoint', () => {
  it('makes an image of a system disk snapshot, Creating until it is Available, listed Creating only when Status names it', async () => {
    const SnapshotId = systemSnapshot();

    const { ImageId } = z.object({ ImageId: z.string() }).parse(await call('CreateImage', createParams(SnapshotId)));

    // "Status: by default, only Available images are returned" (the DescribeImages page).
    expect((await listImages({ ImageId })).Images.Image).toEqual([]);
    const creating = await listImages({ ImageId, Status: 'Creating,Available' });
    expect(creating.Images.Image).toEqual([
      expect.objectContaining({
        ImageId,
        Status: 'Creating',
        Size: 40,
        DiskDeviceMappings: { DiskDeviceMapping: [expect.objectContaining({ SnapshotId, Device: '/dev/xvda' })] },
        Tags: { Tag: [{ TagKey: 'restore', TagValue: 'r-1' }] },
      }),
    ]);
    local.advance(CREATE_MS);
    expect((await listImages({ ImageId })).Images.Image).toEqual([expect.objectContaining({ ImageId, Status: 'Available' })]);
  });

  it('answers the same image to the same ClientToken, and IdempotentParameterMismatch to other parameters under it', async () => {
    const SnapshotId = systemSnapshot();

    const first = z.object({ ImageId: z.string() }).parse(await call('CreateImage', createParams(SnapshotId)));
    const again = z.object({ ImageId: z.string() }).parse(await call('CreateImage', createParams(SnapshotId)));
    const mismatch = await ecsFailureOf(call('CreateImage', createParams(SnapshotId, { Description: 'Another one' })));

    expect(again.ImageId).toBe(first.ImageId);
    expect(mismatch).toMatchObject({ code: 'IdempotentParameterMismatch', status: 400 });
    expect(local.ecs.images(REGION)).toHaveLength(1);
  });

  it('refuses a snapshot that is missing, still progressing or of a data disk, a malformed or used name, and an unknown region', async () => {
    const progressing = systemSnapshot({ Status: 'progressing' });
    const data = systemSnapshot({ SourceDiskType: 'data' });
    const used = systemSnapshot();
    await call('CreateImage', createParams(used, { ClientToken: 'first' }));

    const refusals = await Promise.all([
      ecsFailureOf(call('CreateImage', createParams('s-doesnotexist0000000001', { ClientToken: 'a' }))),
      ecsFailureOf(call('CreateImage', createParams(progressing, { ClientToken: 'b' }))),
      ecsFailureOf(call('CreateImage', createParams(data, { ClientToken: 'c' }))),
      ecsFailureOf(call('CreateImage', createParams(used, { ClientToken: 'd', ImageName: '1-starts-with-a-digit' }))),
      ecsFailureOf(call('CreateImage', createParams(used, { ClientToken: 'e' }))),
      ecsFailureOf(call('CreateImage', createParams(used, { ClientToken: 'f', RegionId: 'xx-nowhere-1' }))),
    ]);

    expect(refusals.map(({ code, status }) => [code, status])).toEqual([
      ['InvalidSnapshotId.NotFound', 404],
      ['InvalidSnapshotId.NotReady', 403],
      ['InvalidSnapshotId.NotSystemDisk', 403],
      ['InvalidImageName.Malformed', 400],
      ['InvalidImageName.Duplicated', 400],
      ['InvalidRegionId.NotFound', 404],
    ]);
  });

  it('filters DescribeImages by tag and pages it with PageNumber and PageSize', async () => {
    for (const index of [1, 2, 3]) {
      await call(
        'CreateImage',
        createParams(systemSnapshot(), {
          ImageName: `restore-${index}`,
          ClientToken: `t-${index}`,
          Tag: [{ Key: 'restore', Value: index === 3 ? 'r-2' : 'r-1' }],
        }),
      );
    }
    local.advance(CREATE_MS);

    const tagged = await listImages({ Tag: [{ Key: 'restore', Value: 'r-1' }] });
    const firstPage = await listImages({ PageSize: 2, PageNumber: 1 });
    const secondPage = await listImages({ PageSize: 2, PageNumber: 2 });

    expect(tagged.Images.Image.map((image) => image.ImageName).sort()).toEqual(['restore-1', 'restore-2']);
    expect(firstPage).toMatchObject({ TotalCount: 3, PageNumber: 1, PageSize: 2 });
    expect([...firstPage.Images.Image, ...secondPage.Images.Image].map((image) => image.ImageName).sort()).toEqual([
      'restore-1',
      'restore-2',
      'restore-3',
    ]);
    expect(await ecsFailureOf(call('DescribeImages', { RegionId: REGION, PageSize: 101 }))).toMatchObject({
      code: 'InvalidParameter.PageSize',
    });
  });

  it('keeps a snapshot an image was made from: DeleteSnapshot answers SnapshotCreatedImage', async () => {
    const SnapshotId = systemSnapshot();
    await call('CreateImage', createParams(SnapshotId));

    const refusal = await ecsFailureOf(callEcs(popCoreClient(local.ecs, CREDENTIAL), 'DeleteSnapshot', { SnapshotId }));

    expect(refusal).toMatchObject({ code: 'SnapshotCreatedImage', status: 403 });
  });

  it('applies a staged fault to CreateImage: an answer lost after the image was made, found again by its ClientToken', async () => {
    const SnapshotId = systemSnapshot();
    local.ecs.injectFault({ Action: 'CreateImage', fault: { kind: 'lose-answer' } });

    await expect(call('CreateImage', createParams(SnapshotId))).rejects.toThrow();
    const retried = z.object({ ImageId: z.string() }).parse(await call('CreateImage', createParams(SnapshotId)));

    expect(local.ecs.images(REGION).map((image) => image.ImageId)).toEqual([retried.ImageId]);
  });
});

describe("the function's image adapter over pop-core", () => {
  const credentials: Credentials = { accessKeyId: CREDENTIAL.accessKeyId, accessKeySecret: CREDENTIAL.accessKeySecret };

  it('creates an image and reads it back in every status, with its tags and size', async () => {
    const adapter = new PopCoreEcsDisks(new PopCoreEcs(local.ecs.url));
    const SnapshotId = systemSnapshot();

    const created = await adapter.createImage(
      { RegionId: REGION, SnapshotId, ImageName: 'restore-x', Description: 'a restore', Tag: [{ Key: 'k', Value: 'v' }], ClientToken: 't' },
      { credentials, timeoutMs: 3000 },
    );
    const page = await adapter.describeImages(
      { RegionId: REGION, ImageIds: [created.ImageId], PageNumber: 1, PageSize: 10 },
      { credentials, timeoutMs: 3000 },
    );

    expect(page).toMatchObject({
      TotalCount: 1,
      Images: [{ ImageId: created.ImageId, Status: 'Creating', Size: 40, Tags: [{ Key: 'k', Value: 'v' }] }],
    });
  });

  it('reads each snapshot with its SourceDiskType, and rejects a refusal as a classified CopyFailure free of the secret', async () => {
    const adapter = new PopCoreEcsDisks(new PopCoreEcs(local.ecs.url));
    systemSnapshot();
    local.ecs.addSnapshot({ RegionId: REGION, DiskId: 'd-imagetestdata000001' });
    local.ecs.injectFault({ Action: 'CreateImage', fault: { kind: 'error', status: 403, Code: 'QuotaExceed.Image' } });

    const page = await adapter.describeSnapshotsWithDiskType({ RegionId: REGION, MaxResults: 10 }, { credentials, timeoutMs: 3000 });
    const refusal = await adapter
      .createImage(
        { RegionId: REGION, SnapshotId: 's-any', ImageName: 'restore-y', Description: 'a restore', Tag: [], ClientToken: 'u' },
        { credentials, timeoutMs: 3000 },
      )
      .catch((error: unknown) => error);

    expect(page.Snapshots.map((snapshot) => [snapshot.SourceDiskId, snapshot.SourceDiskType]).sort()).toEqual([
      ['d-imagetestdata000001', 'data'],
      ['d-imagetestsystem0001', 'system'],
    ]);
    expect(refusal).toBeInstanceOf(CopyFailure);
    expect(refusal).toMatchObject({ Code: 'QuotaExceed.Image', errorClass: 'account' });
    expect(JSON.stringify(refusal)).not.toContain(CREDENTIAL.accessKeySecret);
  });
});
