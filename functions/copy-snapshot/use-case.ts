import { ValidationError } from '../../lib/failures/errors';
import type { Answer } from '../../lib/fc/answer';
import type { Instance, Invocation } from '../../lib/fc/instance';
import type { InvocationFacts } from '../../lib/fc/invocation-facts';
import type { InvocationLog } from '../../lib/fc/invocation-log';
import type { Route } from '../../lib/fc/invocation-route';

/** What an invocation asks of a use case: a request body (a timer's payload, a direct event, a POST), or a GET's path and query. */
export type UseCaseInput =
  | { kind: 'body'; body: unknown }
  | { kind: 'read'; pathParameters: Record<string, string>; query: Record<string, string> };

/** What every use case is run with; each makes its own observer from the invocation's log. */
export interface UseCaseRun {
  /** The instance, set up at its first use: a broken configuration fails there. */
  instance: () => Instance;
  /** FC's credentials and the deadline. */
  invocation: Omit<Invocation<unknown>, 'observer'>;
  log: InvocationLog;
  /** An HTTP caller is held to the operator's CALLER_* rules; timer and direct invocations are the operator's own. */
  fromHttpCaller: boolean;
  facts: InvocationFacts;
  fcRequestId: string | undefined;
}

/** A use case's run to an answer. */
export type UseCaseRunner = (input: UseCaseInput, run: UseCaseRun) => Promise<Answer<unknown>>;

/** A use case in the route table: how it is reached (lib/fc/invocation-route.ts), its name, and its run to an answer. */
export interface UseCase extends Route {
  name: string;
  run: UseCaseRunner;
}

/** The body a use case that takes one was asked with; a GET route's use case never gets one. */
export function bodyOf(input: UseCaseInput): unknown {
  if (input.kind === 'body') return input.body;
  throw new ValidationError([{ field: 'method', rule: 'this resource takes a request body: POST it' }], 'InvalidEvent');
}

/** The path and query a GET route's use case was asked with; a timer or direct event cannot send them. */
export function readOf(input: UseCaseInput): { pathParameters: Record<string, string>; query: Record<string, string> } {
  if (input.kind === 'read') return input;
  throw new ValidationError([{ field: 'Action', rule: 'names a read only HTTP GET makes' }], 'InvalidEvent');
}
