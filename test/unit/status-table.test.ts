import { MAX_COLUMNS, renderTerminal, shorten, wrap } from '../../tools/status/terminal-table';
import { sampleStatus } from '../support/status-fixtures';

const LONG_DISK = `d-${'a'.repeat(62)}`;
const LONG_REGION = 'cn-shanghai-finance-1';

describe('the status table for a terminal', () => {
  it('fits 100 columns, even with the longest IDs, regions and messages', () => {
    const report = sampleStatus();
    const long = {
      ...report,
      DestinationRegionIds: [LONG_REGION],
      Disks: [LONG_DISK],
      Cells: report.Cells.map((cell) => ({
        ...cell,
        DiskId: LONG_DISK,
        DestinationRegionId: LONG_REGION,
        NewestCopySnapshotId: `s-${'b'.repeat(62)}`,
      })),
      Running: report.Running.map((copy) => ({
        ...copy,
        DiskId: LONG_DISK,
        DestinationRegionId: LONG_REGION,
        SnapshotId: `s-${'c'.repeat(62)}`,
      })),
      Failures: report.Failures.map((failure) => ({
        ...failure,
        DiskId: LONG_DISK,
        Message: 'word '.repeat(60),
        Advice: `${'x'.repeat(150)} end`,
      })),
      NoLongerSelected: [
        { DiskId: LONG_DISK, DestinationRegionId: LONG_REGION, NewestCopySnapshotId: `s-${'d'.repeat(62)}`, DataAgeHours: 1 },
      ],
    };

    const lines = renderTerminal(long, { colour: false }).split('\n');

    expect(lines.filter((line) => line.length > MAX_COLUMNS)).toEqual([]);
    expect(lines.some((line) => line.includes('…'))).toBe(true);
  });

  it('shows each disk once, each destination with its state, data age, newest copy and what is going on', () => {
    const text = renderTerminal(sampleStatus(), { colour: false });

    expect(text).toMatch(/d-within00001\s+us-east-1\s+within\s+5\.0 h\s+s-copy0001/);
    expect(text).toMatch(/\n\s+eu-central-1\s+within\s+12\.0 h\s+s-copy0002/);
    expect(text).toMatch(/d-outside0002\s+us-east-1\s+OUTSIDE\s+50\.0 h\s+s-copy0003\s+copying 40%/);
    expect(text).toMatch(/eu-central-1\s+NO COPY\s+-\s+-\s+1 failed/);
    expect(text).toContain('[########------------] 40%');
    expect(text).toContain('What to do: The next run makes it again.');
    expect(text).toContain('not yet reported by this version of the function');
    expect(text).toContain('RPO 36 h');
  });

  it('colours the RPO state only when asked, without moving the columns', () => {
    const plain = renderTerminal(sampleStatus(), { colour: false });
    const coloured = renderTerminal(sampleStatus(), { colour: true });

    expect(plain).not.toContain('\x1b[');
    expect(coloured).toContain('\x1b[31mOUTSIDE\x1b[0m');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the escape sequences are what is removed
    expect(coloured.replace(/\x1b\[\d+m/g, '')).toBe(plain);
  });

  it('shortens IDs in the middle and wraps text at word boundaries', () => {
    expect(shorten('s-abcdefghij', 7)).toBe('s-a…hij');
    expect(wrap('one two three four', 12, '  ')).toEqual(['  one two', '  three four']);
  });
});
