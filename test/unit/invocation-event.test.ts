import { ValidationError } from '../../lib/ecs/errors';
import { decodeInvocationEvent } from '../../lib/fc/invocation-event';

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
});
