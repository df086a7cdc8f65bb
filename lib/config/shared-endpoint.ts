/**
 * What a run that deletes says first when ECS_ENDPOINT has no `{RegionId}`: every region's calls then go to one
 * host. That is right for an endpoint that serves every region (the local endpoint), and wrong for one region's
 * endpoint: DeleteSnapshot and DeleteDisk name no RegionId, so they act in that host's region, and DeleteSnapshot
 * ignores a snapshot it does not find ("If the specified snapshot does not exist, the request is ignored":
 * https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-deletesnapshot). KeepCopies
 * confirms each deletion in the destination's own listing (DeletionNotConfirmed otherwise); this line says why.
 */
export interface SharedEndpointNote {
  EcsEndpoint: string;
  /** The use case that deletes: `KeepCopies` or `RestoreDrill`. */
  Deletes: 'KeepCopies' | 'RestoreDrill';
  Message: string;
}

/** The note for a run that deletes, or undefined when ECS_ENDPOINT names each region's endpoint (`{RegionId}`). */
export function sharedEndpointNote(EcsEndpointTemplate: string, Deletes: SharedEndpointNote['Deletes']): SharedEndpointNote | undefined {
  if (EcsEndpointTemplate.includes('{RegionId}')) return undefined;
  return {
    EcsEndpoint: EcsEndpointTemplate,
    Deletes,
    Message:
      "ECS_ENDPOINT has no {RegionId}: every region's calls go to this one host. Right for an endpoint that serves every region; for one region's endpoint, deletions meant for other regions do nothing there (each is checked in the region's own listing)",
  };
}
