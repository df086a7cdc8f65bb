import { ValidationError } from '../ecs/errors';
import { type HttpRoute, routeHttpRequest } from './http-trigger';
import type { InvocationEvent } from './invocation-event';

/**
 * What an invocation asks for: an HTTP request by its method and path; a timer (its payload) and a direct
 * invocation (its event) always ask for a copy, as `POST /copies` does.
 */
export function routeInvocation(event: InvocationEvent): HttpRoute {
  if (event.source === 'http') return routeHttpRequest(event.http);
  return { kind: 'copy', body: event.source === 'timer' ? parseTimerPayload(event.payload) : event.body };
}

/** A timer's payload is the trigger's configured text: the copy request as JSON; empty means "use SELECTION". */
function parseTimerPayload(payload: string | undefined): unknown {
  if (payload === undefined || payload.trim() === '') return {};
  try {
    return JSON.parse(payload);
  } catch {
    throw new ValidationError([{ field: 'payload', rule: 'must be a JSON text with CopySnapshot parameters' }], 'InvalidEvent');
  }
}
