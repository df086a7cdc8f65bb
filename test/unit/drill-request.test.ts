import { useCaseOfBody } from '../../functions/copy-snapshot/use-cases';
import { loadConfiguration } from '../../lib/config/configuration';
import { ValidationError } from '../../lib/failures/errors';
import { CopyRequestSchema } from '../../lib/request/copy-request';
import { toFieldIssues } from '../../lib/request/field-issues';
import { DrillRequestSchema, resolveDrillOrder } from '../../lib/restore-drill/drill-request';

const facts = { time: new Date('2026-11-29T03:00:00Z'), functionRegionId: 'cn-hangzhou' };
const configuration = loadConfiguration({ DESTINATION_REGION_ID: 'us-east-1', DRILL_TIMEOUT_MINUTES: '20' });

function issuesOf(body: unknown, config = configuration): { field: string; rule: string }[] {
  const parsed = DrillRequestSchema.safeParse(body);
  if (!parsed.success) return toFieldIssues(parsed.error.issues);
  try {
    resolveDrillOrder(parsed.data, config, facts);
  } catch (error) {
    if (error instanceof ValidationError) return [...error.issues];
    throw error;
  }
  return [];
}

describe('the Action of an event', () => {
  it('is a copy when absent, so every event written before drills still copies', () => {
    expect(useCaseOfBody({ SnapshotId: 's-bp1abcd' })).toBe('copy');
    expect(useCaseOfBody(undefined)).toBe('copy');
  });

  it('names a restore drill or a restore; anything else is a copy request, whose schema refuses a wrong Action naming the field', () => {
    expect(useCaseOfBody({ Action: 'RestoreDrill' })).toBe('restore-drill');
    expect(useCaseOfBody({ Action: 'Restore' })).toBe('restore');
    expect(useCaseOfBody({ Action: 'Prune' })).toBe('copy');
    expect(toFieldIssues(CopyRequestSchema.safeParse({ Action: 'Prune' }).error?.issues ?? [])).toEqual([
      { field: 'Action', rule: 'must be "Copy" (the default) or "RestoreDrill"' },
    ]);
  });

  it('may be "Copy" in a copy request, and KeepCopies is a whole number from 1', () => {
    expect(CopyRequestSchema.safeParse({ Action: 'Copy', SnapshotId: 's-bp1abcd', KeepCopies: 7 }).success).toBe(true);
    expect(toFieldIssues(CopyRequestSchema.safeParse({ KeepCopies: 0 }).error?.issues ?? [])).toEqual([
      { field: 'KeepCopies', rule: 'must be a whole number of copies from 1 to 1000' },
    ]);
  });
});

describe('a drill request', () => {
  it('fills the destination, the defaults and a RunId from the invocation time', () => {
    const order = resolveDrillOrder(
      DrillRequestSchema.parse({ Action: 'RestoreDrill', InstanceIds: ['i-bp1instance0001'] }),
      configuration,
      facts,
    );

    expect(order).toMatchObject({
      RegionId: 'cn-hangzhou',
      DestinationRegionIds: ['us-east-1'],
      DrillDisks: 1,
      MaxDrillDiskGiB: 2048,
      DrillDiskCategory: undefined,
      ZoneId: undefined,
      DryRun: false,
      DrillTimeoutMinutes: 20,
      RunId: 'drill-20261129T030000Z',
    });
    expect(order.selection).toMatchObject({ InstanceIds: ['i-bp1instance0001'], SnapshotType: 'all' });
  });

  it('drills what SELECTION protects when the request selects nothing', () => {
    const withSelection = loadConfiguration({ DESTINATION_REGION_ID: 'us-east-1', SELECTION: '{"DiskIds":["d-bp1disk00000001"]}' });

    expect(resolveDrillOrder(DrillRequestSchema.parse({}), withSelection, facts).selection.DiskIds).toEqual(['d-bp1disk00000001']);
  });

  it.each([
    [{ DiskIds: ['d-bp1disk00000001'], DrillDisks: 0 }, 'DrillDisks', 'must be a whole number of disks from 1 to 100'],
    [{ DiskIds: ['d-bp1disk00000001'], MaxDrillDiskGiB: 1.5 }, 'MaxDrillDiskGiB', 'must be a whole number of GiB from 1 to 65536'],
    [{ DiskIds: ['d-bp1disk00000001'], DrillDiskCategory: 'fast' }, 'DrillDiskCategory', 'must be one of'],
    [{ DiskIds: ['d-bp1disk00000001'], ZoneId: 'eu-central-1a' }, 'ZoneId', 'must be a zone of us-east-1'],
    [
      { DiskIds: ['d-bp1disk00000001'], DestinationRegionId: ['us-east-1', 'eu-central-1'], ZoneId: 'us-east-1a' },
      'ZoneId',
      'a zone belongs to one region',
    ],
    [{ DiskIds: ['D-1'] }, 'DiskIds.1', 'must be a disk ID'],
    [{ DiskIds: ['d-bp1disk00000001'], DestinationRegionId: 'cn-hangzhou' }, 'DestinationRegionId', 'must differ from RegionId'],
    [{}, 'DiskIds', 'a drill never picks from a whole region'],
    [{ DiskIds: ['d-bp1disk00000001'], RetentionDays: 3 }, 'RetentionDays', 'is not a parameter this function accepts'],
  ])('refuses %j, naming %s', (body, field, rule) => {
    expect(issuesOf(body)).toContainEqual({ field, rule: expect.stringContaining(rule) });
  });
});
