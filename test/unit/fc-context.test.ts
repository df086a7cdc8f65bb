import { parseFcContext } from '../../lib/fc/fc-context';
import { invocationContext } from '../support/context';
import { startFakeHarness } from '../support/fake-harness';
import { parsedLogs, timerEvent } from '../support/harness';

const CREDENTIALS = { accessKeyId: 'id', accessKeySecret: 'secret', securityToken: 'token' };

/** FC's context as documented (https://www.alibabacloud.com/help/en/functioncompute/user-guide/context), with `change`
 * applied to a copy of it. */
function context(change: (context: Record<string, unknown>) => void = () => {}): Record<string, unknown> {
  const value: Record<string, unknown> = {
    requestId: 'fc-request-1',
    region: 'cn-hangzhou',
    credentials: { ...CREDENTIALS },
    function: { name: 'snapshot-copy', handler: 'index.handler', memory: 128, timeout: 30 },
  };
  change(value);
  return value;
}

const WHOLE = { requestId: 'fc-request-1', region: 'cn-hangzhou', credentials: CREDENTIALS, timeoutSeconds: 30 };

describe("FC's context", () => {
  it('reads every field FC documents', () => {
    expect(parseFcContext(context())).toEqual(WHOLE);
  });

  it.each([
    ['a string function.timeout', 'function', { timeout: '30' }, 'timeoutSeconds'],
    ['a negative function.timeout', 'function', { timeout: -1 }, 'timeoutSeconds'],
    ['an infinite function.timeout', 'function', { timeout: Number.POSITIVE_INFINITY }, 'timeoutSeconds'],
    ['a null function', 'function', null, 'timeoutSeconds'],
    ['a function that is a string', 'function', 'snapshot-copy', 'timeoutSeconds'],
    ['a null region', 'region', null, 'region'],
    ['a numeric region', 'region', 42, 'region'],
    ['an empty region', 'region', '', 'region'],
    ['a requestId that is not a finite number', 'requestId', Number.NaN, 'requestId'],
    ['an object requestId', 'requestId', { id: 'x' }, 'requestId'],
  ] as const)('leaves out %s and keeps every other field, the credentials included', (_, key, value, field) => {
    const parsed = parseFcContext(
      context((fields) => {
        fields[key] = value;
      }),
    );

    expect(parsed).toEqual({ ...WHOLE, [field]: undefined });
  });

  it.each([
    [7, '7'],
    [1733620000123, '1733620000123'],
    [0, '0'],
  ])('keeps a numeric requestId (%p) as its text, so the log lines and answers still carry it', (requestId, text) => {
    expect(parseFcContext(context((fields) => Object.assign(fields, { requestId })))).toEqual({ ...WHOLE, requestId: text });
  });

  it("writes a numeric requestId into every log line of the invocation, as FC's request ID", async () => {
    const harness = startFakeHarness();
    const SnapshotId = harness.source();

    await harness.invoke(timerEvent({ SnapshotId }), { ...invocationContext(), requestId: 4242 });

    const lines = parsedLogs(harness.logs);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line.fcRequestId).toBe('4242');
  });

  it('hands the credentials on as they are, to be checked where they are used', () => {
    const odd = { accessKeyId: 42 };

    const parsed = parseFcContext(
      context((fields) => {
        fields.credentials = odd;
      }),
    );

    expect(parsed.credentials).toBe(odd);
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'context'],
    ['an array', [1, 2]],
    ['an empty object', {}],
  ])('reads nothing from a context that is %s, without throwing', (_, value) => {
    expect(parseFcContext(value)).toEqual({ requestId: undefined, region: undefined, credentials: undefined, timeoutSeconds: undefined });
  });
});
