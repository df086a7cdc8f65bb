import * as z from 'zod/mini';
import { ValidationError } from '../ecs/errors';

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

const TimerEventSchema = z.object({
  triggerTime: z.string().check(z.refine((value) => isRenderableTime(Date.parse(value)))),
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
      if (!timer.success) throw invalidEvent('looks like a timer event but its triggerTime, triggerName or payload is malformed');
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
