import { type ActionContext, type ActionResult, ecsAction, fail, succeed } from './action';
import { DISK_CATEGORIES, type DiskCategory } from './disk';
import { type EcsError, ecsError, missingParameter, refusal } from './errors';
import { clientToken, description, trueOrFalse } from './param-rules';
import { lengthOf, nonEmpty } from './params';
import type { SnapshotTag } from './snapshot';
import { parseTags } from './tag-params';

interface CreateDiskRequest {
  RegionId: string;
  ZoneId: string;
  SnapshotId: string | undefined;
  DiskCategory: DiskCategory;
  Size: number | undefined;
  DiskName: string;
  Description: string;
  PerformanceLevel: string | undefined;
  Encrypted: boolean;
  Tags: SnapshotTag[];
  ClientToken: string | undefined;
}

/**
 * CreateDisk (Version 2014-05-26), a pay-as-you-go data disk in a zone, empty or from a snapshot. Codes and
 * messages are the CreateDisk page's error table (https://www.alibabacloud.com/help/en/ecs/developer-reference/
 * api-ecs-2014-05-26-createdisk); where a case has no documented code, the comment says UNVERIFIED.
 * As CopySnapshot: stateless checks, then the ClientToken, then the state of the zone and the snapshot.
 */
function run(context: ActionContext): ActionResult {
  const { store } = context;
  const parsed = parseCreateDisk(context.params);
  if (!parsed.ok) return fail(parsed.error);
  const request = parsed.request;
  if (!store.hasRegion(request.RegionId)) return fail(ecsError(404, 'InvalidRegionId.NotFound', 'The specified RegionId does not exist.'));

  const fingerprint = JSON.stringify(Object.entries(request).filter(([key]) => key !== 'ClientToken'));
  // The same disk for a repeat, even one deleted since: how long ECS remembers a token, and what it answers then, is
  // UNVERIFIED.
  return context.clientTokens.once('CreateDisk', request.ClientToken, fingerprint, () => createIn(context, request));
}

/** The zone's offer and the snapshot's state, then the disk. */
function createIn(context: ActionContext, request: CreateDiskRequest): ActionResult {
  const { store, disks, nowMs } = context;
  const zone = disks.zonesOf(request.RegionId).find((candidate) => candidate.ZoneId === request.ZoneId);
  if (zone === undefined) return fail(ecsError(404, 'InvalidZoneId.NotFound', 'The specified zone does not exist.'));
  const offer = zone.DataDiskCategories.find((candidate) => candidate.Value === request.DiskCategory);
  if (offer === undefined) {
    return fail(ecsError(403, 'InvalidDataDiskCategory.NotSupported', 'Specified disk category is not supported.'));
  }
  // The code for a category sold out in the zone is UNVERIFIED; OperationDenied.NoStock is ECS's code for stock.
  if (offer.Status === 'SoldOut') {
    return fail(ecsError(403, 'OperationDenied.NoStock', 'The requested resource is sold out in the specified zone.'));
  }

  let Size = request.Size ?? 0;
  let Encrypted = request.Encrypted;
  if (request.SnapshotId !== undefined) {
    const snapshot = store.find(request.RegionId, request.SnapshotId);
    if (snapshot === undefined) return fail(ecsError(404, 'InvalidSnapshotId.NotFound', 'The specified SnapshotId does not exist.'));
    if (store.statusAt(snapshot, nowMs).Status !== 'accomplished') {
      return fail(ecsError(403, 'InvalidSnapshotId.NotReady', 'The specified snapshot has not completed yet.'));
    }
    // "If the snapshot is larger than Size, the disk is the snapshot's size" (SDK model, CreateDiskRequest.size).
    Size = Math.max(Size, snapshot.SourceDiskSize);
    Encrypted ||= snapshot.Encrypted;
  }
  if (Size < offer.Min || Size > offer.Max) {
    return fail(
      ecsError(
        400,
        'InvalidDataDiskSize.ValueNotSupported',
        `The size of a ${offer.Value} disk must be from ${offer.Min} to ${offer.Max} GiB.`,
      ),
    );
  }

  const disk = disks.create(
    {
      RegionId: request.RegionId,
      ZoneId: request.ZoneId,
      DiskName: request.DiskName,
      Description: request.Description,
      Category: request.DiskCategory,
      Size,
      SourceSnapshotId: request.SnapshotId ?? '',
      Encrypted,
      Tags: request.Tags,
    },
    nowMs,
  );
  return succeed({ DiskId: disk.DiskId });
}

