// Tag values, messages and IDs come from ECS, and anyone who may tag a snapshot in the account chooses tag values:
// what the tools print must never carry a control character to the operator's terminal (an escape sequence can
// recolour, hide or rewrite lines, set the window title or write the clipboard; a CR overwrites the line).
import { renderTerminal } from '../../tools/status/terminal-table';
import { renderCopiesInRegions, renderInvocation } from '../../tools/story';
import { printable, printableJson } from '../../tools/text-table';
import { sampleStatus } from '../support/status-fixtures';

/** A tag value that clears the screen, sets the window title, rings, overwrites the line and reverses the text. */
const HOSTILE = 'ok\x1b[2J\x1b]0;pwned\x07\rFAKE: all copies within RPO\u202eevil\x9b31m\x7f';
/** Every character a terminal may act on. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what the test is for.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

// biome-ignore lint/suspicious/noControlCharactersInRegex: the table's own colours are what is removed.
const TABLE_COLOURS = /\x1b\[\d+m/g;

const controlsIn = (lines: readonly string[]) => lines.filter((line) => CONTROL.test(line));

describe('terminal output never carries a control character from ECS', () => {
  it('npm start shows a hostile tag value, a failure message and a log field as printable text', () => {
    const copies = renderCopiesInRegions([
      {
        RegionId: 'us-east-1',
        SnapshotId: 's-copy1',
        SourceSnapshotId: 's-src1',
        Status: 'accomplished',
        Progress: '100%',
        RetentionDays: 30,
        Tags: [
          { Key: 'owner', Value: HOSTILE },
          { Key: 'snapshot-copy:source-snapshot-id', Value: HOSTILE },
          { Key: 'snapshot-copy:source-region-id', Value: HOSTILE },
        ],
      },
    ]);
    const story = renderInvocation({
      title: '1. A hostile tag',
      event: Buffer.from(JSON.stringify({ triggerTime: '2026-12-01T10:00:00Z', triggerName: 'daily-copy', payload: HOSTILE })),
      logLines: [
        JSON.stringify({ level: 'error', message: 'copy-failed', SourceSnapshotId: HOSTILE, Code: 'X', Message: HOSTILE, Advice: HOSTILE }),
        JSON.stringify({ level: 'info', message: HOSTILE }),
      ],
      outcome: { kind: 'rejected', message: HOSTILE },
    });

    expect(controlsIn([...copies, ...story])).toEqual([]);
    expect(copies.join('\n')).toContain('owner=ok␛[2J␛]0;pwned␇ FAKE: all copies within RPO');
    expect(copies.join('\n')).toContain('provenance tags: ok␛[2J␛]0;pwned␇ FAKE:');
  });

  it('npm run status prints a hostile tag value (the source a failed copy names) and message as printable text', () => {
    const report = sampleStatus();
    const hostile = {
      ...report,
      Request: { Source: HOSTILE, Body: { Tag: [{ Key: 'app', Value: HOSTILE }] } },
      Failures: report.Failures.map((failure) => ({ ...failure, SourceSnapshotId: HOSTILE, Message: HOSTILE, Advice: HOSTILE })),
    };

    expect(controlsIn(renderTerminal(hostile, { colour: false }).split('\n'))).toEqual([]);
    // With colour, the only escape sequences are the table's own colours.
    const coloured = renderTerminal(hostile, { colour: true }).replaceAll(TABLE_COLOURS, '');
    expect(controlsIn(coloured.split('\n'))).toEqual([]);
  });

  it('keeps one character for one, so that columns still line up, and turns tabs and line breaks into spaces', () => {
    expect(printable('a\x1bb\x07c\td\ne\rf\u202eg')).toBe('a␛b␇c d e f\ufffdg');
    expect(printable(HOSTILE)).toHaveLength(HOSTILE.length);
  });

  it('keeps JSON output the same JSON value, with the characters JSON.stringify leaves raw escaped', () => {
    const json = JSON.stringify({ Value: HOSTILE }, null, 2);

    expect(JSON.parse(printableJson(json))).toEqual({ Value: HOSTILE });
    expect(controlsIn(printableJson(json).split('\n'))).toEqual([]);
  });
});
