import { createLogger, type LogFields } from '../../lib/fc/log';
import { LogLineError } from '../../tools/status/log-lines';
import { buildStatusReport, healthy, percentOf, type StatusInput, withCopiesLookedUp } from '../../tools/status/status-report';

/** Log lines written the way the function writes them (lib/fc/log.ts). */
function functionLog(entries: Array<['info' | 'warn' | 'error', string, LogFields]>): string[] {
  const lines: string[] = [];
  const log = createLogger((line) => lines.push(line)).child({ fcRequestId: 'status-1', trigger: 'direct' });
  for (const [level, message, fields] of entries) log[level](message, fields);
  return lines;
}

const rpo = (fields: LogFields): ['info' | 'error', string, LogFields] => [
  fields.WithinRpo ? 'info' : 'error',
  'rpo-status',
  {
    NewestCopySnapshotId: null,
    DataCreationTime: null,
    DataAgeHours: null,
    WithinRpo: false,
    Progressing: [],
    Failed: [],
    RpoHours: 36,
    ...fields,
  },
];

function input(lines: string[], overrides: Partial<StatusInput> = {}): StatusInput {
  return {
    lines,
    answer: undefined,
    rejection: undefined,
    RpoHours: 24,
    SourceRegionId: 'cn-hangzhou',
    DestinationRegionIds: ['us-east-1'],
    request: { Source: 'test', Body: {} },
    now: Date.parse('2026-12-01T10:00:00Z'),
    ...overrides,
  };
}

