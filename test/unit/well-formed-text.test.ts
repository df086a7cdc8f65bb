import { malformedText } from '../../lib/ecs/unicode';
import { asHttp, directEvent, httpEvent, timerEvent } from '../support/events';
import { startFakeHarness } from '../support/fake-harness';

/** A lone high surrogate: legal in JSON (`"\ud800"`) and in a JavaScript string, but no character at all. */
const LONE = '\uD800';
const SnapshotId = 's-bp1lonesurrogate0001';
const RULE = 'must be well-formed Unicode text (it holds a lone UTF-16 surrogate)';

describe('text that is not well-formed Unicode', () => {
  it('is found in any string of a value, keys included, and named by its path', () => {
    const found = malformedText({
      SnapshotId: `s-${LONE}`,
      Tag: [
        { Key: 'ok', Value: 'ok' },
        { Key: 'k', Value: `v${LONE}` },
      ],
      KMSKeyId: { [`us${LONE}`]: 'key' },
    });

    expect(found).toEqual([
      { path: ['SnapshotId'], at: 'value' },
      { path: ['Tag', 1, 'Value'], at: 'value' },
      { path: ['KMSKeyId'], at: 'key' },
    ]);
  });

  it('accepts characters outside the BMP, written as surrogate pairs', () => {
    expect(malformedText({ DestinationSnapshotDescription: 'copie 🐘 𝄞 de sauvegarde' })).toEqual([]);
  });

  it('walks JSON nested a hundred thousand deep without a stack overflow, down to the depth of a field', () => {
    let deep: unknown = LONE;
    for (let level = 0; level < 100_000; level++) deep = { SnapshotId: deep };

    expect(malformedText(deep)).toEqual([]);
    expect(malformedText({ Tag: [{ Key: LONE }] })).toEqual([{ path: ['Tag', 0, 'Key'], at: 'value' }]);
  });
});

describe('a request holding a lone surrogate', () => {
  const fields: ReadonlyArray<readonly [string, Record<string, unknown>]> = [
    ['SnapshotId', { SnapshotId: `s-bp1${LONE}` }],
    ['SnapshotIds.2', { SnapshotIds: [SnapshotId, `s-${LONE}`] }],
    ['DiskIds.1', { DiskIds: [`d-${LONE}`] }],
    ['InstanceIds.1', { InstanceIds: [`i-${LONE}`] }],
    ['SourceTag.1.Key', { SourceTag: [{ Key: `env${LONE}`, Value: 'prod' }] }],
    ['SourceTag.1.Value', { SourceTag: [{ Key: 'env', Value: `prod${LONE}` }] }],
    [
      'Tag.2.Key',
      {
        SnapshotId,
        Tag: [
          { Key: 'a', Value: 'b' },
          { Key: `team${LONE}`, Value: 'db' },
        ],
      },
    ],
    ['Tag.1.Value', { SnapshotId, Tag: [{ Key: 'team', Value: `db${LONE}` }] }],
    ['DestinationSnapshotName', { SnapshotId, DestinationSnapshotName: `dr${LONE}copy` }],
    ['DestinationSnapshotDescription', { SnapshotId, DestinationSnapshotDescription: `copy ${LONE}` }],
    ['KMSKeyId', { SnapshotId, Encrypted: true, KMSKeyId: `key-${LONE}` }],
    ['KMSKeyId.us-east-1', { SnapshotId, Encrypted: true, KMSKeyId: { 'us-east-1': `key-${LONE}` } }],
    ['ClientToken', { SnapshotId, ClientToken: `token-${LONE}` }],
    ['RegionId', { SnapshotId, RegionId: `cn-${LONE}` }],
    ['DestinationRegionId', { SnapshotId, DestinationRegionId: `us-${LONE}` }],
    ['DestinationRegionId.2', { SnapshotId, DestinationRegionId: ['us-east-1', `eu-${LONE}`] }],
  ];

  it.each(fields)('is answered 400 over HTTP naming %s, before any ECS call', async (field, request) => {
    const { ecs, invoke } = startFakeHarness();

    const answer = await invoke(httpEvent(request));

    expect(answer.ok).toBe(true);
    const response = asHttp(answer.ok && answer.value);
    expect(response.statusCode).toBe(400);
    expect(response.body).toMatchObject({ Code: 'InvalidParameter', Class: 'invalid-request', Errors: [{ field, rule: RULE }] });
    expect(ecs.calls).toEqual([]);
  });

  it.each(fields)('rejects a timer and a direct invocation naming %s, before any ECS call', async (field, request) => {
    const { ecs, invoke } = startFakeHarness();

    const timer = await invoke(timerEvent(request));
    const direct = await invoke(directEvent(request));

    for (const result of [timer, direct]) {
      expect(!result.ok && result.error.message).toBe(`InvalidParameter (invalid-request): ${field}: ${RULE}`);
    }
    expect(ecs.calls).toEqual([]);
  });

  it('names a key of the KMSKeyId object that holds one without quoting it', async () => {
    const { ecs, invoke } = startFakeHarness();

    const result = await invoke(directEvent({ SnapshotId, Encrypted: true, KMSKeyId: { [`us-east-1${LONE}`]: 'key-1' } }));

    expect(!result.ok && result.error.message).toBe(
      'InvalidParameter (invalid-request): KMSKeyId: holds a key that is not well-formed Unicode text (a lone UTF-16 surrogate)',
    );
    expect(ecs.calls).toEqual([]);
  });
});

describe('a configuration holding a lone surrogate', () => {
  it.each([
    ['SNAPSHOT_TAGS', `{"team":"db\\ud800"}`, 'value of "team" must be well-formed Unicode text'],
    ['SNAPSHOT_TAGS', `{"team\\ud800":"db"}`, 'holds a tag key that is not well-formed Unicode text'],
    ['SELECTION', `{"SourceTag":[{"Key":"env","Value":"prod\\udfff"}]}`, 'SourceTag.1.Value: must be well-formed Unicode text'],
    ['SELECTION', `{"InstanceIds":["i-bp1\\ud800"]}`, 'InstanceIds.1: must be well-formed Unicode text'],
    ['DESTINATION_SNAPSHOT_NAME', `dr-{SnapshotId}${LONE}`, 'must be well-formed Unicode text'],
    ['DESTINATION_SNAPSHOT_DESCRIPTION', `copy of {SnapshotId} ${LONE}`, 'must be well-formed Unicode text'],
  ])('fails every invocation naming %s, and calls nothing', async (variable, value, rule) => {
    const { ecs, invoke } = startFakeHarness({ env: { [variable]: value } });

    const timer = await invoke(timerEvent({ SnapshotId }));
    const http = asHttp(await invoke(httpEvent({ SnapshotId })).then((result) => result.ok && result.value));

    expect(!timer.ok && timer.error.message).toContain(`InvalidConfiguration (configuration): Environment variable ${variable} ${rule}`);
    expect(http.statusCode).toBe(500);
    expect(http.body).toMatchObject({ Code: 'InvalidConfiguration' });
    expect(ecs.calls).toEqual([]);
  });
});
