/** The events FC hands the function (https://www.alibabacloud.com/help/en/fc/formats-of-event-for-different-triggers,
 * https://www.alibabacloud.com/help/en/functioncompute/fc/http-trigger-invoking-function), built for tests, and the
 * HTTP answers read back. */
import type { HttpResponse } from '../../lib/fc/http-response';

export function timerEvent(payload: unknown, triggerTime = '2026-11-27T19:00:00Z'): Buffer {
  return Buffer.from(JSON.stringify({ triggerTime, triggerName: 'daily-copy', payload: JSON.stringify(payload) }));
}

/** A timer whose configured payload is empty: the function protects what SELECTION names. */
export function emptyTimerEvent(triggerTime = '2026-11-27T19:00:00Z'): Buffer {
  return Buffer.from(JSON.stringify({ triggerTime, triggerName: 'daily-copy', payload: '' }));
}

/** `POST /copies` through the HTTP trigger; `overrides` replace top-level fields of the event. */
export function httpEvent(body: unknown, overrides: Record<string, unknown> = {}): Buffer {
  return Buffer.from(
    JSON.stringify({
      version: 'v1',
      rawPath: '/copies',
      body: typeof body === 'string' ? body : JSON.stringify(body),
      isBase64Encoded: false,
      headers: { 'Content-Type': 'application/json' },
      requestContext: {
        requestId: `http-${Math.random().toString(36).slice(2)}`,
        timeEpoch: '1795806300000',
        http: { method: 'POST', path: '/copies' },
      },
      ...overrides,
    }),
  );
}

/** `GET /copies/<SnapshotId>?RegionId=<region>`: a copy's status. */
export function statusEvent(SnapshotId: string, RegionId: string): Buffer {
  return httpEvent('', {
    rawPath: `/copies/${SnapshotId}`,
    queryParameters: { RegionId },
    requestContext: { http: { method: 'GET' } },
  });
}

/** A direct invocation: the event is the copy request itself. */
export function directEvent(request: unknown): Buffer {
  return Buffer.from(JSON.stringify(request));
}

export function asHttp(value: unknown): { statusCode: number; body: Record<string, unknown>; headers: Record<string, string> } {
  const response = value as HttpResponse;
  return { statusCode: response.statusCode, body: JSON.parse(response.body) as Record<string, unknown>, headers: response.headers };
}
