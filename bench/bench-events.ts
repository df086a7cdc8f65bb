// The events and FC contexts the measurements send, shaped as FC sends them
// (https://www.alibabacloud.com/help/en/functioncompute/fc/http-trigger-invoking-function,
// https://www.alibabacloud.com/help/en/fc/formats-of-event-for-different-triggers,
// https://www.alibabacloud.com/help/en/functioncompute/user-guide/context). The n-th event
// copies the n-th source to the n-th destination (local-account.ts), so that every event makes a copy of its own.
import { type FcContext, fcContext as fcContextOf } from '../tools/fc-fixtures';
import { BENCH_CREDENTIALS, destinationRegionId, SOURCE_REGION_ID, sourceSnapshot } from './local-account';

const FIRST_TRIGGER_MS = Date.parse('2026-11-27T19:00:00Z');

function copyRequest(n: number): string {
  return JSON.stringify({ SnapshotId: sourceSnapshot(n).SnapshotId, DestinationRegionId: destinationRegionId(n) });
}

/** The n-th run of a timer trigger: FC's triggerTime is whole seconds. */
export function timerEvent(n: number): Buffer {
  return Buffer.from(
    JSON.stringify({
      triggerTime: new Date(FIRST_TRIGGER_MS + n * 60_000).toISOString().replace('.000Z', 'Z'),
      triggerName: 'daily-copy',
      payload: copyRequest(n),
    }),
  );
}

/** The n-th `POST /copies` through the HTTP trigger. */
export function httpEvent(n: number): Buffer {
  const requestId = `1-bench-${String(n).padStart(8, '0')}`;
  return Buffer.from(
    JSON.stringify({
      version: 'v1',
      rawPath: '/copies',
      body: copyRequest(n),
      isBase64Encoded: false,
      headers: { 'Content-Type': 'application/json' },
      queryParameters: {},
      requestContext: {
        accountId: '1234567890123456',
        domainName: 'snapshot-copy-bench.cn-hangzhou.fcapp.run',
        domainPrefix: 'snapshot-copy-bench',
        http: { method: 'POST', path: '/copies', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
        requestId,
        time: new Date(FIRST_TRIGGER_MS).toISOString(),
        timeEpoch: String(FIRST_TRIGGER_MS + n),
      },
    }),
  );
}

export function fcContext(requestId: string, timeoutSeconds: number): FcContext {
  return fcContextOf({ requestId, region: SOURCE_REGION_ID, credentials: BENCH_CREDENTIALS, timeoutSeconds });
}
