import { CopySnapshotParametersSchema } from '../../lib/ecs/copy-snapshot-parameters';
import { isWellFormedUnicode, malformedUnicodeParameters, WELL_FORMED_UNICODE_RULE } from '../../lib/ecs/unicode';

const LONE_HIGH = '\uD800';
const LONE_LOW = '\uDC00';

function parameters(overrides: Record<string, unknown>) {
  return {
    RegionId: 'cn-hangzhou',
    SnapshotId: 's-bp67acfmxazb4p3xk2rd',
    DestinationRegionId: 'us-east-1',
    DestinationSnapshotName: 'dr-copy',
    DestinationSnapshotDescription: 'Disaster recovery copy',
    Tag: [{ Key: 'team', Value: 'db' }],
    Encrypted: true,
    KMSKeyId: 'key-1',
    ClientToken: 'token-1',
    ...overrides,
  };
}

describe('well-formed Unicode', () => {
  it('accepts text with characters outside the BMP, written as surrogate pairs', () => {
    expect(isWellFormedUnicode('备份 😀 copy')).toBe(true);
  });

  it.each([
    ['a lone high surrogate', `a${LONE_HIGH}b`],
    ['a lone low surrogate', `${LONE_LOW}ab`],
    ['a pair in the wrong order', `${LONE_LOW}${LONE_HIGH}`],
  ])('refuses %s', (_what, text) => {
    expect(isWellFormedUnicode(text)).toBe(false);
  });

  it.each([
    ['DestinationSnapshotName', { DestinationSnapshotName: `dr${LONE_HIGH}copy` }],
    ['DestinationSnapshotDescription', { DestinationSnapshotDescription: `copy${LONE_LOW}` }],
    ['Tag.0.Key', { Tag: [{ Key: `team${LONE_HIGH}`, Value: 'db' }] }],
    ['Tag.0.Value', { Tag: [{ Key: 'team', Value: `db${LONE_HIGH}` }] }],
    ['KMSKeyId', { KMSKeyId: `key${LONE_HIGH}` }],
    ['ClientToken', { ClientToken: `token${LONE_HIGH}` }],
  ])('refuses a lone surrogate in %s with that one rule, naming the field', (field, change) => {
    const result = CopySnapshotParametersSchema.safeParse(parameters(change));

    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([[field, WELL_FORMED_UNICODE_RULE]]);
  });

  it('names every parameter about to be sent that holds a lone surrogate, as the RPC API numbers them', () => {
    expect(
      malformedUnicodeParameters({
        RegionId: 'cn-hangzhou',
        DestinationSnapshotName: `x${LONE_HIGH}`,
        Tag: [
          { Key: 'ok', Value: 'ok' },
          { Key: 'fine', Value: `bad${LONE_LOW}` },
        ],
      }),
    ).toEqual(['DestinationSnapshotName', 'Tag.2.Value']);
  });
});
