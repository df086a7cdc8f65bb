import * as z from 'zod/mini';
import { ValidationError } from '../failures/errors';

/**
 * The three ways FC invokes the function, told apart by shape:
 * - a timer trigger sends `{"triggerTime","triggerName","payload"}`, the payload being the trigger's configured text
 *   (https://www.alibabacloud.com/help/en/fc/formats-of-event-for-different-triggers);
 * - an HTTP trigger (FC 3.0 event format) sends `{"version","rawPath","body","requestContext":{"http":…}}`
 *   (https://www.alibabacloud.com/help/en/functioncompute/fc/http-trigger-invoking-function);
 * - anything else is a direct invocation (`s invoke -e`, the console, InvokeFunction): the event is the request.
 */
export type InvocationEvent =
  | { source: 'timer'; triggerTime: Date; triggerName: string; payload: string | undefined }
  | { source: 'http'; http: HttpTriggerEvent }
  | { source: 'direct'; body: unknown };

/** A time the templates can render (`{Date}` is four digits of year): 1970 to 9999, UTC. */
export function isRenderableTime(ms: number): boolean {
  return Number.isFinite(ms) && ms >= 0 && ms < Date.UTC(10000, 0, 1);
}

/** A timer's triggerTime as FC writes it ("2026-11-27T19:00:00Z"): RFC 3339, an offset allowed. */
const RFC_3339 = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/i;

/**
 * Whether a triggerTime names a real time: RFC 3339 with a day the month has and an hour below 24 (`Date.parse`
 * takes "0" for the year 2000, "-1" for 2001, "2026-02-30" for March 2 and "T24:00" for the next day), and one the
 * templates can render.
 */
function isRealTime(text: string): boolean {
  const [, year = '', month = '', day = '', hour = ''] = RFC_3339.exec(text) ?? [];
  const date = new Date(`${year}-${month}-01T00:00:00Z`);
  date.setUTCDate(Number(day));
  return date.getUTCMonth() + 1 === Number(month) && Number(hour) < 24 && isRenderableTime(Date.parse(text));
}

const TimerEventSchema = z.object({
  triggerTime: z.string().check(z.refine(isRealTime)),
  triggerName: z.string(),
  payload: z.optional(z.string()),
});

/** Headers and query parameters: names to text. A custom check, not zod's record (3 KB of the bundle for this). */
const TextByNameSchema = z.custom<Record<string, string>>(
  (value) =>
    typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((text) => typeof text === 'string'),
);

const HttpTriggerEventSchema = z.object({
  rawPath: z.optional(z.string()),
  body: z.optional(z.string()),
  isBase64Encoded: z.optional(z.boolean()),
  headers: z.optional(TextByNameSchema),
  queryParameters: z.optional(TextByNameSchema),
  requestContext: z.object({
    requestId: z.optional(z.string()),
    timeEpoch: z.optional(z.string()),
    http: z.object({ method: z.string(), path: z.optional(z.string()) }),
  }),
});

export type HttpTriggerEvent = z.infer<typeof HttpTriggerEventSchema>;

function invalidEvent(rule: string): ValidationError {
  return new ValidationError([{ field: 'event', rule }], 'InvalidEvent');
}

/** Decodes FC's event (a Buffer) into one of the three sources; a body that is not JSON is refused. */
export function decodeInvocationEvent(event: unknown): InvocationEvent {
  let value: unknown = event;
  if (Buffer.isBuffer(event) || typeof event === 'string') {
    const text = Buffer.isBuffer(event) ? decodeUtf8(event) : event;
    if (text === undefined) throw invalidEvent('is not valid UTF-8');
    try {
      value = JSON.parse(text);
    } catch {
      throw invalidEvent('is not a JSON text');
    }
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    if ('triggerTime' in value && 'triggerName' in value) {
      const timer = TimerEventSchema.safeParse(value);
      if (!timer.success) {
        // Names the first field that is wrong: the time the copies are named after, or a field that is not text.
        const field = String(timer.error.issues[0]?.path[0]);
        throw new ValidationError(
          [
            {
              field,
              rule:
                field === 'triggerTime'
                  ? 'must be a real time such as 2026-11-27T19:00:00Z (a timer event)'
                  : 'must be text (a timer event)',
            },
          ],
          'InvalidEvent',
        );
      }
      return {
        source: 'timer',
        triggerTime: new Date(timer.data.triggerTime),
        triggerName: timer.data.triggerName,
        payload: timer.data.payload,
      };
    }
    if ('requestContext' in value) {
      const http = HttpTriggerEventSchema.safeParse(value);
      if (!http.success) throw invalidEvent('looks like an HTTP trigger event but its requestContext or body is malformed');
      return { source: 'http', http: http.data };
    }
  }
  return { source: 'direct', body: value };
}

export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