describe('the status built from the function log lines', () => {
  it('keeps the locked data of each cell (LOCK_DAYS), counts a failed lock with the failures, and a planned lock in the next run', () => {
    const lines = functionLog([
      rpo({
        DiskId: 'd-aaaa',
        DestinationRegionId: 'us-east-1',
        NewestCopySnapshotId: 's-copy1',
        DataAgeHours: 5,
        WithinRpo: true,
        ProtectedCopySnapshotId: 's-copy1',
        ProtectedDataCreationTime: '2026-12-01T05:00:00.000Z',
        ProtectedDataAgeHours: 5,
      }),
      rpo({
        DiskId: 'd-bbbb',
        DestinationRegionId: 'us-east-1',
        NewestCopySnapshotId: 's-copy2',
        DataAgeHours: 2,
        ProtectedCopySnapshotId: null,
        ProtectedDataCreationTime: null,
        ProtectedDataAgeHours: null,
      }),
      [
        'info',
        'copy-lock-planned',
        {
          Outcome: 'planned',
          SnapshotId: 's-copy2',
          DestinationRegionId: 'us-east-1',
          SourceSnapshotId: 's-src2',
          SourceDiskId: 'd-bbbb',
          LockDays: 7,
          LockCoolOffHours: 24,
        },
      ],
      [
        'warn',
        'copy-lock-skipped',
        {
          Outcome: 'skipped',
          SnapshotId: 's-old',
          DestinationRegionId: 'us-east-1',
          SourceSnapshotId: 's-src0',
          SourceDiskId: 'd-bbbb',
          Reason: 'retention',
        },
      ],
      [
        'error',
        'copy-locks-stopped',
        {
          DestinationRegionId: 'eu-central-1',
          Code: 'Forbidden.RAM',
          Class: 'forbidden',
          Message: 'no',
          Advice: 'grant it ecs:DescribeLockedSnapshots',
        },
      ],
      ['info', 'run-summary', { Planned: 0, NotReady: 0, Left: 0, LockPlanned: 1 }],
    ]);

    const report = buildStatusReport(input(lines));

    expect(report.Cells.map((cell) => [cell.DiskId, cell.State, cell.Protected])).toEqual([
      ['d-aaaa', 'within', { CopySnapshotId: 's-copy1', DataAgeHours: 5, DataCreationTime: '2026-12-01T05:00:00.000Z' }],
      ['d-bbbb', 'outside', { CopySnapshotId: null, DataAgeHours: null, DataCreationTime: null }],
    ]);
    expect(report.Failures).toEqual([
      expect.objectContaining({
        DestinationRegionId: 'eu-central-1',
        Code: 'Forbidden.RAM',
        Advice: expect.stringContaining('DescribeLockedSnapshots'),
      }),
    ]);
    expect(report.NextRun).toEqual({ Planned: 0, NotReady: 0, Left: 0, LockPlanned: 1 });
    expect(healthy(report)).toBe(false);
  });

  it('has no locked data in a cell when the function reports no locks', () => {
    const report = buildStatusReport(
      input(functionLog([rpo({ DiskId: 'd-aaaa', DestinationRegionId: 'us-east-1', DataAgeHours: 5, WithinRpo: true })])),
    );

    expect(report.Cells[0]).not.toHaveProperty('Protected');
  });

  it('sorts each disk and destination into within RPO, outside RPO or no copy', () => {
    const lines = functionLog([
      rpo({ DiskId: 'd-aaaa', DestinationRegionId: 'us-east-1', NewestCopySnapshotId: 's-copy1', DataAgeHours: 5, WithinRpo: true }),
      rpo({ DiskId: 'd-bbbb', DestinationRegionId: 'us-east-1', NewestCopySnapshotId: 's-copy2', DataAgeHours: 50 }),
      rpo({ DiskId: 'd-cccc', DestinationRegionId: 'us-east-1' }),
    ]);

    const report = buildStatusReport(input(lines));

    expect(report.Cells.map((cell) => [cell.DiskId, cell.State, cell.DataAgeHours])).toEqual([
      ['d-aaaa', 'within', 5],
      ['d-bbbb', 'outside', 50],
      ['d-cccc', 'no-copy', null],
    ]);
    expect(report.Disks).toEqual(['d-aaaa', 'd-bbbb', 'd-cccc']);
    expect(report.RpoHours).toBe(36);
  });

  it('lists running copies and failed ones: copies ECS lists as failed, and copies the run could not plan, with code and advice', () => {
    const lines = functionLog([
      rpo({ DiskId: 'd-aaaa', DestinationRegionId: 'us-east-1', Progressing: ['s-running1'], Failed: ['s-failed1'] }),
      [
        'error',
        'copy-failed',
        {
          Outcome: 'failed',
          SourceSnapshotId: 's-source2',
          SourceDiskId: 'd-bbbb',
          RegionId: 'cn-hangzhou',
          DestinationRegionId: 'us-east-1',
          Code: 'SnapshotNotCopyable',
          Class: 'invalid-request',
          Message: 'archive snapshots cannot be copied',
          Advice: 'Fix the request',
        },
      ],
    ]);

    const report = buildStatusReport(input(lines));

    expect(report.Running).toEqual([
      {
        DiskId: 'd-aaaa',
        DestinationRegionId: 'us-east-1',
        SnapshotId: 's-running1',
        Progress: null,
        Percent: null,
        SourceSnapshotId: null,
      },
    ]);
    expect(report.Failures.map((failure) => [failure.Code, failure.DiskId, failure.SnapshotId ?? failure.SourceSnapshotId])).toEqual([
      ['SnapshotNotCopyable', 'd-bbbb', 's-source2'],
      [null, 'd-aaaa', 's-failed1'],
    ]);
    expect(report.Failures.every((failure) => failure.Advice.length > 0)).toBe(true);
  });

  it('fills in the progress DescribeSnapshots reports for each running copy, and the source of a failed one', () => {
    const lines = functionLog([
      rpo({ DiskId: 'd-aaaa', DestinationRegionId: 'us-east-1', Progressing: ['s-running1'], Failed: ['s-failed1'] }),
    ]);
    const snapshot = (SnapshotId: string, Status: 'progressing' | 'failed', Progress: string) => ({
      SnapshotId,
      RegionId: 'us-east-1',
      SourceDiskId: 'd-aaaa',
      Status,
      Progress,
      CreationTime: 0,
      SnapshotType: 'user',
      Category: 'standard',
      Encrypted: false,
      Tags: [
        { Key: 'snapshot-copy:source-snapshot-id', Value: `s-of-${SnapshotId}` },
        { Key: 'snapshot-copy:source-region-id', Value: 'cn-hangzhou' },
      ],
    });

    const report = withCopiesLookedUp(
      buildStatusReport(input(lines)),
      new Map([
        ['s-running1', snapshot('s-running1', 'progressing', '37%')],
        ['s-failed1', snapshot('s-failed1', 'failed', '0%')],
      ]),
    );

    expect(report.Running[0]).toMatchObject({ Progress: '37%', Percent: 37, SourceSnapshotId: 's-of-s-running1' });
    expect(report.Failures[0]?.SourceSnapshotId).toBe('s-of-s-failed1');
  });

  it('reads lines with fields it does not know, and skips messages it does not use', () => {
    const lines = functionLog([
      ['info', 'copy-planned', { Outcome: 'planned', SourceSnapshotId: 's-1', DestinationRegionId: 'us-east-1', SomethingNew: 'x' }],
      ['warn', 'copy-attempt-failed', { Action: 'DescribeSnapshots', Code: 'Throttling' }],
      rpo({ DiskId: 'd-aaaa', DestinationRegionId: 'us-east-1', DataAgeHours: 1, WithinRpo: true, SourceDiskType: 'cloud_essd' }),
      ['info', 'run-summary', { Planned: 1, NotReady: 2, Left: 0, Failed: 0, DryRun: true, Failed_transient: 0 }],
    ]);

    const report = buildStatusReport(input(lines));

    expect(report.Cells).toHaveLength(1);
    expect(report.NextRun).toEqual({ Planned: 1, NotReady: 2, Left: 0 });
  });

  it('refuses a line it needs but cannot read, naming the message and the field', () => {
    const lines = functionLog([['info', 'rpo-status', { DiskId: 'd-aaaa', DestinationRegionId: 'us-east-1', DataAgeHours: '5' }]]);

    expect(() => buildStatusReport(input(lines))).toThrow(LogLineError);
    expect(() => buildStatusReport(input(lines))).toThrow(/"rpo-status" line .*NewestCopySnapshotId/);
  });

  it('says the function does not report disks no longer selected when no line or answer mentions them', () => {
    const report = buildStatusReport(input(functionLog([rpo({ DiskId: 'd-aaaa', DestinationRegionId: 'us-east-1' })])));

    expect(report.NoLongerSelected).toBeNull();
  });

  it('lists disks no longer selected from their own line, a flag on the rpo line, or the answer', () => {
    const lines = functionLog([
      [
        'warn',
        'disk-no-longer-selected',
        { DiskId: 'd-gone1', DestinationRegionId: 'us-east-1', NewestCopySnapshotId: 's-c1', DataAgeHours: 70 },
      ],
      rpo({ DiskId: 'd-gone2', DestinationRegionId: 'us-east-1', NoLongerSelected: true, DataAgeHours: 90, NewestCopySnapshotId: 's-c2' }),
      rpo({ DiskId: 'd-kept', DestinationRegionId: 'us-east-1', NoLongerSelected: false, DataAgeHours: 1, WithinRpo: true }),
    ]);

    const report = buildStatusReport(input(lines, { answer: { NoLongerSelected: [{ DiskId: 'd-gone3', DataAgeHours: null }] } }));

    expect(report.NoLongerSelected?.map((disk) => [disk.DiskId, disk.DataAgeHours])).toEqual([
      ['d-gone1', 70],
      ['d-gone2', 90],
      ['d-gone3', null],
    ]);
    expect(report.Disks).toEqual(['d-kept']);
  });

  it('reports the failure of the dry run itself, with its advice', () => {
    const lines = functionLog([
      [
        'error',
        'copy-failed',
        { Code: 'Forbidden.RAM', Class: 'forbidden', Message: 'not allowed', Advice: 'Grant ecs:DescribeSnapshots' },
      ],
    ]);

    const report = buildStatusReport(input(lines, { rejection: 'Forbidden.RAM (forbidden): not allowed' }));

    expect(report.RunFailure).toMatchObject({ Code: 'Forbidden.RAM', Advice: 'Grant ecs:DescribeSnapshots' });
    expect(healthy(report)).toBe(false);
  });

  it('is healthy only when some disk is protected, every cell is within RPO and nothing failed', () => {
    const within = functionLog([rpo({ DiskId: 'd-aaaa', DestinationRegionId: 'us-east-1', DataAgeHours: 1, WithinRpo: true })]);
    const outside = functionLog([rpo({ DiskId: 'd-aaaa', DestinationRegionId: 'us-east-1', DataAgeHours: 99 })]);

    expect(healthy(buildStatusReport(input(within)))).toBe(true);
    expect(healthy(buildStatusReport(input(outside)))).toBe(false);
    expect(healthy(buildStatusReport(input([])))).toBe(false);
  });

  it('reads Progress as ECS writes it, with or without the percent sign, and nothing else', () => {
    expect(['37%', '100', '12.5%', 'abc', '140%', ''].map(percentOf)).toEqual([37, 100, 12.5, null, null, null]);
  });
});
