import { randomUUID } from 'node:crypto';

/** An ECS error before it gets its RequestId: the HTTP status and the `Code`/`Message` pair ECS answers with. */
export interface EcsError {
  status: number;
  Code: string;
  Message: string;
}

/** The JSON error body of the ECS RPC API (`{"RequestId","HostId","Code","Message"}`, sometimes `Recommend`,
 * where real answers carry a troubleshooting link: https://www.alibabacloud.com/help/en/openapi/user-guide/api-error-diagnosis). */
export interface EcsErrorBody {
  RequestId: string;
  HostId: string;
  Code: string;
  Message: string;
  Recommend: string;
}

export const ecsError = (status: number, Code: string, Message: string): EcsError => ({ status, Code, Message });

/** POP's gateway answers a missing mandatory parameter with `Missing<Name>` and "<Name> is mandatory for this
 * action." (seen for `Missingregion` in aliyun/aliyun-cli#417). This server uses that form for every required
 * parameter, common or business, so `MissingSignature`, `MissingRegionId`, `MissingDestinationSnapshotName`. */
/** A parse that stops at an ECS error, in the `{ ok: false; error }` form the actions' parsers answer. */
export const refusal = (status: number, Code: string, Message: string): { ok: false; error: EcsError } => ({
  ok: false,
  error: ecsError(status, Code, Message),
});

/** A malformed filter of a Describe action, `InvalidParameter.<Name>` (the codes are UNVERIFIED). */
export const invalidParameter = (name: string, rule: string): EcsError =>
  ecsError(400, `InvalidParameter.${name}`, `The specified parameter "${name}" is not valid: ${rule}.`);

export const missingParameter = (name: string): EcsError => ecsError(400, `Missing${name}`, `${name} is mandatory for this action.`);

/** What a request with `DryRun=true` that passed every check gets: the SDK's "the DryRunOperation error code is
 * returned" (LockSnapshotRequest, DescribeSnapshotsRequest `DryRun`). */
export const dryRunOperation = (): EcsError => ecsError(400, 'DryRunOperation', 'Request validation has been passed with DryRun flag set.');

/** Real RequestIds are uppercase UUIDs (`C8B26B44-0189-443E-9816-D951F59623A9`, CopySnapshot page). */
export const newRequestId = (): string => randomUUID().toUpperCase();

/** Real answers name the endpoint that was called; the regional one when the RegionId is known. */
export const hostIdFor = (regionId: string | undefined, knownRegion: boolean): string =>
  regionId !== undefined && knownRegion ? `ecs.${regionId}.aliyuncs.com` : 'ecs.aliyuncs.com';

export function errorBody(requestId: string, hostId: string, error: EcsError, product = 'Ecs'): EcsErrorBody {
  return {
    RequestId: requestId,
    HostId: hostId,
    Code: error.Code,
    Message: error.Message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(error.Code)}&product=${product}&requestId=${requestId}`,
  };
}
