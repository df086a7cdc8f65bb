import { provenanceTags } from '../../lib/request/provenance';
import { type Invocation, renderCopiesInRegions, renderInvocation, storyWidth, WIDTH } from '../../tools/story';
import { table, wrap } from '../../tools/text-table';

const TIMER = Buffer.from(
  JSON.stringify({ triggerTime: '2026-11-27T19:00:00Z', triggerName: 'daily-copy', payload: '{"SnapshotId":"s-bp1demo7snapshot0001"}' }),
);
const base = { time: '2026-12-01T10:00:00.000Z', fcRequestId: 'f-1', trigger: 'timer', triggerName: 'daily-copy' };
const line = (fields: Record<string, unknown>) => JSON.stringify({ ...base, ...fields });

/** The longest real values: a 64-character SnapshotId (ECS allows it), the longest region ID, long messages. */
const LONG_ID = `s-${'x'.repeat(62)}`;
const LONG_REGION = 'cn-shanghai-finance-1';
const failed = (Code: string, Advice: string) =>
  line({
    level: 'error',
    message: 'copy-failed',
    SourceSnapshotId: LONG_ID,
    DestinationRegionId: LONG_REGION,
    Outcome: 'failed',
    Code,
    Class: 'forbidden',
    Message: `ECS refused the copy: ${'a very long explanation '.repeat(8)}`,
    Advice,
  });

function invocation(logLines: string[], outcome: Invocation['outcome'] = { kind: 'resolved', value: { Summary: {} } }): Invocation {
  return { title: '1. The timer trigger fires (events/timer.json)', event: TIMER, logLines, outcome };
}

