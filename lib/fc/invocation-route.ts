import { ValidationError } from '../failures/errors';
import { type HttpPath, type HttpRequest, routeHttpRequest } from './http-trigger';
import type { InvocationEvent } from './invocation-event';

/**
 * How the route table (functions/copy-snapshot/use-cases.ts) reaches a use case: by its HTTP route, by the `Action`
 * a timer payload or direct event names, or as the use case of an event that names no Action of another route
 * (`byDefault`: the copy, so that every event written before other actions existed still means what it meant).
 */
export interface Route {
  http?: HttpPath;
  Action?: string;
  byDefault?: true;
}

/**
 * What an invocation asks for, as the index of its route: an HTTP request by its method and path; a timer (its
 * payload) and a direct invocation (its event) by their `Action`. A refused HTTP request carries its answer.
 */
export function routeInvocation(event: InvocationEvent, routes: readonly Route[]): HttpRequest {
  if (event.source === 'http') {
    const httpRoutes = routes.flatMap((route, index) => (route.http ? [{ path: route.http, index }] : []));
    const request = routeHttpRequest(
      event.http,
      httpRoutes.map((route) => route.path),
    );
    return request.kind === 'refused' ? request : { ...request, route: httpRoutes[request.route]?.index ?? -1 };
  }
  const body = event.source === 'timer' ? parseTimerPayload(event.payload) : event.body;
  return { kind: 'body', route: routeOfBody(body, routes), body };
}

/**
 * The route a timer payload's or direct event's `Action` names, read before its request is parsed (each use case has
 * its own strict request), else the default route, whose request schema then names a wrong Action with every other
 * broken field.
 */
export function routeOfBody(body: unknown, routes: readonly Route[]): number {
  const isObject = typeof body === 'object' && body !== null && !Array.isArray(body);
  const Action = isObject ? (body as Record<string, unknown>).Action : undefined;
  const named = routes.findIndex((route) => route.Action !== undefined && route.Action === Action);
  return named >= 0 ? named : routes.findIndex((route) => route.byDefault === true);
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
