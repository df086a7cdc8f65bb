import * as z from 'zod/mini';
import type { Tag } from './copy-snapshot-parameters';
import { asDiskCallFailure, diskCallFailure } from './disk-call-errors';
import { type EcsCall, MIN_MAX_RESULTS, type UnrecognizedSnapshot } from './ecs';
import type {
  CreateDiskParameters,
  CreateImageParameters,
  DescribeDisksQuery,
  DescribeImagesQuery,
  DescribeLockedSnapshotsQuery,
  DiskPage,
  EcsDisks,
  ImagePage,
  LockedSnapshotInfo,
  LockedSnapshotsPage,
  LockSnapshotParameters,
  SnapshotRetentionPage,
  SnapshotsWithDiskTypePage,
  SnapshotsWithDiskTypeQuery,
  SnapshotWithDiskType,
  ZoneOffers,
} from './ecs-disks';
import type { PopCoreEcs } from './pop-core-ecs';
import { redact } from './redact';
import { DescribeSnapshotsPageSchema, gibibytes, readListedSnapshot } from './snapshot-listing';

const RequestIdSchema = z.object({ RequestId: z.string() });

const CreateDiskResponseSchema = z.object({ RequestId: z.string(), DiskId: z.string().check(z.minLength(1)) });

/** `{ Tag: [...] }`, `{ Disk: [...] }`: ECS wraps each list in an object, either of which may be missing. */
const wrapped = <K extends string, T extends z.ZodMiniType>(key: K, item: T) =>
  z.optional(z.object({ [key]: z.optional(z.array(item)) } as { [P in K]: z.ZodMiniOptional<z.ZodMiniArray<T>> }));

const TagsSchema = wrapped('Tag', z.object({ TagKey: z.string(), TagValue: z._default(z.string(), '') }));
const SizeSchema = z.optional(z.union([z.number(), z.string()]));

/** DescribeDisks' answer (SDK model `DescribeDisksResponseBody`): numbers may arrive as text. */
const DescribeDisksResponseSchema = z.object({
  RequestId: z.string(),
  NextToken: z.optional(z.string()),
  Disks: wrapped(
    'Disk',
    z.object({
      DiskId: z.string(),
      ZoneId: z._default(z.string(), ''),
      Status: z.string(),
      Category: z._default(z.string(), ''),
      Size: SizeSchema,
      SourceSnapshotId: z._default(z.string(), ''),
      InstanceId: z._default(z.string(), ''),
      Tags: TagsSchema,
      // Read leniently: a disk whose CreationTime is missing or not a time is listed, and never swept as old.
      CreationTime: z.optional(z.unknown()),
    }),
  ),
});

/** DescribeAvailableResource's answer (SDK model `DescribeAvailableResourceResponseBody`). */
const AvailableResourceResponseSchema = z.object({
  RequestId: z.string(),
  AvailableZones: wrapped(
    'AvailableZone',
    z.object({
      ZoneId: z.string(),
      Status: z.optional(z.string()),
      AvailableResources: wrapped(
        'AvailableResource',
        z.object({
          Type: z.optional(z.string()),
          SupportedResources: wrapped(
            'SupportedResource',
            z.object({ Value: z.string(), Status: z.optional(z.string()), Min: SizeSchema, Max: SizeSchema }),
          ),
        }),
      ),
    }),
  ),
});

const CreateImageResponseSchema = z.object({ RequestId: z.string(), ImageId: z.string().check(z.minLength(1)) });

/** DescribeImages' answer (SDK model `DescribeImagesResponseBody`): numbers may arrive as text. */
const DescribeImagesResponseSchema = z.object({
  RequestId: z.string(),
  TotalCount: z.optional(z.union([z.number(), z.string()])),
  Images: wrapped(
    'Image',
    z.object({ ImageId: z.string(), ImageName: z._default(z.string(), ''), Status: z.string(), Size: SizeSchema, Tags: TagsSchema }),
  ),
});

/** Every status DescribeImages takes: without `Status` it lists Available images only (the DescribeImages page). */
const EVERY_IMAGE_STATUS = 'Creating,Waiting,Available,UnAvailable,CreateFailed,Deprecated';

/** `System` or `Data` (SDK model DescribeSnapshotsResponseBodySnapshotsSnapshot.sourceDiskType), in either case. */
const SourceDiskTypeSchema = z.object({ SourceDiskType: z.optional(z.unknown()) });