type Parsed = { ok: true; request: CreateDiskRequest } | { ok: false; error: EcsError };

function parseCreateDisk(params: ReadonlyMap<string, string>): Parsed {
  const RegionId = params.get('RegionId') ?? '';
  const ZoneId = nonEmpty(params, 'ZoneId');
  const InstanceId = nonEmpty(params, 'InstanceId');
  if (InstanceId !== undefined && ZoneId !== undefined) {
    return refusal(400, 'InvalidParameter.Conflict', 'ZoneId and InstanceId cannot be specified at the same time.');
  }
  // A subscription disk attached to an instance: this server has no instances.
  if (InstanceId !== undefined) return refusal(404, 'InvalidInstanceId.NotFound', 'The specified InstanceId does not exist.');
  // "If you do not specify InstanceId, ZoneId is required"; the code is UNVERIFIED (POP's Missing<Name> form).
  if (ZoneId === undefined) return { ok: false, error: missingParameter('ZoneId') };

  const category = nonEmpty(params, 'DiskCategory') ?? 'cloud';
  if (!(DISK_CATEGORIES as readonly string[]).includes(category)) {
    return refusal(400, 'InvalidDiskCategory.ValueNotSupported', 'The specified parameter "DiskCategory" is not valid.');
  }
  const SnapshotId = nonEmpty(params, 'SnapshotId');
  const sizeText = nonEmpty(params, 'Size');
  if (sizeText === undefined && SnapshotId === undefined) {
    return refusal(400, 'MissingParameter', 'The input parameter either "SnapshotId" or "Size" should be specified.');
  }
  if (sizeText !== undefined && !/^\d{1,6}$/.test(sizeText)) {
    return refusal(400, 'InvalidSize.ValueNotSupported', 'The specified parameter Size is not valid.');
  }
  const DiskName = params.get('DiskName') ?? '';
  if (DiskName !== '' && !(lengthOf(DiskName) >= 2 && lengthOf(DiskName) <= 128 && /^\p{L}[\p{L}\p{N}:_.-]*$/u.test(DiskName))) {
    return refusal(400, 'InvalidDiskName.Malformed', 'The specified disk name is wrongly formed.');
  }
  const Description = params.get('Description') ?? '';
  const malformedDescription = description(Description, 'Description');
  if (malformedDescription !== undefined) return { ok: false, error: malformedDescription };
  const PerformanceLevel = nonEmpty(params, 'PerformanceLevel');
  if (PerformanceLevel !== undefined && (category !== 'cloud_essd' || !/^PL[0-3]$/.test(PerformanceLevel))) {
    return refusal(400, 'InvalidPerformanceLevel.Malformed', 'The specified parameter PerformanceLevel is not valid.');
  }
  const tags = parseTags(params);
  if (!tags.ok) return tags;
  const ClientToken = nonEmpty(params, 'ClientToken');
  return {
    ok: true,
    request: {
      RegionId,
      ZoneId,
      SnapshotId,
      DiskCategory: category as DiskCategory,
      Size: sizeText === undefined ? undefined : Number(sizeText),
      DiskName,
      Description,
      PerformanceLevel,
      Encrypted: nonEmpty(params, 'Encrypted')?.toLowerCase() === 'true',
      Tags: tags.tags,
      ClientToken,
    },
  };
}

export const createDisk = ecsAction('CreateDisk', run, {
  required: ['RegionId'],
  params: { Encrypted: trueOrFalse, ClientToken: clientToken },
});
