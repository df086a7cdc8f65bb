import { createCopyLog } from '../../lib/copy/copy-log';
import { adviceFor } from '../../lib/ecs/ecs-error-advice';
import { CopyFailure, InternalFailure } from '../../lib/failures/errors';
import { createInvocationLog, defect } from '../../lib/fc/invocation-log';
import { createLogger } from '../../lib/fc/log';

function runLog() {
  const lines: Array<Record<string, unknown>> = [];
  let clock = 1_000;
  const invocation = createInvocationLog(
    createLogger((line) => lines.push(JSON.parse(line) as Record<string, unknown>)),
    1_000,
    () => (clock += 250),
    adviceFor,
  );
  return { log: { ...invocation, ...createCopyLog(invocation) }, lines };
}

describe('defect', () => {
  it('keeps the error name and its frames, not its message', () => {
    const error = new TypeError('secret-looking detail');

    const found = defect(error);

    expect(found.Error).toBe('TypeError');
    expect(found.Stack.length).toBeGreaterThan(0);
    for (const frame of found.Stack) expect(frame).toMatch(/^at /);
    expect(JSON.stringify(found)).not.toContain('secret-looking');
  });

  it('drops a message over several lines, even one whose lines look like frames', () => {
    const error = new RangeError('first line\n    at leaked (value:1:1)\nlast line');

    const found = defect(error);

    expect(found.Error).toBe('RangeError');
    expect(found.Stack.length).toBeGreaterThan(0);
    expect(JSON.stringify(found)).not.toMatch(/leaked|first line|last line/);
  });

  it('names what was thrown when it is not an Error, without its value', () => {
    expect(defect('a thrown string with a detail')).toEqual({ Error: 'string', Stack: [] });
  });

  it('does not log a name that is not an identifier', () => {
    const error = new Error('x');
    error.name = 'name with a detail: 10.1.2.3';

    expect(defect(error).Error).toBe('Error');
  });
});

describe('the run log', () => {
  it('writes a defect as internal-failure with its name, frames, advice and duration', () => {
    const { log, lines } = runLog();

    log.onFailure(new InternalFailure(new TypeError('detail')));

    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'error',
      message: 'internal-failure',
      Code: 'InternalFailure',
      Class: 'internal',
      Message: 'The function failed unexpectedly',
      Error: 'TypeError',
      DurationMs: 250,
    });
    expect(lines[0]?.Advice).toMatch(/^A defect of this function/);
    expect(JSON.stringify(lines)).not.toContain('detail');
  });

  it('writes a failure of ECS or of the request as copy-failed, with its message and advice', () => {
    const { log, lines } = runLog();

    log.onFailure(new CopyFailure({ Code: 'Forbidden.RAM', Message: 'not allowed', errorClass: 'forbidden', RequestId: 'R-1' }));

    expect(lines[0]).toMatchObject({
      level: 'error',
      message: 'copy-failed',
      Code: 'Forbidden.RAM',
      Message: 'not allowed',
      RequestId: 'R-1',
    });
    expect(lines[0]?.Advice).toMatch(/RAM role/);
  });

  it('writes a copy that failed on a defect as internal-failure, not copy-failed', () => {
    const { log, lines } = runLog();
    const result = {
      Outcome: 'failed' as const,
      SourceSnapshotId: 's-bp1source0000000001',
      SourceDiskId: 'd-bp1disk00000000001',
      RegionId: 'cn-hangzhou',
      DestinationRegionId: 'us-east-1',
      Code: 'InternalFailure',
      Class: 'internal' as const,
      Message: 'The function failed unexpectedly',
    };

    log.onResult(result, true);

    expect(lines[0]).toMatchObject({ level: 'error', message: 'internal-failure', Code: 'InternalFailure' });
    expect(lines[0]?.Advice).toMatch(/^A defect of this function/);
  });

  it.each([
    ['not-ready', 'InvalidSnapshotId.NotReady', 'not-ready', 'copy-not-ready'],
    ['left', 'DeadlineExceeded', 'transient', 'copy-left'],
  ] as const)(
    'names a copy %s by what became of it, at level error when it fails the invocation and warn when it does not',
    (Outcome, Code, Class, message) => {
      const { log, lines } = runLog();
      const result = {
        Outcome,
        SourceSnapshotId: 's-bp1source0000000001',
        SourceDiskId: 'd-bp1disk00000000001',
        RegionId: 'cn-hangzhou',
        DestinationRegionId: 'us-east-1',
        Code,
        Class,
        Message: 'later',
      };

      log.onResult(result, true);
      log.onResult(result, false);

      expect(lines.map((line) => [line.level, line.message])).toEqual([
        ['error', message],
        ['warn', message],
      ]);
    },
  );
});
