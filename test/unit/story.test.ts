import { type Invocation, renderCopiesInRegions, renderInvocation, WIDTH } from '../../tools/story';
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
  it('keeps every line within 100 columns, whatever the length of IDs, regions, messages and advice', () => {
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
    );

    expect(lines.filter((text) => text.length > WIDTH)).toEqual([]);
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
        line({ level: 'info', message: 'restore-drill' }),
        line({ level: 'info', message: 'restore-drill' }),
        line({ level: 'info', message: 'copy-pruned' }),
        'a line that is not JSON',
      ]),
    ).join('\n');

    expect(text).toMatch(/^ {2}other {5}restore-drill ×2, copy-pruned, \(not JSON\)/m);
  });

  it('sums up the run in words, keeping fields it does not know', () => {
    const summary = { Copied: 2, AlreadyPresent: 1, NotReady: 0, Failed: 1, 'Failed.throttled': 1, ApiCalls: 1, Pruned: 3, DurationMs: 40 };

    const lines = renderInvocation(invocation([line({ level: 'error', message: 'run-summary', ...summary })]));

    expect(lines).toContain('  summary   2 started · 1 found · 1 failed (throttled 1) · 1 ECS call · Pruned 3 · 40 ms');
  });

  it('lists the copies in each destination with their source, state, RetentionDays and own tags', () => {
    const lines = renderCopiesInRegions([
      {
        RegionId: 'us-east-1',
        SnapshotId: 's-copy',
        SourceSnapshotId: 's-src',
        Status: 'progressing',
        Progress: '40%',
        RetentionDays: 30,
        Tags: [
          { Key: 'purpose', Value: 'disaster-recovery' },
          { Key: 'snapshot-copy:source-snapshot-id', Value: 's-src' },
        ],
      },
    ]);

    expect(lines).toEqual([
      '  in us-east-1  of source  state  kept  tags (and the provenance tags)',
      '  s-copy        s-src      40%    30 d  purpose=disaster-recovery',
    ]);
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
