import { type ActionContext, type ActionResult, ecsAction, fail, succeed } from './action';
import { type EcsError, ecsError, refusal } from './errors';
import { clientToken, description, oneOf } from './param-rules';
import { lengthOf, nonEmpty } from './params';
import type { SnapshotTag } from './snapshot';
import { parseTags } from './tag-params';

interface CreateImageRequest {
  RegionId: string;
  SnapshotId: string;
  ImageName: string;
  Description: string;
  Platform: string;
  Architecture: string;
  BootMode: string;
  Tags: SnapshotTag[];
  ClientToken: string | undefined;
}

/**
 * CreateImage (Version 2014-05-26), a custom image from one system disk snapshot (`SnapshotId`, the page's second
 * method: https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createimage). The image is
 * `Creating`, then `Available` (imageCreateDurationMs on the cloud's clock). Made from an instance (`InstanceId`) or
 * from several snapshots (`DiskDeviceMapping.N`) it is not: this cloud has no instances, and the function sends one
 * snapshot. Codes are the page's where it names one; the others say UNVERIFIED. As CreateDisk: stateless checks,
 * then the ClientToken, then the state of the snapshot.
 */
function run(context: ActionContext): ActionResult {
  const parsed = parseCreateImage(context.params);
  if (!parsed.ok) return fail(parsed.error);
  const request = parsed.request;
  const fingerprint = JSON.stringify(Object.entries(request).filter(([key]) => key !== 'ClientToken'));
  // A repeat answers the first image, even one that failed since: how long ECS remembers a token is UNVERIFIED.
  return context.clientTokens.once('CreateImage', request.ClientToken, fingerprint, () => createFrom(context, request));
}

function createFrom(context: ActionContext, request: CreateImageRequest): ActionResult {
  const { store, images, nowMs } = context;
  const snapshot = store.find(request.RegionId, request.SnapshotId);
  if (snapshot === undefined) return fail(ecsError(404, 'InvalidSnapshotId.NotFound', 'The specified SnapshotId does not exist.'));
  if (store.statusAt(snapshot, nowMs).Status !== 'accomplished') {
    return fail(ecsError(403, 'InvalidSnapshotId.NotReady', 'The specified snapshot has not completed yet.'));
  }
  // ECS makes an image of a system disk snapshot; what it answers for a data disk's is UNVERIFIED (this code is ours).
  if (snapshot.SourceDiskType !== 'system') {
    return fail(ecsError(403, 'InvalidSnapshotId.NotSystemDisk', 'The specified snapshot is not a system disk snapshot.'));
  }
  // Names are unique in a region (the page's InvalidImageName.Duplicated; its status here is UNVERIFIED).
  if (images.named(request.RegionId, request.ImageName) !== undefined) {
    return fail(ecsError(400, 'InvalidImageName.Duplicated', 'The specified Image name has already been used.'));
  }
  const image = images.create(
    {
      RegionId: request.RegionId,
      ImageName: request.ImageName,
      Description: request.Description,
      SnapshotId: request.SnapshotId,
      Size: snapshot.SourceDiskSize,
      Platform: request.Platform,
      Architecture: request.Architecture,
      BootMode: request.BootMode,
      Tags: request.Tags,
    },
    nowMs,
  );
  return succeed({ ImageId: image.ImageId });
}

type Parsed = { ok: true; request: CreateImageRequest } | { ok: false; error: EcsError };

function parseCreateImage(params: ReadonlyMap<string, string>): Parsed {
  if (nonEmpty(params, 'InstanceId') !== undefined) {
    return refusal(404, 'InvalidInstanceId.NotFound', 'The specified InstanceId does not exist.');
  }
  if ([...params.keys()].some((name) => name.startsWith('DiskDeviceMapping.'))) {
    return refusal(400, 'InvalidParameter.DiskDeviceMapping', 'ecs-local makes an image of one SnapshotId only.');
  }
  const SnapshotId = nonEmpty(params, 'SnapshotId');
  // "One of InstanceId, DiskDeviceMapping and SnapshotId" (the page); the code for none is UNVERIFIED.
  if (SnapshotId === undefined)
    return refusal(
      400,
      'MissingParameter',
      'The input parameter "SnapshotId" that is mandatory for processing this request is not supplied.',
    );
  // "2 to 128 characters, starts with a letter, not http:// or https://; letters, digits, colons, underscores,
  // hyphens and periods" (the page: ImageName).
  const ImageName = params.get('ImageName') ?? '';
  if (
    ImageName !== '' &&
    !(lengthOf(ImageName) >= 2 && lengthOf(ImageName) <= 128 && /^\p{L}[\p{L}\p{N}:_.-]*$/u.test(ImageName) && !/^https?:/i.test(ImageName))
  ) {
    return refusal(400, 'InvalidImageName.Malformed', 'The specified image name is wrongly formed.');
  }
  const Description = params.get('Description') ?? '';
  const malformedDescription = description(Description, 'Description');
  if (malformedDescription !== undefined) return { ok: false, error: malformedDescription };
  const tags = parseTags(params);
  if (!tags.ok) return tags;
  return {
    ok: true,
    request: {
      RegionId: params.get('RegionId') ?? '',
      SnapshotId,
      // ECS names an unnamed image itself; this cloud after its ID's place in the store would do, the snapshot is enough.
      ImageName: ImageName === '' ? `image-${SnapshotId}` : ImageName,
      Description,
      Platform: nonEmpty(params, 'Platform') ?? 'Others Linux',
      Architecture: nonEmpty(params, 'Architecture') ?? 'x86_64',
      BootMode: nonEmpty(params, 'BootMode') ?? 'BIOS',
      Tags: tags.tags,
      ClientToken: nonEmpty(params, 'ClientToken'),
    },
  };
}

export const createImage = ecsAction('CreateImage', run, {
  required: ['RegionId'],
  knownRegion: { status: 404 },
  params: {
    ClientToken: clientToken,
    // The SDK model's values (CreateImageRequest.architecture, .bootMode).
    Architecture: oneOf(['i386', 'x86_64', 'arm64']),
    BootMode: oneOf(['BIOS', 'UEFI']),
  },
});
