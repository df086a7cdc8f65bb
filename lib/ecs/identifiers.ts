import * as z from 'zod/mini';

/**
 * Region IDs end up in a host name (`ecs.{RegionId}.aliyuncs.com`), so only the shape real IDs have is accepted
 * (`cn-hangzhou`, `ap-southeast-1`, `cn-shanghai-finance-1`): nothing can steer a request to another host.
 * The list of regions is not hard-coded: regions open and close.
 */
export const REGION_ID_PATTERN = /^[a-z]{2,}(?:-[a-z0-9]+){1,4}$/;

/** Snapshot IDs are `s-` followed by lowercase letters and digits (`s-bp67acfmxazb4p3xk2rd`). */
export const SNAPSHOT_ID_PATTERN = /^s-[a-z0-9]{4,62}$/;

const requiredString = (what: string) =>
  z.string({ error: (issue) => (issue.input === undefined ? 'is required' : `must be a string (${what})`) });

export const RegionIdSchema = requiredString('a region ID such as cn-hangzhou').check(
  z.regex(REGION_ID_PATTERN, { error: 'must be a region ID such as cn-hangzhou or ap-southeast-1' }),
);

export const SnapshotIdSchema = requiredString('a snapshot ID such as s-bp67acfmxazb4p3xk2rd').check(
  z.regex(SNAPSHOT_ID_PATTERN, { error: 'must be a snapshot ID: "s-" followed by lowercase letters and digits' }),
);

/** Disk IDs are `d-` followed by lowercase letters and digits. */
const DISK_ID_PATTERN = /^d-[a-z0-9]{4,62}$/;

/** Instance IDs are `i-` followed by lowercase letters and digits. */
const INSTANCE_ID_PATTERN = /^i-[a-z0-9]{4,62}$/;

export const DiskIdSchema = requiredString('a disk ID such as d-bp1c0doj0taqyzzl6er8').check(
  z.regex(DISK_ID_PATTERN, { error: 'must be a disk ID: "d-" followed by lowercase letters and digits' }),
);

export const InstanceIdSchema = requiredString('an instance ID such as i-bp1c0doj0taqyzzl6er8').check(
  z.regex(INSTANCE_ID_PATTERN, { error: 'must be an instance ID: "i-" followed by lowercase letters and digits' }),
);
