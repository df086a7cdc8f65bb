// `npm start` as a newcomer runs it: the whole story through dist/index.js and the local endpoint, readable on a
// terminal of 100 columns; `--json` the raw log lines and answers.
import { buildTools, cleanEnvironment, type Finished, run } from '../support/tool-process';

let story: Finished;
let narrow: Finished;
let json: Finished;

beforeAll(async () => {
  buildTools();
  [story, narrow, json] = await Promise.all([
    run(process.execPath, ['build/tools/start.js'], cleanEnvironment()),
    // Not a terminal, so COLUMNS is the width, as a shell exports it.
    run(process.execPath, ['build/tools/start.js'], cleanEnvironment({ COLUMNS: '80' })),
    run(process.execPath, ['build/tools/start.js', '--json'], cleanEnvironment()),
  ]);
}, 60_000);

describe('npm start', () => {
  it('runs to its end', () => {
    expect({ code: story.code, stderr: story.stderr }).toEqual({ code: 0, stderr: '' });
    expect({ code: json.code, stderr: json.stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('fits a terminal of 100 columns, and one of 80, with every ID whole', () => {
    expect(story.stdout.split('\n').filter((line) => line.length > 100)).toEqual([]);
    expect(narrow.code).toBe(0);
    expect(narrow.stdout.split('\n').filter((line) => line.length > 80)).toEqual([]);
    // No snapshot or disk ID is cut short in the tables (what was asked is one line, shortened on purpose).
    const tables = narrow.stdout.split('\n').filter((line) => !/^ {2}asked /.test(line));
    expect(tables.filter((line) => /\b[sd]-[a-z0-9]+…/.test(line))).toEqual([]);
    expect(tables.join('\n')).toMatch(/^ {2}(within|OUTSIDE) +\d+\.\d h +d-bp1demo7\w+ +\S+$/m);
    expect(tables.join('\n')).toMatch(/^ +newest finished copy s-[a-z0-9]{20}\b/m);
  });

  it('shows each copy with its provenance tags, and writes every time one way', () => {
    expect(story.stdout).toMatch(/^ +provenance tags: s-bp1demo7snapshot000\d of d-bp1demo7\w+ in\b/m);
    expect(story.stdout).toMatch(/taken \d{4}-\d\d-\d\d \d\d:\d\d UTC$/m);
    // No ISO 8601 time in what a person reads, but in what was asked (the event as sent).
    const read = story.stdout.split('\n').filter((line) => !/^ {2}asked /.test(line));
    expect(read.filter((line) => /\d{4}-\d\d-\d\dT\d\d:\d\d/.test(line))).toEqual([]);
  });

  it('gives every step a heading, what was asked and what the function answered', () => {
    const steps = story.stdout.split('\n== ').filter((part) => /^\d+\. /.test(part));

    expect(steps.length).toBeGreaterThanOrEqual(10);
    for (const step of steps) {
      expect(step).toMatch(/^ {2}asked {5}\S/m);
      expect(step).toMatch(/^ {2}answer {4}\S/m);
    }
  });

  it('shows the copies, the RPO of each disk and destination, failures with their advice, and a summary', () => {
    expect(story.stdout).toMatch(/^ {2}started {3}s-bp1demo7snapshot0001 +us-east-1 +s-[a-z0-9]+ · RetentionDays 30$/m);
    expect(story.stdout).toMatch(/^ {2}found {5}s-bp1demo7snapshot0001 +us-east-1/m);
    expect(story.stdout).toMatch(/^ {2}failed {4}s-bp1demo7snapshot0404 +us-east-1 +InvalidSnapshotId\.NotFound \(not-found\)$/m);
    expect(story.stdout).toMatch(/^ {12}advice: \S/m);
    expect(story.stdout).toMatch(/^ {2}OUTSIDE {3}no copy +d-bp1demo7/m);
    expect(story.stdout).toMatch(/^ {2}within {4}\d+\.\d h +d-bp1demo7/m);
    expect(story.stdout).toMatch(/^ {2}summary {3}\d+ started/m);
  });

  it('ends with a restore drill, timed and its disk deleted, and a run with KeepCopies that deletes the older copies', () => {
    expect(story.stdout).toMatch(/^ {2}restored {2}d-bp1demo7\w+ +us-east-1 +Available in \d+\.\d s · \d+ GiB \w+$/m);
    expect(story.stdout).toMatch(/^ {2}summary {3}drill drill-[\w-]+: 1 restored · slowest restore/m);
    expect(story.stdout).toContain('drill disks left in us-east-1: 0');
    expect(story.stdout).toMatch(
      /^ {2}deleted {3}s-[a-z0-9]+ +(us-east-1|eu-central-1) +data of \d{4}-\d\d-\d\d \d\d:\d\d UTC \(KeepCopies 1\)$/m,
    );
    expect(story.stdout).toMatch(/^ {2}summary .*4 copies deleted by KeepCopies/m);
  });

  it('ends with a restore of the sample fleet in the DR region: a disk, an image, the server to run and the time to restore', () => {
    expect(story.stdout).toMatch(/^ {2}d-bp1demo7data0000002 +s-[a-z0-9]{20} +d-[a-z0-9]{20} +restored in [\d.]+ s$/m);
    expect(story.stdout).toMatch(/^ {2}d-bp1demo7system00001 +s-[a-z0-9]{20} +m-[a-z0-9]{20} +restored in [\d.]+ s$/m);
    expect(story.stdout).toMatch(
      /^ {2}i-bp1demo7instance0001 +ready +RunInstances RegionId=us-east-1 ZoneId=us-east-1a\s+ImageId=m-[a-z0-9]{20}/m,
    );
    expect(story.stdout).toMatch(
      /2 restored, 0 still being made, 0 failed, 0 selection\s+entries matched nothing\.\s+The fleet's\s+time to restore: [\d.]+ s\./,
    );
  });

  it('ends with locked copies: each locked as it is made, one lock failing and locked by the next run, and the locked data beside the copied data', () => {
    const [, locking = '', next = ''] = story.stdout.split(/\n== 1[345]\. /);

    expect(locking).toMatch(/^ {2}locked {4}s-[a-z0-9]+ +(us-east-1|eu-central-1) +compliance-cooloff · 7 days, cool-off 1 h$/m);
    expect(locking).toMatch(/^ {2}failed {4}(s-[a-z0-9]+) +us-east-1 +Forbidden\.RAM \(forbidden\)$/m);
    expect(locking).toMatch(/advice: .*ecs:LockSnapshot/);
    expect(locking).toMatch(/^ {2}RPO 36 h {2}data age {2}locked {2}disk/m);
    expect(locking).toMatch(/^ {2}OUTSIDE {3}\d+\.\d h +none +d-bp1demo7\w+ +us-east-1$/m);
    expect(locking).toMatch(/rejected: .*1 copy lock\(s\) failed \(Forbidden\.RAM\)/s);
    const failed = /^ {2}failed {4}(s-[a-z0-9]+)/m.exec(locking)?.[1];
    expect(next).toMatch(new RegExp(`^ {2}locked {4}${failed} +us-east-1 +compliance-cooloff`, 'm'));
    expect(next).not.toMatch(/^ {2}OUTSIDE/m);
    expect(next).toMatch(/^ {2}answer {4}resolved/m);
    expect(story.stdout).toMatch(/locked copies: 4 in us-east-1, 4 in eu-central-1; UnlockSnapshot calls: 0/);
  });

  it('with --json prints each log line as the function wrote it, and each answer', () => {
    const lines = json.stdout.split('\n');
    const logLines = lines.filter((line) => line.startsWith('{'));

    expect(logLines.length).toBeGreaterThan(30);
    for (const line of logLines) expect(() => JSON.parse(line)).not.toThrow();
    expect(lines.filter((line) => line.startsWith('-> ')).length).toBe(
      story.stdout.split('\n== ').filter((part) => /^\d+\. /.test(part)).length,
    );
  });
});
