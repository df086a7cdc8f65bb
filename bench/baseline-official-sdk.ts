/**
 * The benchmark's baseline: the function's timer job (one CopySnapshot for a timer event, with the same
 * parameters) written the way most users would, on Alibaba Cloud's official generated SDK and its samples
 * (`@alicloud/ecs20140526` over `@alicloud/openapi-core`). It is compiled but not bundled: the SDK is loaded from
 * node_modules, as users deploy it. It is a dev dependency used by the benchmark only; nothing here is shipped.
 * Deliberately plain, like the samples: the event is trusted as it is, and a client is made per invocation with
 * the credentials of the moment (FC's STS credentials rotate).
 */
import Ecs20140526, * as $Ecs20140526 from '@alicloud/ecs20140526';
import * as $OpenApi from '@alicloud/openapi-core';

interface TimerEvent {
  triggerTime: string;
  triggerName: string;
  payload: string;
}

/**
 * A user reaching another endpoint than `ecs.<region>.aliyuncs.com` gives its host and protocol. The signature
 * choice is the one setting a user pointing at the local endpoint must add: the SDK's default path signs with
 * ACS3-HMAC-SHA256 (signature V3, in an `Authorization` header), which real ECS accepts but the local endpoint does
 * not (it verifies RPC signature V1 only, as pop-core and this function use). `signatureAlgorithm: 'v2'` selects
 * the SDK's RPC path: HMAC-SHA1 signature V1 in the query, sent as POST, the same work as the function does.
 */
function clientConfig(region: string): $OpenApi.$OpenApiUtil.Config {
  const endpoint = process.env.ECS_ENDPOINT ? new URL(process.env.ECS_ENDPOINT) : undefined;
  return new $OpenApi.$OpenApiUtil.Config({
    accessKeyId: process.env.ALIBABA_CLOUD_ACCESS_KEY_ID,
    accessKeySecret: process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
    securityToken: process.env.ALIBABA_CLOUD_SECURITY_TOKEN,
    regionId: region,
    endpoint: endpoint?.host ?? `ecs.${region}.aliyuncs.com`,
    ...(endpoint?.protocol === 'http:' ? { protocol: 'HTTP' } : {}),
    signatureAlgorithm: 'v2',
  });
}

export async function handler(event: Buffer): Promise<unknown> {
  const timer = JSON.parse(event.toString()) as TimerEvent;
  const { SnapshotId, DestinationRegionId } = JSON.parse(timer.payload) as { SnapshotId: string; DestinationRegionId?: string };
  const region = process.env.FC_REGION ?? 'cn-hangzhou';
  const day = timer.triggerTime.slice(0, 10);

  const client = new Ecs20140526(clientConfig(region));
  const response = await client.copySnapshot(
    new $Ecs20140526.CopySnapshotRequest({
      regionId: region,
      snapshotId: SnapshotId,
      destinationRegionId: DestinationRegionId ?? process.env.DESTINATION_REGION_ID,
      destinationSnapshotName: `dr-${SnapshotId}-${day}`,
      destinationSnapshotDescription: `DR copy of ${SnapshotId} from ${region}, made ${timer.triggerTime} by snapshot-copy`,
      retentionDays: Number(process.env.RETENTION_DAYS || 30),
      tag: [new $Ecs20140526.CopySnapshotRequestTag({ key: 'purpose', value: 'disaster-recovery' })],
      clientToken: `${SnapshotId}-${timer.triggerTime}`,
    }),
  );
  console.log(JSON.stringify({ message: 'copy-started', SourceSnapshotId: SnapshotId, ...response.body }));
  return response.body;
}