describe('npm start: the story of an invocation', () => {
  it.each([80, 100])('keeps every line within %i columns, whatever the length of IDs, regions, messages and advice', (width) => {
    const lines = renderInvocation(
      invocation(
        [
          failed('InvalidAccountStatus.NotEnoughBalance', 'Top up the account: ECS refuses copies while it is in arrears. '.repeat(3)),
          line({
            level: 'info',
            message: 'copy-started',
            SourceSnapshotId: LONG_ID,
            DestinationRegionId: LONG_REGION,
            SnapshotId: LONG_ID,
          }),
          line({
            level: 'error',
            message: 'rpo-status',
            DiskId: `d-${'y'.repeat(62)}`,
            DestinationRegionId: LONG_REGION,
            NewestCopySnapshotId: LONG_ID,
            DataAgeHours: 1234.5,
            WithinRpo: false,
            Progressing: [LONG_ID, LONG_ID],
            Failed: [LONG_ID],
            RpoHours: 36,
          }),
          line({
            level: 'error',
            message: 'run-summary',
            Copied: 1,
            Failed: 1,
            'Failed.forbidden': 1,
            ApiCalls: 12345,
            DurationMs: 901234,
          }),
          line({ level: 'info', message: `a-message-nobody-knows-${'z'.repeat(120)}` }),
        ],
        { kind: 'rejected', message: `CopyRunFailed: ${'1 of 2 copies failed (InvalidAccountStatus.NotEnoughBalance ×1); '.repeat(5)}` },
      ),
      width,
    );

    expect(lines.filter((text) => text.length > width)).toEqual([]);
    expect(lines.length).toBeGreaterThan(8);
  });

  it('shows a failed copy with its code, class, message and advice', () => {
    const text = renderInvocation(invocation([failed('QuotaExceed.Snapshot', 'Delete old copies or ask for a higher quota.')])).join('\n');

    expect(text).toMatch(/^ {2}failed {4}s-x+… +cn-shanghai-finance-1 +QuotaExceed\.Snapshot \(forbidden\)$/m);
    expect(text).toContain('ECS refused the copy: a very long explanation');
    expect(text).toMatch(/advice: Delete old copies or ask for a higher quota\./);
  });

  it('says what was asked and what was answered, one line each when they are short', () => {
    const lines = renderInvocation(
      invocation([], {
        kind: 'resolved',
        value: { Outcome: 'copied', SourceSnapshotId: 's-a1', DestinationRegionId: 'us-east-1', SnapshotId: 's-b2' },
      }),
    );

    expect(lines).toContain('  asked     timer daily-copy: {"SnapshotId":"s-bp1demo7snapshot0001"}');
    expect(lines).toContain('  answer    resolved: copy of s-a1 to us-east-1 started: s-b2');
  });

  it('names each copy by what became of it: started, found, waiting, left, retried', () => {
    const copy = (message: string, fields: Record<string, unknown> = {}) =>
      line({ level: 'info', message, SourceSnapshotId: 's-src', DestinationRegionId: 'us-east-1', ...fields });
    const text = renderInvocation(
      invocation([
        copy('copy-attempt-failed', { Action: 'CopySnapshot', Code: 'Throttling.User', Class: 'throttled', Attempt: 1, RetryInMs: 850 }),
        copy('copy-started', { SnapshotId: 's-new', RetentionDays: 30 }),
        copy('copy-already-present', { SnapshotId: 's-old' }),
        copy('copy-not-ready', { Message: 'the source snapshot is still being created' }),
        copy('copy-left', { Message: 'MAX_COPIES_IN_FLIGHT reached' }),
      ]),
    ).join('\n');

    expect(text).toMatch(/^ {2}retry +CopySnapshot attempt 1 +Throttling\.User \(throttled\), again in 850 ms$/m);
    expect(text).toMatch(/^ {2}started +s-src +us-east-1 +s-new · RetentionDays 30$/m);
    expect(text).toMatch(/^ {2}found +s-src +us-east-1 +s-old$/m);
    expect(text).toMatch(/^ {2}waiting +s-src +us-east-1 +the source snapshot is still being created$/m);
    expect(text).toMatch(/^ {2}left +s-src +us-east-1 +MAX_COPIES_IN_FLIGHT reached$/m);
  });

  it('shows the RPO state of each disk and destination', () => {
    const rpo = (DiskId: string, WithinRpo: boolean, DataAgeHours: number | null, Progressing: string[] = []) =>
      line({
        level: 'info',
        message: 'rpo-status',
        DiskId,
        DestinationRegionId: 'eu-central-1',
        WithinRpo,
        DataAgeHours,
        Progressing,
        Failed: [],
        RpoHours: 36,
      });
    const text = renderInvocation(invocation([rpo('d-within', true, 2.04), rpo('d-outside', false, null, ['s-running'])])).join('\n');

    expect(text).toMatch(/^ {2}RPO 36 h {2}data age/m);
    expect(text).toMatch(/^ {2}within +2\.0 h +d-within +eu-central-1/m);
    expect(text).toMatch(/^ {2}OUTSIDE +no copy +d-outside +eu-central-1 +- +1 running$/m);
  });

  it('counts log lines it does not know on one "other" line instead of dropping them', () => {
    const text = renderInvocation(
      invocation([
        line({ level: 'info', message: 'copy-mirrored' }),
        line({ level: 'info', message: 'copy-mirrored' }),
        line({ level: 'info', message: 'copy-archived' }),
        'a line that is not JSON',
      ]),
    ).join('\n');

    expect(text).toMatch(/^ {2}other {5}copy-mirrored ×2, copy-archived, \(not JSON\)/m);
  });

  it('sums up the run in words, keeping fields it does not know', () => {
    const summary = {
      Copied: 2,
      AlreadyPresent: 1,
      NotReady: 0,
      Failed: 1,
      'Failed.throttled': 1,
      ApiCalls: 1,
      Pruned: 3,
      DurationMs: 40,
      Extra: 'kept',
    };

    const lines = renderInvocation(invocation([line({ level: 'error', message: 'run-summary', ...summary })]));

    expect(lines.join('\n')).toContain(
      '  summary   2 started · 1 found · 1 failed (throttled 1) · 3 copies deleted by KeepCopies · 1 ECS\n            call · Extra kept · 40 ms',
    );
  });

  it('lists the copies in each destination with their source, state, RetentionDays, own tags and provenance tags', () => {
    const lines = renderCopiesInRegions([
      {
        RegionId: 'us-east-1',
        SnapshotId: 's-copy',
        SourceSnapshotId: 's-src',
        Status: 'progressing',
        Progress: '40%',
        RetentionDays: 30,
        // The provenance tags as the function writes them on its copies (their keys are pinned in copy-plan.test.ts).
        Tags: [
          { Key: 'purpose', Value: 'disaster-recovery' },
          ...provenanceTags({
            SourceSnapshotId: 's-src',
            SourceRegionId: 'cn-hangzhou',
            SourceDiskId: 'd-disk',
            SourceCreationTime: Date.parse('2026-11-26T19:00:00.000Z'),
          }),
        ],
      },
    ]);

    expect(lines).toEqual([
      '  in us-east-1  of source  state  kept',
      '  s-copy        s-src      40%    30 d',
      '                tags: purpose=disaster-recovery',
      '                provenance tags: s-src of d-disk in cn-hangzhou, taken 2026-11-26 19:00 UTC',
    ]);
  });
});

