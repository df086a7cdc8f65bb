import { asHttp, directEvent, httpEvent, timerEvent } from '../support/events';
import { type FakeHarness, startFakeHarness } from '../support/fake-harness';
import { expectNoSecretLeaked } from '../support/output';
import { BROKEN_CONFIGURATION, failsEveryInvocationOnABrokenConfiguration } from '../support/refusal-scenarios';

/**
 * Every rule of the CopySnapshot API page, checked on the merged request before any call: the answer names the
 * field and the rule, and ECS records no call at all.
 */
describe('validation before any ECS call', () => {
  let harness: FakeHarness;
  const SnapshotId = 's-bp1validation000001';

  beforeAll(() => {
    harness = startFakeHarness({ env: { SNAPSHOT_TAGS: '{"purpose":"dr"}' } });
  });

  afterAll(() => {
    expectNoSecretLeaked(harness);
  });

  const tags = (count: number) => Array.from({ length: count }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));

  type Refusal = [label: string, body: unknown, field: string, rule: string];
  /** A request whose one field besides SnapshotId is `field`, set to `value`, refused on that field by `rule`. */
  const withField = (label: string, field: string, value: unknown, rule: string): Refusal => [
    label,
    { SnapshotId, [field]: value },
    field,
    rule,
  ];
  /** A request with the one tag `tag`, refused on `field` by `rule`. */
  const withTag = (label: string, tag: Record<string, unknown>, field: string, rule: string): Refusal => [
    label,
    { SnapshotId, Tag: [tag] },
    field,
    rule,
  ];

  it.each<Refusal>([
    ['SnapshotId missing', {}, 'SnapshotId', 'is required'],
    ['SnapshotId of another shape', { SnapshotId: 'd-bp1disk' }, 'SnapshotId', '"s-" followed by'],
    ['SnapshotId not a string', { SnapshotId: 42 }, 'SnapshotId', 'must be a string'],
    withField('RegionId that could steer the host', 'RegionId', 'evil.example/x', 'region ID'),
    withField('DestinationRegionId equal to RegionId', 'DestinationRegionId', 'cn-hangzhou', 'must differ from RegionId'),
    withField('a misspelt field', 'RetentionDay', 7, 'is not a parameter'),
    withField('a name of 1 character', 'DestinationSnapshotName', 'a', '2 to 128'),
    withField('a name of 129 characters', 'DestinationSnapshotName', `a${'b'.repeat(128)}`, '2 to 128'),
    withField('a name starting with a digit', 'DestinationSnapshotName', '1copy', 'must start with a letter'),
    withField('a name with a space', 'DestinationSnapshotName', 'dr copy', 'may contain only letters, digits'),
    withField('a name with a slash', 'DestinationSnapshotName', 'dr/copy', 'may contain only letters, digits'),
    withField('a name starting with http://', 'DestinationSnapshotName', 'http://copy', 'must not start with http://'),
    withField('a name starting with https://', 'DestinationSnapshotName', 'https://copy', 'must not start with http://'),
    withField('a description of 1 character', 'DestinationSnapshotDescription', 'x', '2 to 256'),
    withField('a description of 257 characters', 'DestinationSnapshotDescription', 'x'.repeat(257), '2 to 256'),
    withField('a description starting with https://', 'DestinationSnapshotDescription', 'https://wiki', 'must not start with http://'),
    withField('RetentionDays 0', 'RetentionDays', 0, 'from 1 to 65536'),
    withField('RetentionDays 65537', 'RetentionDays', 65537, 'from 1 to 65536'),
    withField('RetentionDays 1.5', 'RetentionDays', 1.5, 'integer'),
    withField('RetentionDays as text', 'RetentionDays', '7', 'number of days'),
    withTag('an empty tag key', { Key: '', Value: 'v' }, 'Tag.1.Key', 'must not be empty'),
    withTag('a tag key of 129 characters', { Key: 'k'.repeat(129), Value: 'v' }, 'Tag.1.Key', 'at most 128'),
    withTag('a tag key containing https://', { Key: 'see-https://x', Value: 'v' }, 'Tag.1.Key', 'must not contain http://'),
    withTag('a tag key starting with acs:', { Key: 'acs:owner', Value: 'v' }, 'Tag.1.Key', 'must not start with acs: or aliyun'),
    withTag('a tag key starting with aliyun', { Key: 'aliyunTeam', Value: 'v' }, 'Tag.1.Key', 'must not start with acs: or aliyun'),
    withTag('a tag value of 129 characters', { Key: 'k', Value: 'v'.repeat(129) }, 'Tag.1.Value', 'at most 128'),
    withTag('a tag value containing http://', { Key: 'k', Value: 'http://x' }, 'Tag.1.Value', 'must not contain http://'),
    withTag('a tag value starting with aliyun', { Key: 'k', Value: 'aliyun-x' }, 'Tag.1.Value', 'must not start with acs: or aliyun'),
    [
      'duplicate tag keys',
      {
        SnapshotId,
        Tag: [
          { Key: 'a', Value: '1' },
          { Key: 'b', Value: '2' },
          { Key: 'a', Value: '3' },
        ],
      },
      'Tag.3.Key',
      'duplicates Tag.1.Key',
    ],
    withField(
      'more tags than fit with the configured and provenance ones',
      'Tag',
      tags(16),
      'must hold at most 14 tags: a copy takes 20, of which 5 are provenance tags and 1 come from SNAPSHOT_TAGS',
    ),
    withField(
      'a tag key with the provenance prefix',
      'Tag',
      [{ Key: 'snapshot-copy:source-snapshot-id', Value: 's-x' }],
      "reserved for the copies' provenance",
    ),
    withTag('a tag without Key', { Value: 'v' }, 'Tag.1.Key', 'is required'),
    withField('Tag not a list', 'Tag', { Key: 'k' }, 'list of'),
    withField('Encrypted as text', 'Encrypted', 'yes', 'true or false'),
    withField('KMSKeyId without Encrypted', 'KMSKeyId', 'key-1', 'needs Encrypted set to true'),
    withField('a ClientToken over 64 characters', 'ClientToken', 't'.repeat(65), '1 to 64 printable ASCII'),
    withField('a ClientToken with a space', 'ClientToken', 'my token', '1 to 64 printable ASCII'),
    ['a request that is not an object', ['s-bp1validation000001'], '(request)', 'JSON object'],
  ])('refuses %s with 400 naming the field and the rule', async (_, body, field, rule) => {
    const callsBefore = harness.ecs.calls.length;

    const response = asHttp(await harness.handler(httpEvent(body)));

    expect(response.statusCode).toBe(400);
    expect(response.body).toMatchObject({ Code: 'InvalidParameter', Class: 'invalid-request' });
    expect(response.body.Errors).toEqual(expect.arrayContaining([{ field, rule: expect.stringContaining(rule) }]));
    expect(response.body.Message).toContain(`${field}: `);
    expect(harness.ecs.calls.length).toBe(callsBefore);
  });

  it('reports every broken field at once', async () => {
    const response = asHttp(await harness.handler(httpEvent({ SnapshotId, RetentionDays: 0, DestinationSnapshotName: '9' })));

    expect(response.body.Errors).toEqual([
      { field: 'DestinationSnapshotName', rule: 'must be 2 to 128 characters long' },
      { field: 'DestinationSnapshotName', rule: 'must start with a letter' },
      { field: 'RetentionDays', rule: 'must be an integer from 1 to 65536' },
    ]);
  });

  it('names the variable when the region comes from nowhere', async () => {
    const noDestination = startFakeHarness({ env: { DESTINATION_REGION_ID: '' } });
    const response = asHttp(await noDestination.handler(httpEvent({ SnapshotId })));

    expect(response.body.Errors).toEqual([{ field: 'DestinationRegionId', rule: 'is required: send it, or set DESTINATION_REGION_ID' }]);
    expect(noDestination.ecs.calls).toHaveLength(0);
  });

  it('rejects a timer whose payload is not JSON, and a direct event with a bad field, without calling ECS', async () => {
    const callsBefore = harness.ecs.calls.length;
    const broken = Buffer.from(JSON.stringify({ triggerTime: '2026-11-27T19:00:00Z', triggerName: 'daily', payload: 'SnapshotId=s-1' }));

    const timer = await harness.invoke(broken);
    const direct = await harness.invoke(directEvent({ SnapshotId, RetentionDays: -1 }));
    const empty = await harness.invoke(timerEvent(''));

    expect(!timer.ok && timer.error.message).toMatch(/^InvalidEvent \(invalid-request\): payload: must be a JSON text/);
    expect(!direct.ok && direct.error.message).toMatch(
      /^InvalidParameter \(invalid-request\): RetentionDays: must be an integer from 1 to 65536/,
    );
    expect(!empty.ok && empty.error.message).toContain('(request): must be a JSON object');
    expect(harness.ecs.calls.length).toBe(callsBefore);
  });
});

describe('a broken configuration', () => {
  it('fails every invocation loudly, naming the variable, and copies nothing', () =>
    failsEveryInvocationOnABrokenConfiguration(startFakeHarness({ env: BROKEN_CONFIGURATION })));
});
