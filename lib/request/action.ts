/** What an event can ask for with its `Action` field: a copy run (the default) or a restore drill. */
type RequestAction = 'Copy' | 'RestoreDrill';

/**
 * The `Action` a timer payload or a direct event asks for, read before the request is parsed, since each action
 * has its own strict request. Anything but "RestoreDrill" is a copy request, whose schema then names a wrong
 * `Action` with every other broken field; a missing Action is a copy, so every event written before drills existed
 * still means what it meant.
 */
export function requestedAction(body: unknown): RequestAction {
  const isObject = typeof body === 'object' && body !== null && !Array.isArray(body);
  return isObject && (body as Record<string, unknown>).Action === 'RestoreDrill' ? 'RestoreDrill' : 'Copy';
}
