import { ValidationError } from '../ecs/errors';
import { requestedAction } from '../request/action';
import { type HttpRoute, routeHttpRequest } from './http-trigger';
import type { InvocationEvent } from './invocation-event';

/**
 * What an invocation asks for: an HTTP request by its method and path (`POST /copies`, `GET /copies/<SnapshotId>`,
 * `POST /restore-drills`); a timer (its payload) and a direct invocation (its event) by their `Action`: a restore
 * drill for `"RestoreDrill"`, else a copy, as `POST /copies` asks.
 */
export function routeInvocation(event: InvocationEvent): HttpRoute {
  if (event.source === 'http') return routeHttpRequest(event.http);
  const body = event.source === 'timer' ? parseTimerPayload(event.payload) : event.body;
  return { kind: requestedAction(body) === 'RestoreDrill' ? 'drill' : 'copy', body };
}

/** A timer's payload is the trigger's configured text: the request as JSON; empty means "copy what SELECTION names". */
function parseTimerPayload(payload: string | undefined): unknown {
  if (payload === undefined || payload.trim() === '') return {};
  try {
    return JSON.parse(payload);
  } catch {
    throw new ValidationError([{ field: 'payload', rule: 'must be a JSON text with CopySnapshot parameters' }], 'InvalidEvent');
  }
}