function sourceDiskTypeOf(item: unknown): SnapshotWithDiskType['SourceDiskType'] {
  const type = SourceDiskTypeSchema.safeParse(item).data?.SourceDiskType;
  const lower = typeof type === 'string' ? type.toLowerCase() : undefined;
  return lower === 'system' || lower === 'data' ? lower : undefined;
}
/**
 * A lock's nine fields (SDK models `LockSnapshotResponseBody.LockedSnapshotInfo` and
 * `DescribeLockedSnapshotsResponseBody.LockedSnapshotsInfo`): numbers may arrive as text, and the times of a
 * progressing snapshot's lock may be empty or missing (UNVERIFIED). SnapshotId and LockStatus are required: a lock
 * that cannot be told is a bad answer, never taken as no lock.
 */
const LockedSnapshotInfoSchema = z.object({
  SnapshotId: z.string().check(z.minLength(1)),
  LockMode: z._default(z.string(), ''),
  LockStatus: z.string().check(z.minLength(1)),
  LockDuration: z._default(z.pipe(z.union([z.number(), z.string()]), z.transform(Number)), 0),
  CoolOffPeriod: z._default(z.pipe(z.union([z.number(), z.string()]), z.transform(Number)), 0),
  CoolOffPeriodExpiredTime: z._default(z.string(), ''),
  LockCreationTime: z._default(z.string(), ''),
  LockDurationStartTime: z._default(z.string(), ''),
  LockExpiredTime: z._default(z.string(), ''),
});

const LockSnapshotResponseSchema = z.object({ RequestId: z.string(), LockedSnapshotInfo: LockedSnapshotInfoSchema });

/**
 * DescribeLockedSnapshots' answer: `LockedSnapshotsInfo` is a bare array, not wrapped as DescribeSnapshots'
 * `Snapshots.Snapshot`. It is required: an answer without it is a bad answer, not "no locks", since a copy taken as
 * unlocked would be locked again (extending its lock) or offered to KeepCopies. Whether ECS leaves it out when no
 * snapshot is locked is UNVERIFIED (docs/locks.md).
 */
const DescribeLockedSnapshotsResponseSchema = z.object({
  RequestId: z.string(),
  NextToken: z.optional(z.string()),
  LockedSnapshotsInfo: z.array(LockedSnapshotInfoSchema),
});

/** DescribeSnapshots' answer, read for each snapshot's ID, CreationTime and RetentionDays (absent: kept for good). */
const SnapshotRetentionResponseSchema = z.object({
  RequestId: z.string(),
  Snapshots: z.object({
    Snapshot: z.array(
      z.object({
        SnapshotId: z.string(),
        CreationTime: z.string().check(z.refine((value) => !Number.isNaN(Date.parse(value)))),
        RetentionDays: z.optional(z.union([z.number(), z.string()])),
      }),
    ),
  }),
});

const tagParameters = (tags: readonly Tag[]) => tags.map((tag) => ({ Key: tag.Key, Value: tag.Value }));

/**
 * The disk, zone, deletion and tagging calls over the same pop-core clients as PopCoreEcs (and with its hazard
 * list: POST only, no `undefined` sent, HTTP status read, every body validated, errors reduced to a CopyFailure).
 * Their failures are classified by the disk calls' table too (disk-call-errors.ts), which PopCoreEcs, in
 * dist/index.js, does not hold. DeleteDisk and DeleteSnapshot take no RegionId: they are sent to the endpoint of the
 * region they act in.
 */
export class PopCoreEcsDisks implements EcsDisks {
  /** `ecs`: the PopCoreEcs whose clients to use (anything with its `request`: the unit tests' fake ECS). */
  constructor(private readonly ecs: Pick<PopCoreEcs, 'request'>) {}

  /** PopCoreEcs.request, its failure classified by the disk calls' table too. */
  private async request(...args: Parameters<PopCoreEcs['request']>): ReturnType<PopCoreEcs['request']> {
    try {
      return await this.ecs.request(...args);
    } catch (error) {
      throw asDiskCallFailure(error);
    }
  }