describe('npm start: the story of a restore drill and of KeepCopies', () => {
  const DRILL = Buffer.from(JSON.stringify({ triggerTime: '2026-11-29T03:00:00Z', triggerName: 'weekly-restore-drill', payload: '{}' }));
  const drill = (logLines: string[], outcome: Invocation['outcome'] = { kind: 'resolved', value: { Summary: {}, Drills: [] } }) =>
    renderInvocation({ title: '11. A restore drill', event: DRILL, logLines, outcome });
  const restored = (fields: Record<string, unknown> = {}) =>
    line({
      level: 'info',
      message: 'restore-drill',
      Outcome: 'restored',
      SourceDiskId: 'd-bp1demo7data0000002',
      DestinationRegionId: 'us-east-1',
      CopySnapshotId: 's-copy1',
      DataAgeHours: 2.04,
      SizeGiB: 200,
      DiskCategory: 'cloud_efficiency',
      ZoneId: 'us-east-1a',
      RestoreSeconds: 47,
      DrillDiskState: 'gone',
      ...fields,
    });
  /** An earlier run's drill disk, deleted now or in use and left, in us-east-1 unless `fields` say otherwise. */
  const leftover = (message: 'drill-disk-deleted' | 'drill-disk-in-use', DiskId: string, fields: Record<string, unknown> = {}) =>
    line({ level: message === 'drill-disk-in-use' ? 'error' : 'info', message, DiskId, DestinationRegionId: 'us-east-1', ...fields });
  const pruned = (message: string, fields: Record<string, unknown> = {}) =>
    line({
      level: message === 'copy-prune-failed' ? 'error' : 'info',
      message,
      SnapshotId: 's-old1',
      DestinationRegionId: 'us-east-1',
      SourceDiskId: 'd-bp1demo7data0000002',
      DataCreationTime: '2026-11-26T19:00:00.000Z',
      KeepCopies: 1,
      ...fields,
    });

  it('keeps every line within 100 columns, whatever the length of IDs, regions, messages and advice', () => {
    const long = {
      SourceDiskId: `d-${'y'.repeat(62)}`,
      DestinationRegionId: LONG_REGION,
      CopySnapshotId: LONG_ID,
      ZoneId: `${LONG_REGION}a`,
    };
    const lines = [
      ...drill(
        [
          restored({ ...long, SizeGiB: 65536, DiskCategory: 'cloud_essd_entry', RestoreSeconds: 123456 }),
          restored({
            ...long,
            Outcome: 'failed',
            Code: 'DrillTimeout',
            Class: 'not-ready',
            Message: 'long '.repeat(40),
            Advice: 'x '.repeat(80),
          }),
          restored({ ...long, Outcome: 'skipped', Reason: 'the copy is of a 65536 GiB disk, over MaxDrillDiskGiB (2048) '.repeat(3) }),
          leftover('drill-disk-in-use', `d-${'z'.repeat(62)}`, { DestinationRegionId: LONG_REGION, Advice: 'y '.repeat(80) }),
          leftover('drill-disk-deleted', `d-${'z'.repeat(62)}`, {
            DestinationRegionId: LONG_REGION,
            DrillRunId: 'drill-20261120T190000Z',
            DrillDiskState: 'gone',
          }),
          line({
            level: 'error',
            message: 'drill-summary',
            RunId: 'drill-20261129T030000Z',
            Restored: 1000,
            Failed: 1000,
            Skipped: 1000,
            MaxRestoreSeconds: 123456,
            LeftoversDeleted: 1000,
            LeftoversNotDeleted: 1000,
            ApiCalls: 123456,
            DurationMs: 901234,
          }),
        ],
        { kind: 'rejected', message: `RestoreDrillFailed: ${'1 of 2 drills failed (DrillTimeout); '.repeat(5)}` },
      ),
      ...renderInvocation(
        invocation([
          pruned('copy-pruned', { SnapshotId: LONG_ID, DestinationRegionId: LONG_REGION }),
          pruned('copy-prune-kept', {
            SnapshotId: LONG_ID,
            DestinationRegionId: LONG_REGION,
            Reason: 'disks were created from it: '.repeat(6),
          }),
          pruned('copy-prune-failed', {
            SnapshotId: LONG_ID,
            Code: 'Forbidden.RAM',
            Class: 'forbidden',
            Message: 'no '.repeat(50),
            Advice: 'z '.repeat(80),
          }),
          line({
            level: 'error',
            message: 'run-summary',
            Pruned: 1000,
            PrunePlanned: 1000,
            PruneKept: 1000,
            PruneFailed: 1000,
            ApiCalls: 12345,
          }),
        ]),
      ),
    ];

    expect(lines.filter((text) => text.length > WIDTH)).toEqual([]);
    expect(lines.join('\n')).not.toMatch(/^ {2}other/m);
  });

  it('shows each drilled disk with its time to restore, the disk made and the copy, and the summary in words', () => {
    const text = drill([
      restored(),
      line({
        level: 'info',
        message: 'drill-summary',
        RunId: 'drill-20261129T030000Z',
        Restored: 1,
        Failed: 0,
        MaxRestoreSeconds: 47,
        ApiCalls: 14,
      }),
    ]).join('\n');

    expect(text).toMatch(/^ {2}answer +resolved: the drill's report \(its summary below\)$/m);
    expect(text).toMatch(/^ {2}restored {2}d-bp1demo7data0000002 +us-east-1 +Available in 47 s · 200 GiB cloud_efficiency$/m);
    expect(text).toMatch(/^ {12}in us-east-1a · copy s-copy1, data 2\.0 h old · drill disk deleted$/m);
    expect(text).toMatch(/^ {2}summary +drill drill-20261129T030000Z: 1 restored · slowest restore 47 s · 14 ECS calls$/m);
  });

  it('shows a failed drill with its code, class, message and advice, a skipped one with why, and the leftovers', () => {
    const text = drill([
      leftover('drill-disk-deleted', 'd-leftover1', { DrillRunId: 'drill-20261122T030000Z', DrillDiskState: 'gone' }),
      leftover('drill-disk-in-use', 'd-attached1', { Advice: 'Detach it.' }),
      restored({ Outcome: 'failed', Code: 'DrillTimeout', Class: 'not-ready', Message: 'not Available within 1 min', Advice: 'Raise it.' }),
      restored({ Outcome: 'skipped', SourceDiskId: 'd-big1', Reason: 'the copy is of a 4096 GiB disk, over MaxDrillDiskGiB (2048)' }),
    ]).join('\n');

    expect(text).toMatch(/^ {2}leftover {2}d-leftover1 +us-east-1 +deleted · left by drill-20261122T030000Z$/m);
    expect(text).toMatch(/^ {2}leftover {2}d-attached1 +us-east-1 +attached to an instance: NOT deleted$/m);
    expect(text).toMatch(/^ {2}failed +d-bp1demo7data0000002 +us-east-1 +DrillTimeout \(not-ready\)$/m);
    expect(text).toContain('not Available within 1 min');
    expect(text).toMatch(/advice: Raise it\./);
    expect(text).toMatch(/^ {2}skipped +d-big1 +us-east-1 +the copy is of a 4096 GiB disk, over MaxDrillDiskGiB/m);
  });

  it('shows the copies KeepCopies deleted, would delete or kept, and a failed deletion with its code', () => {
    const text = renderInvocation(
      invocation([
        pruned('copy-pruned'),
        pruned('copy-prune-planned', { SnapshotId: 's-old2' }),
        pruned('copy-prune-kept', { SnapshotId: 's-old3', Reason: 'disks were created from it: d-restored1' }),
        pruned('copy-prune-failed', { SnapshotId: 's-old4', Code: 'Forbidden.RAM', Class: 'forbidden', Advice: 'Grant it.' }),
      ]),
    ).join('\n');

    expect(text).toMatch(/^ {2}pruning {3}copy +in +copy of data taken, or why kept$/m);
    expect(text).toMatch(/^ {2}deleted {3}s-old1 +us-east-1 +data of 2026-11-26 19:00 UTC \(KeepCopies 1\)$/m);
    expect(text).toMatch(/^ {2}planned {3}s-old2 +us-east-1 +data of 2026-11-26 19:00 UTC \(KeepCopies 1\)$/m);
    expect(text).toMatch(/^ {2}kept {6}s-old3 +us-east-1 +disks were created from it: d-restored1$/m);
    expect(text).toMatch(/^ {2}failed {4}s-old4 +us-east-1 +Forbidden\.RAM \(forbidden\)$/m);
    expect(text).toMatch(/advice: Grant it\./);
  });
});

describe('npm start: the width it lays the story out for', () => {
  it("takes the terminal's width, else COLUMNS, else 100, within 60 to 120 columns", () => {
    expect(storyWidth({ isTTY: true, columns: 80 }, { COLUMNS: '132' })).toBe(80);
    expect(storyWidth({ isTTY: false }, { COLUMNS: '80' })).toBe(80);
    expect(storyWidth({ isTTY: false }, {})).toBe(100);
    expect(storyWidth({ isTTY: false }, { COLUMNS: 'wide' })).toBe(100);
    expect(storyWidth({ isTTY: true, columns: 20 }, {})).toBe(60);
    expect(storyWidth({ isTTY: true, columns: 300 }, {})).toBe(120);
  });

  it.each([80, 100])('keeps the RPO table within %i columns and every ID whole', (width) => {
    const lines = renderInvocation(
      invocation([
        line({
          level: 'error',
          message: 'rpo-status',
          DiskId: 'd-bp1demo7system00001',
          DestinationRegionId: 'eu-central-1',
          NewestCopySnapshotId: 's-59xl2ibfclcta78y4r23',
          DataAgeHours: 50,
          WithinRpo: false,
          Progressing: ['s-txx49tgnziqoa0hkwvzm'],
          Failed: [],
          RpoHours: 36,
        }),
      ]),
      width,
    );

    expect(lines.filter((text) => text.length > width)).toEqual([]);
    expect(lines.join('\n')).toMatch(/OUTSIDE +50\.0 h +d-bp1demo7system00001 +eu-central-1/);
    expect(lines.join('\n')).toContain('s-59xl2ibfclcta78y4r23');
    expect(lines.join('\n')).toContain('1 running');
  });
});

describe('text layout', () => {
  it('wraps at spaces, breaks a word longer than the line, and never exceeds the width', () => {
    expect(wrap('one two three', 7)).toEqual(['one two', 'three']);
    expect(wrap('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
  });

  it('shortens cells to their column and wraps only the last one', () => {
    const lines = table(
      [
        { header: 'a', max: 3 },
        { header: 'b', max: 0 },
      ],
      [{ cells: ['abcdef', 'one two three'], notes: ['a note'] }],
      { indent: 0, width: 17 },
    );

    expect(lines).toEqual(['a    b', 'ab…  one two', '     three', '     a note']);
  });
});
