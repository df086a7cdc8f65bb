import { deriveClientToken } from '../../lib/copy/client-token';
import { type CopyOrder, type Requester, resolveCopyOrder } from '../../lib/copy/copy-order';
import { ValidationError } from '../../lib/failures/errors';
import { parseCopyRequest } from '../../lib/request/copy-request';
import type { OrderDefaults } from '../../lib/request/order-defaults';

const DEFAULTS: OrderDefaults = {
  SourceRegionId: 'cn-hangzhou',
  DestinationRegionIds: ['us-east-1'],
  DestinationSnapshotNameTemplate: 'dr-{SnapshotId}-{Date}',
  DestinationSnapshotDescriptionTemplate: 'DR copy of {SnapshotId}',
  RetentionDays: undefined,
  Tags: [],
  Encrypted: undefined,
  KMSKeyId: undefined,
  Selection: { InstanceIds: ['i-bp1operatorfleet001'], SnapshotType: 'auto' },
  KeepCopies: undefined,
  LockDays: undefined,
  LockCoolOffHours: 24,
  DrillTimeoutMinutes: 30,
};
const FACTS = { time: new Date('2026-11-27T19:00:00Z'), functionRegionId: 'cn-hangzhou' };
const SnapshotId = 's-bp1orderpick0000001';

function order(body: unknown, requester: Requester, defaults: OrderDefaults = DEFAULTS): CopyOrder {
  return resolveCopyOrder(parseCopyRequest(body), defaults, FACTS, requester);
}

