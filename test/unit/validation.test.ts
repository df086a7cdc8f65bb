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

  it.each([
    ['SnapshotId missing', {}, 'SnapshotId', 'is required'],
    ['SnapshotId of another shape', { SnapshotId: 'd-bp1disk' }, 'SnapshotId', '"s-" followed by'],
    ['SnapshotId not a string', { SnapshotId: 42 }, 'SnapshotId', 'must be a string'],
    ['RegionId that could steer the host', { SnapshotId, RegionId: 'evil.example/x' }, 'RegionId', 'region ID'],
    [
      'DestinationRegionId equal to RegionId',
      { SnapshotId, DestinationRegionId: 'cn-hangzhou' },
      'DestinationRegionId',
      'must differ from RegionId',
    ],
    ['a misspelt field', { SnapshotId, RetentionDay: 7 }, 'RetentionDay', 'is not a parameter'],
    ['a name of 1 character', { SnapshotId, DestinationSnapshotName: 'a' }, 'DestinationSnapshotName', '2 to 128'],
    ['a name of 129 characters', { SnapshotId, DestinationSnapshotName: `a${'b'.repeat(128)}` }, 'DestinationSnapshotName', '2 to 128'],
    [
      'a name starting with a digit',
      { SnapshotId, DestinationSnapshotName: '1copy' },
      'DestinationSnapshotName',
      'must start with a letter',
    ],
    [
      'a name with a space',
      { SnapshotId, DestinationSnapshotName: 'dr copy' },
      'DestinationSnapshotName',
      'may contain only letters, digits',
    ],
    [
      'a name with a slash',
      { SnapshotId, DestinationSnapshotName: 'dr/copy' },
      'DestinationSnapshotName',
      'may contain only letters, digits',
    ],
    [
      'a name starting with http://',
      { SnapshotId, DestinationSnapshotName: 'http://copy' },
      'DestinationSnapshotName',
      'must not start with http://',
    ],
    [
      'a name starting with https://',
      { SnapshotId, DestinationSnapshotName: 'https://copy' },
      'DestinationSnapshotName',
      'must not start with http://',
    ],
    ['a description of 1 character', { SnapshotId, DestinationSnapshotDescription: 'x' }, 'DestinationSnapshotDescription', '2 to 256'],
    [
      'a description of 257 characters',
      { SnapshotId, DestinationSnapshotDescription: 'x'.repeat(257) },
      'DestinationSnapshotDescription',
      '2 to 256',
    ],
    [
      'a description starting with https://',
      { SnapshotId, DestinationSnapshotDescription: 'https://wiki' },
      'DestinationSnapshotDescription',
      'must not start with http://',
    ],
    ['RetentionDays 0', { SnapshotId, RetentionDays: 0 }, 'RetentionDays', 'from 1 to 65536'],
    ['RetentionDays 65537', { SnapshotId, RetentionDays: 65537 }, 'RetentionDays', 'from 1 to 65536'],
    ['RetentionDays 1.5', { SnapshotId, RetentionDays: 1.5 }, 'RetentionDays', 'integer'],
    ['RetentionDays as text', { SnapshotId, RetentionDays: '7' }, 'RetentionDays', 'number of days'],
    ['an empty tag key', { SnapshotId, Tag: [{ Key: '', Value: 'v' }] }, 'Tag.1.Key', 'must not be empty'],
    ['a tag key of 129 characters', { SnapshotId, Tag: [{ Key: 'k'.repeat(129), Value: 'v' }] }, 'Tag.1.Key', 'at most 128'],
    ['a tag key containing https://', { SnapshotId, Tag: [{ Key: 'see-https://x', Value: 'v' }] }, 'Tag.1.Key', 'must not contain http://'],
    [
      'a tag key starting with acs:',
      { SnapshotId, Tag: [{ Key: 'acs:owner', Value: 'v' }] },
      'Tag.1.Key',
      'must not start with acs: or aliyun',
    ],
    [
      'a tag key starting with aliyun',
      { SnapshotId, Tag: [{ Key: 'aliyunTeam', Value: 'v' }] },
      'Tag.1.Key',
      'must not start with acs: or aliyun',
    ],
    ['a tag value of 129 characters', { SnapshotId, Tag: [{ Key: 'k', Value: 'v'.repeat(129) }] }, 'Tag.1.Value', 'at most 128'],
    ['a tag value containing http://', { SnapshotId, Tag: [{ Key: 'k', Value: 'http://x' }] }, 'Tag.1.Value', 'must not contain http://'],
    [
      'a tag value starting with aliyun',
      { SnapshotId, Tag: [{ Key: 'k', Value: 'aliyun-x' }] },
      'Tag.1.Value',
      'must not start with acs: or aliyun',
    ],
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
    [
      'more tags than fit with the configured and provenance ones',
      { SnapshotId, Tag: tags(16) },
      'Tag',
      'must hold at most 14 tags: a copy takes 20, of which 5 are provenance tags and 1 come from SNAPSHOT_TAGS',
    ],
    [
      'a tag key with the provenance prefix',
      { SnapshotId, Tag: [{ Key: 'snapshot-copy:source-snapshot-id', Value: 's-x' }] },
      'Tag',
      "reserved for the copies' provenance",
    ],
    ['a tag without Key', { SnapshotId, Tag: [{ Value: 'v' }] }, 'Tag.1.Key', 'is required'],
    ['Tag not a list', { SnapshotId, Tag: { Key: 'k' } }, 'Tag', 'list of'],
    ['Encrypted as text', { SnapshotId, Encrypted: 'yes' }, 'Encrypted', 'true or false'],
    ['KMSKeyId without Encrypted', { SnapshotId, KMSKeyId: 'key-1' }, 'KMSKeyId', 'needs Encrypted set to true'],
    ['a ClientToken over 64 characters', { SnapshotId, ClientToken: 't'.repeat(65) }, 'ClientToken', '1 to 64 printable ASCII'],
    ['a ClientToken with a space', { SnapshotId, ClientToken: 'my token' }, 'ClientToken', '1 to 64 printable ASCII'],
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
