import { DEFAULT_ECS_ENDPOINT, loadConfiguration } from '../../lib/config/configuration';
import { ConfigurationError } from '../../lib/failures/errors';
import { renderTemplate } from '../../lib/request/template';

function configurationError(env: Record<string, string>): ConfigurationError {
  try {
    loadConfiguration(env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

describe('loadConfiguration', () => {
  it('fills defaults that render a valid name and description', () => {
    const configuration = loadConfiguration({});

    expect(configuration.EcsEndpointTemplate).toBe(DEFAULT_ECS_ENDPOINT);
    expect(configuration.RetentionDays).toBeUndefined();
    expect(configuration.Tags).toEqual([]);
    const values = {
      SnapshotId: 's-bp67acfmxazb4p3xk2rd',
      RegionId: 'cn-hangzhou',
      DestinationRegionId: 'us-east-1',
      time: new Date('2026-11-27T02:00:00Z'),
    };
    expect(renderTemplate(configuration.DestinationSnapshotNameTemplate, values)).toBe('dr-s-bp67acfmxazb4p3xk2rd-2026-11-27');
    expect(renderTemplate(configuration.DestinationSnapshotDescriptionTemplate, values)).toBe(
      'DR copy of s-bp67acfmxazb4p3xk2rd from cn-hangzhou, made 2026-11-27T02:00:00Z by snapshot-copy',
    );
  });

  it('reads every variable of the README table', () => {
    const configuration = loadConfiguration({
      SOURCE_REGION_ID: 'cn-chengdu',
      DESTINATION_REGION_ID: 'us-east-1',
      DESTINATION_SNAPSHOT_NAME: 'copy-{RegionId}-{Time}',
      DESTINATION_SNAPSHOT_DESCRIPTION: 'to {DestinationRegionId}',
      RETENTION_DAYS: '30',
      SNAPSHOT_TAGS: '{"purpose":"dr","team":""}',
      ENCRYPTED: 'true',
      KMS_KEY_ID: 'key-hzz6xxxxxxxxxxxx',
      ECS_ENDPOINT: 'https://ecs-vpc.{RegionId}.aliyuncs.com/',
      SELECTION: '{"InstanceIds":["i-bp1instance0001"],"SnapshotType":"auto"}',
      RPO_HOURS: '26.5',
      API_CALLS_PER_MINUTE: '600',
      MAX_COPIES_IN_FLIGHT: '20',
      CALLER_SOURCE_REGIONS: '*',
      CALLER_DESTINATION_REGIONS: 'us-east-1, eu-central-1',
      CALLER_FIXED_FIELDS: 'RetentionDays,Tag',
      CALLER_MAX_COPIES: '10',
      CALLER_MAX_DRILL_DISKS: '3',
      CALLER_MAX_DRILL_DISK_GIB: '100',
      CALLER_DRILL_DISK_CATEGORIES: 'cloud_essd, cloud_auto',
      KEEP_COPIES: '7',
      LOCK_DAYS: '14',
      LOCK_COOL_OFF_HOURS: '6',
      DRILL_TIMEOUT_MINUTES: '45',
    });

    expect(configuration).toEqual({
      SourceRegionId: 'cn-chengdu',
      DestinationRegionIds: ['us-east-1'],
      DestinationSnapshotNameTemplate: 'copy-{RegionId}-{Time}',
      DestinationSnapshotDescriptionTemplate: 'to {DestinationRegionId}',
      RetentionDays: 30,
      Tags: [
        { Key: 'purpose', Value: 'dr' },
        { Key: 'team', Value: '' },
      ],
      Encrypted: true,
      KMSKeyId: 'key-hzz6xxxxxxxxxxxx',
      EcsEndpointTemplate: 'https://ecs-vpc.{RegionId}.aliyuncs.com',
      Selection: { InstanceIds: ['i-bp1instance0001'], SnapshotType: 'auto' },
      RpoHours: 26.5,
      ApiCallsPerMinute: 600,
      MaxCopiesInFlight: 20,
      CallerPolicy: {
        SourceRegions: '*',
        DestinationRegions: ['us-east-1', 'eu-central-1'],
        FixedFields: ['RetentionDays', 'Tag'],
        MaxCopies: 10,
        MaxDrillDisks: 3,
        MaxDrillDiskGiB: 100,
        DrillDiskCategories: ['cloud_essd', 'cloud_auto'],
      },
      KeepCopies: 7,
      LockDays: 14,
      LockCoolOffHours: 6,
      DrillTimeoutMinutes: 45,
    });
  });

  it('keeps every copy unless KEEP_COPIES is set, and gives a drill 30 minutes to restore', () => {
    const configuration = loadConfiguration({ KEEP_COPIES: '' });

    expect(configuration.KeepCopies).toBeUndefined();
    expect(configuration.DrillTimeoutMinutes).toBe(30);
  });

  it('locks nothing unless LOCK_DAYS is set, with a cool-off of 24 hours, 0 locking at once', () => {
    expect(loadConfiguration({ LOCK_DAYS: '' })).toMatchObject({ LockDays: undefined, LockCoolOffHours: 24 });
    expect(loadConfiguration({ LOCK_DAYS: '30', LOCK_COOL_OFF_HOURS: '0', RETENTION_DAYS: '32' })).toMatchObject({
      LockDays: 30,
      LockCoolOffHours: 0,
      RetentionDays: 32,
    });
  });

  it("defaults the source region to the function's own region and treats empty variables as unset", () => {
    expect(loadConfiguration({ FC_REGION: 'cn-shanghai', SOURCE_REGION_ID: '' }).SourceRegionId).toBe('cn-shanghai');
  });

  it.each([
    [{ KEEP_COPIES: '0' }, 'KEEP_COPIES', 'from 1 to 1000'],
    [{ KEEP_COPIES: '2.5' }, 'KEEP_COPIES', 'integer'],
    [{ DRILL_TIMEOUT_MINUTES: '1441' }, 'DRILL_TIMEOUT_MINUTES', 'from 1 to 1440'],
    [{ LOCK_DAYS: '0' }, 'LOCK_DAYS', 'from 1 to 3650'],
    [{ LOCK_DAYS: '3651' }, 'LOCK_DAYS', 'from 1 to 3650'],
    [{ LOCK_COOL_OFF_HOURS: '73' }, 'LOCK_COOL_OFF_HOURS', 'from 0 to 72'],
    [{ LOCK_COOL_OFF_HOURS: '1.5' }, 'LOCK_COOL_OFF_HOURS', 'integer'],
    [{ LOCK_DAYS: '30', RETENTION_DAYS: '31' }, 'RETENTION_DAYS', 'at least LOCK_DAYS + 2 (32)'],
    [{ RETENTION_DAYS: '0' }, 'RETENTION_DAYS', 'from 1 to 65536'],
    [{ RETENTION_DAYS: '65537' }, 'RETENTION_DAYS', 'from 1 to 65536'],
    [{ RETENTION_DAYS: '7.5' }, 'RETENTION_DAYS', 'integer'],
    [{ RETENTION_DAYS: 'thirty' }, 'RETENTION_DAYS', 'integer'],
    [{ SOURCE_REGION_ID: 'ecs.evil.example/' }, 'SOURCE_REGION_ID', 'region ID'],
    [{ DESTINATION_REGION_ID: 'US East' }, 'DESTINATION_REGION_ID', 'region ID'],
    [{ SNAPSHOT_TAGS: 'purpose=dr' }, 'SNAPSHOT_TAGS', 'JSON object'],
    [{ SNAPSHOT_TAGS: '["dr"]' }, 'SNAPSHOT_TAGS', 'values are strings'],
    [{ SNAPSHOT_TAGS: '{"n":1}' }, 'SNAPSHOT_TAGS', 'values are strings'],
    [{ SNAPSHOT_TAGS: '{"acs:owner":"x"}' }, 'SNAPSHOT_TAGS', 'must not start with acs: or aliyun'],
    [{ SNAPSHOT_TAGS: '{"k":"https://x"}' }, 'SNAPSHOT_TAGS', 'must not contain http:// or https://'],
    [
      { SNAPSHOT_TAGS: JSON.stringify(Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v']))) },
      'SNAPSHOT_TAGS',
      'at most 20',
    ],
    [{ DESTINATION_SNAPSHOT_NAME: '{Date}-copy' }, 'DESTINATION_SNAPSHOT_NAME', 'must start with a letter'],
    [{ DESTINATION_SNAPSHOT_NAME: 'copy of {SnapshotId}' }, 'DESTINATION_SNAPSHOT_NAME', 'may contain only letters'],
    [{ DESTINATION_SNAPSHOT_NAME: 'copy-{Snapshot}' }, 'DESTINATION_SNAPSHOT_NAME', 'unknown placeholder(s) {Snapshot}'],
    [{ DESTINATION_SNAPSHOT_NAME: `x${'y'.repeat(100)}-{SnapshotId}` }, 'DESTINATION_SNAPSHOT_NAME', '2 to 128'],
    [{ DESTINATION_SNAPSHOT_DESCRIPTION: 'https://wiki/dr' }, 'DESTINATION_SNAPSHOT_DESCRIPTION', 'http:// or https://'],
    [{ ENCRYPTED: 'yes' }, 'ENCRYPTED', 'true or false'],
    [{ KMS_KEY_ID: 'key-1' }, 'KMS_KEY_ID', 'ENCRYPTED=true'],
    [{ ECS_ENDPOINT: 'ftp://ecs.example' }, 'ECS_ENDPOINT', 'http:// or https://'],
    [{ ECS_ENDPOINT: 'https://ecs.{Region}.aliyuncs.com' }, 'ECS_ENDPOINT', '{RegionId}'],
    [{ ECS_ENDPOINT: 'https://ecs.aliyuncs.com/?x=1' }, 'ECS_ENDPOINT', 'scheme, host'],
    [{ DESTINATION_REGION_ID: 'us-east-1,EU' }, 'DESTINATION_REGION_ID', 'comma-separated list'],
    [{ SELECTION: '{"InstanceId":["i-bp1instance0001"]}' }, 'SELECTION', 'InstanceId: is not a parameter'],
    [{ SELECTION: 'InstanceIds=i-1' }, 'SELECTION', 'it is not JSON'],
    [{ RPO_HOURS: '0' }, 'RPO_HOURS', 'from 1 to'],
    [{ API_CALLS_PER_MINUTE: '5000' }, 'API_CALLS_PER_MINUTE', 'from 1 to 1000'],
    [{ MAX_COPIES_IN_FLIGHT: '2.5' }, 'MAX_COPIES_IN_FLIGHT', 'integer'],
    [{ SNAPSHOT_TAGS: '{"snapshot-copy:source-snapshot-id":"x"}' }, 'SNAPSHOT_TAGS', 'reserved'],
    [{ KMS_KEY_ID: '{"us-east-1":"key 1"}', ENCRYPTED: 'true' }, 'KMS_KEY_ID', 'JSON object of destination region'],
    [{ CALLER_DESTINATION_REGIONS: 'anywhere' }, 'CALLER_DESTINATION_REGIONS', 'must be * or'],
    [{ CALLER_FIXED_FIELDS: 'RetentionDay' }, 'CALLER_FIXED_FIELDS', '"RetentionDay", which is not one of: '],
    [{ CALLER_MAX_DRILL_DISKS: '0' }, 'CALLER_MAX_DRILL_DISKS', 'from 1 to 100'],
    [{ CALLER_MAX_DRILL_DISKS: '101' }, 'CALLER_MAX_DRILL_DISKS', 'from 1 to 100'],
    [{ CALLER_MAX_DRILL_DISK_GIB: '1.5' }, 'CALLER_MAX_DRILL_DISK_GIB', 'integer from 1 to 65536'],
    [
      { CALLER_DRILL_DISK_CATEGORIES: 'cloud_essd,ssd' },
      'CALLER_DRILL_DISK_CATEGORIES',
      '"ssd", which is not one of: cloud, cloud_efficiency',
    ],
  ])('refuses %j, naming %s', (env, variable, rule) => {
    const error = configurationError(env);

    expect(error.variable).toBe(variable);
    expect(error.message).toContain(`Environment variable ${variable}`);
    expect(error.message).toContain(rule);
    expect(error.errorClass).toBe('configuration');
  });

  it('never echoes an endpoint that may carry a password', () => {
    const error = configurationError({ ECS_ENDPOINT: 'https://user:hunter2@ecs.aliyuncs.com' });

    expect(error.message).not.toContain('hunter2');
  });
});