  async createDisk(parameters: CreateDiskParameters, call: EcsCall): Promise<{ DiskId: string; RequestId: string }> {
    const params = {
      RegionId: parameters.RegionId,
      ZoneId: parameters.ZoneId,
      SnapshotId: parameters.SnapshotId,
      DiskCategory: parameters.DiskCategory,
      Size: String(parameters.Size),
      DiskName: parameters.DiskName,
      Description: parameters.Description,
      ClientToken: parameters.ClientToken,
      ...(parameters.Tag.length > 0 ? { Tag: tagParameters(parameters.Tag) } : {}),
    };
    const { status, body } = await this.request('CreateDisk', parameters.RegionId, params, call);
    return answer(CreateDiskResponseSchema, status, body, 'CreateDisk', 'a DiskId');
  }

  async describeDisks(query: DescribeDisksQuery, call: EcsCall): Promise<DiskPage> {
    const params: Record<string, unknown> = { RegionId: query.RegionId, MaxResults: String(query.MaxResults) };
    // "DiskIds: a JSON array of up to 100 IDs" (SDK model); pop-core would flatten an array into DiskIds.N.
    if (query.DiskIds !== undefined) params.DiskIds = JSON.stringify(query.DiskIds);
    if (query.SnapshotId !== undefined) params.SnapshotId = query.SnapshotId;
    if (query.Tag !== undefined) params.Tag = tagParameters(query.Tag);
    if (query.NextToken !== undefined) params.NextToken = query.NextToken;
    const { status, body } = await this.request('DescribeDisks', query.RegionId, params, call);
    const page = answer(DescribeDisksResponseSchema, status, body, 'DescribeDisks', 'a disk list');
    return {
      RequestId: page.RequestId,
      NextToken: page.NextToken === '' ? undefined : page.NextToken,
      Disks: (page.Disks?.Disk ?? []).map((disk) => ({
        DiskId: disk.DiskId,
        RegionId: query.RegionId,
        ZoneId: disk.ZoneId,
        Status: disk.Status,
        Category: disk.Category,
        Size: gibibytes(disk.Size) ?? 0,
        SourceSnapshotId: disk.SourceSnapshotId,
        InstanceId: disk.InstanceId,
        Tags: (disk.Tags?.Tag ?? []).map((tag) => ({ Key: tag.TagKey, Value: tag.TagValue })),
        CreationTime: ecsTime(disk.CreationTime),
      })),
    };
  }

  async deleteDisk(parameters: { RegionId: string; DiskId: string }, call: EcsCall): Promise<{ RequestId: string }> {
    const { status, body } = await this.request('DeleteDisk', parameters.RegionId, { DiskId: parameters.DiskId }, call);
    return answer(RequestIdSchema, status, body, 'DeleteDisk', 'a RequestId');
  }

  async describeAvailableResource(query: { RegionId: string; ZoneId?: string }, call: EcsCall): Promise<ZoneOffers> {
    const params: Record<string, unknown> = {
      RegionId: query.RegionId,
      DestinationResource: 'DataDisk',
      ResourceType: 'disk',
      InstanceChargeType: 'PostPaid',
    };
    if (query.ZoneId !== undefined) params.ZoneId = query.ZoneId;
    const { status, body } = await this.request('DescribeAvailableResource', query.RegionId, params, call);
    const parsed = answer(AvailableResourceResponseSchema, status, body, 'DescribeAvailableResource', 'a zone list');
    return {
      RequestId: parsed.RequestId,
      Zones: (parsed.AvailableZones?.AvailableZone ?? [])
        .filter((zone) => zone.Status === 'Available')
        .map((zone) => ({
          ZoneId: zone.ZoneId,
          Categories: (zone.AvailableResources?.AvailableResource ?? [])
            .filter((resource) => resource.Type === 'DataDisk')
            .flatMap((resource) =>
              (resource.SupportedResources?.SupportedResource ?? [])
                .filter((offer) => offer.Status === 'Available')
                .map((offer) => ({
                  Category: offer.Value,
                  MinGiB: gibibytes(offer.Min) ?? 1,
                  MaxGiB: gibibytes(offer.Max) ?? Number.MAX_SAFE_INTEGER,
                })),
            ),
        })),
    };
  }