function issuesOf(act: () => unknown): ValidationError['issues'] {
  try {
    act();
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
  throw new Error('no ValidationError was thrown');
}

describe('a request that selects nothing', () => {
  it.each([
    ['an empty request', {}],
    ['a dry run', { DryRun: true }],
    ['copy parameters only', { DestinationRegionId: 'us-east-1', RetentionDays: 7 }],
    ['AllowEmpty alone', { AllowEmpty: true }],
  ])("is refused from an HTTP caller (%s), naming SnapshotId, instead of running the operator's SELECTION", (_, body) => {
    const issues = issuesOf(() => order(body, 'http-caller'));

    expect(issues).toEqual([{ field: 'SnapshotId', rule: expect.stringContaining('an HTTP request must say what to copy') }]);
  });

  it("protects the operator's SELECTION for the operator's own timer and direct invocations", () => {
    const resolved = order({}, 'operator');

    expect(resolved.selection).toMatchObject({ InstanceIds: ['i-bp1operatorfleet001'], SnapshotType: 'auto' });
  });

  it('is refused from the operator too when no SELECTION is set: the function never copies a whole region', () => {
    const issues = issuesOf(() => order({}, 'operator', { ...DEFAULTS, Selection: undefined }));

    expect(issues).toEqual([{ field: 'SnapshotId', rule: expect.stringContaining('never copies a whole region') }]);
  });

  it("lets an HTTP caller's own selection through", () => {
    expect(order({ DiskIds: ['d-bp1callerdisk00001'] }, 'http-caller').selection.DiskIds).toEqual(['d-bp1callerdisk00001']);
  });
});

describe('AllowEmpty', () => {
  it('is false unless asked for', () => {
    expect(order({ InstanceIds: ['i-bp1fleetinstance01'] }, 'operator').AllowEmpty).toBe(false);
    expect(order({}, 'operator').AllowEmpty).toBe(false);
  });

  it('is carried from the request, or from SELECTION when the request leaves the selection to it', () => {
    const fromSelection = { ...DEFAULTS, Selection: { ...DEFAULTS.Selection, AllowEmpty: true } };

    expect(order({ InstanceIds: ['i-bp1fleetinstance01'], AllowEmpty: true }, 'http-caller').AllowEmpty).toBe(true);
    expect(order({}, 'operator', fromSelection).AllowEmpty).toBe(true);
    expect(order({ AllowEmpty: false }, 'operator', fromSelection).AllowEmpty).toBe(false);
    expect(order({ AllowEmpty: true }, 'operator').AllowEmpty).toBe(true);
  });

  it('does not take a request selection from SELECTION, whose own AllowEmpty then does not apply', () => {
    const fromSelection = { ...DEFAULTS, Selection: { ...DEFAULTS.Selection, AllowEmpty: true } };

    expect(order({ DiskIds: ['d-bp1callerdisk00001'] }, 'operator', fromSelection).AllowEmpty).toBe(false);
  });

  it('must be true or false', () => {
    expect(issuesOf(() => order({ SnapshotId, AllowEmpty: 'yes' }, 'operator'))).toEqual([
      { field: 'AllowEmpty', rule: 'must be true or false' },
    ]);
  });
});

describe("a caller's ClientToken", () => {
  const derived = deriveClientToken(['', '0'], { RegionId: 'cn-hangzhou', SnapshotId, DestinationRegionId: 'us-east-1' });

  it.each([
    ['the token the function derives for a copy', derived],
    ['any token in the derived namespace', 'sc-anything'],
  ])('is refused when it is %s, naming ClientToken, from every requester', (_, ClientToken) => {
    for (const requester of ['http-caller', 'operator'] as const) {
      expect(issuesOf(() => order({ SnapshotId: 's-bp1anothersnapshot01', ClientToken }, requester))).toEqual([
        {
          field: 'ClientToken',
          rule: expect.stringMatching(/^must not start with "sc-": tokens starting so are the ones the function derives/),
        },
      ]);
    }
  });

  it('is taken as sent otherwise, including tokens that only look alike', () => {
    for (const ClientToken of ['release-2026-11-27-db', 'SC-upper-case', 'xsc-inside', 'sc']) {
      expect(order({ SnapshotId, ClientToken }, 'http-caller').ClientToken).toBe(ClientToken);
    }
  });

  it('never coincides with a derived token, which always starts with the reserved prefix', () => {
    expect(derived).toMatch(/^sc-[\w-]{43}$/);
  });
});

describe('the lock of the copies', () => {
  const LOCKED: OrderDefaults = { ...DEFAULTS, LockDays: 30, LockCoolOffHours: 12 };

  it("is the request's for the operator, else LOCK_DAYS and LOCK_COOL_OFF_HOURS, and none when neither is set", () => {
    expect(order({ SnapshotId }, 'operator').Lock).toBeUndefined();
    expect(order({ SnapshotId }, 'operator', LOCKED).Lock).toEqual({ LockDays: 30, LockCoolOffHours: 12 });
    expect(order({ SnapshotId, LockDays: 7, LockCoolOffHours: 0 }, 'operator').Lock).toEqual({ LockDays: 7, LockCoolOffHours: 0 });
    expect(order({ SnapshotId, LockDays: 7 }, 'operator', LOCKED).Lock).toEqual({ LockDays: 7, LockCoolOffHours: 12 });
  });

  it("is the operator's for an HTTP caller, whatever the request says (the caller checks refuse the fields)", () => {
    expect(order({ SnapshotId, LockDays: 1, LockCoolOffHours: 72 }, 'http-caller', LOCKED).Lock).toEqual({
      LockDays: 30,
      LockCoolOffHours: 12,
    });
    expect(order({ SnapshotId, LockDays: 1 }, 'http-caller').Lock).toBeUndefined();
  });

  it('must end before ECS releases the copy: RetentionDays at least LockDays + 2, both fields named, before any call', () => {
    expect(order({ SnapshotId, LockDays: 7, RetentionDays: 9 }, 'operator').Lock).toEqual({ LockDays: 7, LockCoolOffHours: 24 });
    const rule = (least: number) => `RetentionDays must be at least LockDays + 2 (${least}): a lock ends before ECS releases the copy`;
    expect(issuesOf(() => order({ SnapshotId, LockDays: 7, RetentionDays: 8 }, 'operator'))).toEqual([
      { field: 'RetentionDays', rule: rule(9) },
      { field: 'LockDays', rule: rule(9) },
    ]);
    expect(issuesOf(() => order({ SnapshotId, RetentionDays: 31 }, 'http-caller', LOCKED))).toEqual([
      { field: 'RetentionDays', rule: rule(32) },
      { field: 'LockDays', rule: rule(32) },
    ]);
    expect(order({ SnapshotId, RetentionDays: 3 }, 'operator').Lock).toBeUndefined();
  });

  it('has a cool-off only with a lock, and both fields are whole numbers in their ranges', () => {
    expect(issuesOf(() => order({ SnapshotId, LockCoolOffHours: 1 }, 'operator'))).toEqual([
      { field: 'LockCoolOffHours', rule: 'needs LockDays' },
    ]);
    expect(issuesOf(() => parseCopyRequest({ SnapshotId, LockDays: 3651, LockCoolOffHours: 73 }))).toEqual([
      { field: 'LockDays', rule: 'must be a whole number of days from 1 to 3650' },
      { field: 'LockCoolOffHours', rule: 'must be a whole number of hours from 0 to 72' },
    ]);
  });
});
