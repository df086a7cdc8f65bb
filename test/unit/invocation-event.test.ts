import fc from 'fast-check';
import { ValidationError } from '../../lib/failures/errors';
import { decodeInvocationEvent } from '../../lib/fc/invocation-event';
import { startFakeHarness } from '../support/fake-harness';
import { timerEvent } from '../support/harness';

const bytes = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('decodeInvocationEvent', () => {
  it('recognises a timer event and keeps its payload text', () => {
    const event = decodeInvocationEvent(
      bytes({ triggerTime: '2026-11-27T02:00:00Z', triggerName: 'daily', payload: '{"SnapshotId":"s-abcd1234"}' }),
    );

    expect(event).toEqual({
      source: 'timer',
      triggerTime: new Date('2026-11-27T02:00:00Z'),
      triggerName: 'daily',
      payload: '{"SnapshotId":"s-abcd1234"}',
    });
  });

  it('recognises an FC 3.0 HTTP trigger event', () => {
    const event = decodeInvocationEvent(
      bytes({
        version: 'v1',
        rawPath: '/copies',
        body: '{}',
        isBase64Encoded: false,
        headers: {},
        requestContext: { requestId: 'r-1', http: { method: 'POST' } },
      }),
    );

    expect(event.source).toBe('http');
  });

  it('takes anything else as a direct invocation whose event is the request', () => {
    expect(decodeInvocationEvent(bytes({ SnapshotId: 's-abcd1234' }))).toEqual({ source: 'direct', body: { SnapshotId: 's-abcd1234' } });
  });

  it.each([
    [Buffer.from('not json'), 'is not a JSON text'],
    [Buffer.from([0xc3, 0x28]), 'is not valid UTF-8'],
    [bytes({ triggerTime: 'yesterday', triggerName: 'daily' }), 'timer event'],
    [bytes({ triggerTime: '2026-11-27T02:00:00Z', triggerName: 'daily', payload: 7 }), 'timer event'],
    [bytes({ requestContext: { http: {} } }), 'HTTP trigger event'],
  ])('refuses a malformed event with InvalidEvent (%#)', (event, rule) => {
    let caught: unknown;
    try {
      decodeInvocationEvent(event);
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(ValidationError);
    expect(caught).toMatchObject({ Code: 'InvalidEvent', errorClass: 'invalid-request' });
    expect((caught as ValidationError).message).toContain(rule);
  });

  it.each([
    '0',
    '-1',
    '1',
    '2026',
    '2026-02-30T00:00:00Z',
    '2026-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-00-10T00:00:00Z',
    '2026-01-00T00:00:00Z',
    '2026-01-01T24:00:00Z',
    '2026-01-01T23:60:00Z',
    '2026-01-01T23:59:60Z',
    '2026-11-27T19:00:00+24:00',
    '2026-11-27 19:00:00Z',
    'Fri, 27 Nov 2026 19:00:00 GMT',
    '1969-12-31T23:59:59Z',
    '',
  ])('refuses a timer whose triggerTime %p is not a real time, as InvalidEvent naming triggerTime', (triggerTime) => {
    let caught: unknown;
    try {
      decodeInvocationEvent(bytes({ triggerTime, triggerName: 'daily', payload: '' }));
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(ValidationError);
    expect(caught).toMatchObject({ Code: 'InvalidEvent', issues: [{ field: 'triggerTime', rule: expect.stringMatching(/real time/) }] });
    expect((caught as ValidationError).Message).toMatch(/^triggerTime: /);
  });

  it.each(['2024-02-29T00:00:00Z', '2026-11-27T19:00:00Z', '2026-11-27T19:00:00.123+08:00', '2026-12-31T23:59:59Z'])(
    "takes the real time %p as the timer's time",
    (triggerTime) => {
      const event = decodeInvocationEvent(bytes({ triggerTime, triggerName: 'daily', payload: '' }));

      expect(event).toMatchObject({ source: 'timer', triggerTime: new Date(triggerTime) });
    },
  );

  it('names triggerName, not triggerTime, when the name is what is wrong', () => {
    expect(() => decodeInvocationEvent(bytes({ triggerTime: '2026-11-27T19:00:00Z', triggerName: 7 }))).toThrow(
      expect.objectContaining({ Code: 'InvalidEvent', issues: [expect.objectContaining({ field: 'triggerName' })] }),
    );
  });

  it('refuses the whole invocation for an impossible triggerTime, before any ECS call', async () => {
    const harness = startFakeHarness();
    const SnapshotId = harness.source();

    const outcome = await harness.invoke(timerEvent({ SnapshotId }, '2026-02-30T00:00:00Z'));

    expect(outcome.ok).toBe(false);
    expect(String(outcome.ok ? undefined : outcome.error.message)).toContain(
      'InvalidEvent (invalid-request): triggerTime: must be a real time',
    );
    expect(harness.ecs.calls).toEqual([]);
  });

  it('takes a triggerTime exactly when its fields name a real UTC time, for any year, month, day, hour, minute and second', () => {
    const two = (n: number) => String(n).padStart(2, '0');
    fc.assert(
      fc.property(
        fc.integer({ min: 1970, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 0, max: 25 }),
        fc.integer({ min: 0, max: 61 }),
        fc.integer({ min: 0, max: 61 }),
        (year, month, day, hour, minute, second) => {
          const text = `${year}-${two(month)}-${two(day)}T${two(hour)}:${two(minute)}:${two(second)}Z`;
          const utc = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
          const real =
            month >= 1 &&
            utc.getUTCFullYear() === year &&
            utc.getUTCMonth() === month - 1 &&
            utc.getUTCDate() === day &&
            utc.getUTCHours() === hour &&
            utc.getUTCMinutes() === minute &&
            utc.getUTCSeconds() === second;
          const decode = () => decodeInvocationEvent(bytes({ triggerTime: text, triggerName: 'daily', payload: '' }));

          if (real) expect(decode()).toMatchObject({ source: 'timer', triggerTime: utc });
          else
            expect(decode).toThrow(
              expect.objectContaining({ Code: 'InvalidEvent', issues: [expect.objectContaining({ field: 'triggerTime' })] }),
            );
        },
      ),
      { numRuns: 2000 },
    );
  });
});