  async deleteSnapshot(parameters: { RegionId: string; SnapshotId: string }, call: EcsCall): Promise<{ RequestId: string }> {
    const { status, body } = await this.request('DeleteSnapshot', parameters.RegionId, { SnapshotId: parameters.SnapshotId }, call);
    return answer(RequestIdSchema, status, body, 'DeleteSnapshot', 'a RequestId');
  }

  async tagSnapshots(
    parameters: { RegionId: string; SnapshotIds: readonly string[]; Tag: readonly Tag[] },
    call: EcsCall,
  ): Promise<{ RequestId: string }> {
    const params = {
      RegionId: parameters.RegionId,
      ResourceType: 'snapshot',
      // pop-core flattens a list of strings into ResourceId.1, ResourceId.2, ...
      ResourceId: [...parameters.SnapshotIds],
      Tag: tagParameters(parameters.Tag),
    };
    const { status, body } = await this.request('TagResources', parameters.RegionId, params, call);
    return answer(RequestIdSchema, status, body, 'TagResources', 'a RequestId');
  }

  async createImage(parameters: CreateImageParameters, call: EcsCall): Promise<{ ImageId: string; RequestId: string }> {
    const params = {
      RegionId: parameters.RegionId,
      SnapshotId: parameters.SnapshotId,
      ImageName: parameters.ImageName,
      Description: parameters.Description,
      ClientToken: parameters.ClientToken,
      ...(parameters.Tag.length > 0 ? { Tag: tagParameters(parameters.Tag) } : {}),
    };
    const { status, body } = await this.request('CreateImage', parameters.RegionId, params, call);
    return answer(CreateImageResponseSchema, status, body, 'CreateImage', 'an ImageId');
  }

  async describeImages(query: DescribeImagesQuery, call: EcsCall): Promise<ImagePage> {
    const params: Record<string, unknown> = {
      RegionId: query.RegionId,
      ImageOwnerAlias: 'self',
      Status: EVERY_IMAGE_STATUS,
      PageNumber: String(query.PageNumber),
      PageSize: String(query.PageSize),
    };
    // "ImageId: up to 100 image IDs separated by commas" (the DescribeImages page).
    if (query.ImageIds !== undefined) params.ImageId = query.ImageIds.join(',');
    if (query.Tag !== undefined) params.Tag = tagParameters(query.Tag);
    const { status, body } = await this.request('DescribeImages', query.RegionId, params, call);
    const page = answer(DescribeImagesResponseSchema, status, body, 'DescribeImages', 'an image list');
    return {
      RequestId: page.RequestId,
      TotalCount: Number(page.TotalCount ?? 0) || 0,
      Images: (page.Images?.Image ?? []).map((image) => ({
        ImageId: image.ImageId,
        ImageName: image.ImageName,
        Status: image.Status,
        Size: gibibytes(image.Size),
        Tags: (image.Tags?.Tag ?? []).map((tag) => ({ Key: tag.TagKey, Value: tag.TagValue })),
      })),
    };
  }

  /** DescribeSnapshots as PopCoreEcs reads it (snapshot-listing.ts), with each snapshot's SourceDiskType besides. */
  async describeSnapshotsWithDiskType(query: SnapshotsWithDiskTypeQuery, call: EcsCall): Promise<SnapshotsWithDiskTypePage> {
    const params: Record<string, unknown> = { RegionId: query.RegionId, MaxResults: String(Math.max(MIN_MAX_RESULTS, query.MaxResults)) };
    if (query.InstanceId !== undefined) params.InstanceId = query.InstanceId;
    if (query.NextToken !== undefined) params.NextToken = query.NextToken;
    const { status, body } = await this.request('DescribeSnapshots', query.RegionId, params, call);
    const page = answer(DescribeSnapshotsPageSchema, status, body, 'DescribeSnapshots', 'a snapshot list');
    const Snapshots: SnapshotWithDiskType[] = [];
    const Unrecognized: UnrecognizedSnapshot[] = [];
    const quote = (value: unknown) => redact(JSON.stringify(value) ?? String(value), call.credentials).slice(0, 64);
    for (const item of page.Snapshots.Snapshot) {
      const listed = readListedSnapshot(item, query.RegionId, quote);
      if (listed.ok) Snapshots.push({ ...listed.snapshot, SourceDiskType: sourceDiskTypeOf(item) });
      else Unrecognized.push(listed.unrecognized);
    }
    return {
      RequestId: page.RequestId,
      NextToken: page.NextToken === '' ? undefined : page.NextToken,
      Snapshots,
      ...(Unrecognized.length > 0 ? { Unrecognized } : {}),
    };
  }

