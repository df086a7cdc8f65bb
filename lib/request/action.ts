import { ValidationError } from '../ecs/errors';

/** What an event can ask for with its `Action` field: a copy run (the default) or a restore drill. */
export const ACTIONS = ['Copy', 'RestoreDrill'] as const;
export type RequestAction = (typeof ACTIONS)[number];

/**
 * The `Action` a timer payload or a direct event asks for, read before the request is parsed, since each action
 * has its own strict request. A missing Action is a copy, so every event written before drills existed still means
 * what it meant.
 */
export function requestedAction(body: unknown): RequestAction {
  const action = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>).Action : undefined;
  if (action === undefined) return 'Copy';
  const known: readonly unknown[] = ACTIONS;
  if (!known.includes(action)) throw new ValidationError([{ field: 'Action', rule: `must be "Copy" (the default) or "RestoreDrill"` }]);
  return action as RequestAction;
}
