import { readListedSnapshot } from '../../lib/ecs/snapshot-listing';

const quote = (value: unknown) => JSON.stringify(value);

function listed(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    SnapshotId: 's-bp67acfmxazb4p3xk2rd',
    SourceDiskId: 'd-bp1disk',
    Status: 'accomplished',
    Progress: '100%',
    CreationTime: '2024-05-01T02:00:00Z',
    SnapshotType: 'auto',
    Category: 'standard',
    Encrypted: false,
    Tags: { Tag: [{ TagKey: 'env', TagValue: 'prod' }] },
    ...overrides,
  };
}

describe('readListedSnapshot', () => {
  it('reads a documented snapshot, ignoring fields it does not use', () => {
    const result = readListedSnapshot(
      listed({ Available: true, InstantAccess: false, SnapshotSN: '1-2-3', FullSnapshotSizeInBytes: 65535, Brand: { New: 1 } }),
      'cn-hangzhou',
      quote,
    );

    expect(result).toEqual({
      ok: true,
      snapshot: {
        SnapshotId: 's-bp67acfmxazb4p3xk2rd',
        RegionId: 'cn-hangzhou',
        SourceDiskId: 'd-bp1disk',
        Status: 'accomplished',
        Progress: '100%',
        CreationTime: Date.parse('2024-05-01T02:00:00Z'),
        SnapshotType: 'auto',
        Category: 'standard',
        Encrypted: false,
        Tags: [{ Key: 'env', Value: 'prod' }],
      },
    });
  });

  it('gives an automatic snapshot typed timer as auto, so one comparison selects both', () => {
    const result = readListedSnapshot(listed({ SnapshotType: 'timer' }), 'cn-hangzhou', quote);

    expect(result).toMatchObject({ ok: true, snapshot: { SnapshotType: 'auto' } });
  });

  it('keeps a snapshot whose Progress is missing or a number', () => {
    expect(readListedSnapshot(listed({ Progress: undefined }), 'cn-hangzhou', quote)).toMatchObject({
      ok: true,
      snapshot: { Progress: '' },
    });
    expect(readListedSnapshot(listed({ Progress: 100 }), 'cn-hangzhou', quote)).toMatchObject({ ok: true, snapshot: { Progress: '100' } });
  });

  it('reads the source of a copy, and takes empty source fields as no source', () => {
    const copy = readListedSnapshot(listed({ SourceSnapshotId: 's-source1234', SourceRegionId: 'cn-shanghai' }), 'us-east-1', quote);
    const original = readListedSnapshot(listed({ SourceSnapshotId: '', SourceRegionId: '' }), 'cn-hangzhou', quote);

    expect(copy).toMatchObject({ ok: true, snapshot: { SourceSnapshotId: 's-source1234', SourceRegionId: 'cn-shanghai' } });
    expect(original.ok && original.snapshot).not.toHaveProperty('SourceSnapshotId');
  });

  it('reads SourceDiskSize given as text or a number, and leaves out one that is neither', () => {
    expect(readListedSnapshot(listed({ SourceDiskSize: '40' }), 'x', quote)).toMatchObject({ ok: true, snapshot: { SourceDiskSize: 40 } });
    expect(readListedSnapshot(listed({ SourceDiskSize: 500 }), 'x', quote)).toMatchObject({ ok: true, snapshot: { SourceDiskSize: 500 } });
    const odd = readListedSnapshot(listed({ SourceDiskSize: 'big' }), 'x', quote);
    expect(odd.ok && odd.snapshot).not.toHaveProperty('SourceDiskSize');
    const object = readListedSnapshot(listed({ SourceDiskSize: { GiB: 40 } }), 'x', quote);
    expect(object.ok && object.snapshot).not.toHaveProperty('SourceDiskSize');
  });

  it('reads Encrypted given as text', () => {
    expect(readListedSnapshot(listed({ Encrypted: 'true' }), 'cn-hangzhou', quote)).toMatchObject({
      ok: true,
      snapshot: { Encrypted: true },
    });
  });

  it.each([
    ['a Status it does not know', { Status: 'archiving' }, /^Status is "archiving", which this function does not know how to read$/],
    ['no Status', { Status: undefined }, /^Status is missing$/],
    ['no CreationTime', { CreationTime: undefined }, /^CreationTime is missing$/],
    ['a CreationTime that is not a time', { CreationTime: 'yesterday' }, /^CreationTime is "yesterday"/],
    ['tags that are not a list', { Tags: { Tag: 'env=prod' } }, /^Tags\.Tag is "env=prod"/],
  ])('does not read a snapshot with %s, and says why with what identifies it', (_what, change, reason) => {
    const result = readListedSnapshot(listed({ ...change, SourceSnapshotId: 's-source1234', SourceRegionId: 'cn-shanghai' }), 'x', quote);

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.unrecognized).toMatchObject({
      SnapshotId: 's-bp67acfmxazb4p3xk2rd',
      SourceDiskId: 'd-bp1disk',
      SourceSnapshotId: 's-source1234',
      SourceRegionId: 'cn-shanghai',
    });
    expect(result.unrecognized.reason).toMatch(reason);
  });

  it('reports an unreadable snapshot by the identifying fields that are text, leaving out those that are not', () => {
    const result = readListedSnapshot(listed({ Status: 'archiving', SnapshotId: 42, SourceSnapshotId: ['s-source1234'] }), 'x', quote);

    expect(result).toEqual({
      ok: false,
      unrecognized: {
        SnapshotId: undefined,
        SourceDiskId: 'd-bp1disk',
        reason: 'SnapshotId is 42, which this function does not know how to read',
      },
    });
  });

  it('does not read an item that is not an object at all', () => {
    expect(readListedSnapshot('s-abc', 'cn-hangzhou', quote)).toEqual({
      ok: false,
      unrecognized: { SnapshotId: undefined, reason: 'snapshot is "s-abc", which this function does not know how to read' },
    });
  });
});