  /**
   * LockSnapshot (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-locksnapshot):
   * compliance mode, the only one; never `DryRun`.
   */
  async lockSnapshot(
    parameters: LockSnapshotParameters,
    call: EcsCall,
  ): Promise<{ LockedSnapshotInfo: LockedSnapshotInfo; RequestId: string }> {
    const params = {
      RegionId: parameters.RegionId,
      SnapshotId: parameters.SnapshotId,
      LockMode: 'compliance',
      LockDuration: String(parameters.LockDuration),
      CoolOffPeriod: String(parameters.CoolOffPeriod),
      ClientToken: parameters.ClientToken,
    };
    const { status, body } = await this.request('LockSnapshot', parameters.RegionId, params, call);
    return answer(LockSnapshotResponseSchema, status, body, 'LockSnapshot', 'the LockedSnapshotInfo');
  }

  async describeLockedSnapshots(query: DescribeLockedSnapshotsQuery, call: EcsCall): Promise<LockedSnapshotsPage> {
    const params: Record<string, unknown> = {
      RegionId: query.RegionId,
      // A repeated list: pop-core flattens an array into SnapshotIds.1, SnapshotIds.2, ... (DescribeSnapshots and
      // DescribeDisks take a JSON string instead).
      SnapshotIds: [...query.SnapshotIds],
      MaxResults: String(query.MaxResults),
    };
    if (query.NextToken !== undefined) params.NextToken = query.NextToken;
    const { status, body } = await this.request('DescribeLockedSnapshots', query.RegionId, params, call);
    const page = answer(DescribeLockedSnapshotsResponseSchema, status, body, 'DescribeLockedSnapshots', 'LockedSnapshotsInfo');
    return {
      RequestId: page.RequestId,
      NextToken: page.NextToken === '' ? undefined : page.NextToken,
      LockedSnapshotsInfo: page.LockedSnapshotsInfo,
    };
  }

  async describeSnapshotRetention(
    query: { RegionId: string; SnapshotIds: readonly string[] },
    call: EcsCall,
  ): Promise<SnapshotRetentionPage> {
    // At most 100 IDs and 100 a page: one page holds them all.
    const params = { RegionId: query.RegionId, SnapshotIds: JSON.stringify(query.SnapshotIds), MaxResults: '100' };
    const { status, body } = await this.request('DescribeSnapshots', query.RegionId, params, call);
    const page = answer(SnapshotRetentionResponseSchema, status, body, 'DescribeSnapshots', 'a snapshot list');
    return {
      RequestId: page.RequestId,
      Snapshots: page.Snapshots.Snapshot.map((snapshot) => ({
        SnapshotId: snapshot.SnapshotId,
        CreationTime: Date.parse(snapshot.CreationTime),
        RetentionDays: retentionDays(snapshot.RetentionDays),
      })),
    };
  }
}

/**
 * DescribeDisks' `CreationTime` ("2026-11-28T03:00Z" or with seconds, UTC, per the SDK model) in ms, or undefined
 * for anything else: only a time ECS wrote in full, with its zone, can prove a disk old.
 */
function ecsTime(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/.test(value)) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

/**
 * RetentionDays as DescribeSnapshots lists it (a number, or its text): a positive whole number of days, else none,
 * which ECS uses for a snapshot kept until it is deleted (absent, or 0 on some pages: UNVERIFIED).
 */
function retentionDays(value: number | string | undefined): number | undefined {
  const days = typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value;
  return typeof days === 'number' && Number.isInteger(days) && days > 0 ? days : undefined;
}

/** The validated body of a 2xx answer, or a classified EcsBadResponse naming the action. */
function answer<T>(schema: z.ZodMiniType<T>, status: number, body: unknown, action: string, expected: string): T {
  const parsed = schema.safeParse(body);
  if (status >= 400 || !parsed.success) {
    throw diskCallFailure({
      Code: 'EcsBadResponse',
      Message: `ECS answered ${action} with HTTP ${status} and a body without ${expected}`,
      RequestId: RequestIdSchema.safeParse(body).data?.RequestId,
      ecsHttpStatus: status,
    });
  }
  return parsed.data;
}
