import type { Deadline } from '../../../lib/calls/deadline';
import { EcsSession } from '../../../lib/calls/ecs-session';
import { DEFAULT_RETRY_POLICY } from '../../../lib/calls/retry';
import type { Ecs } from '../../../lib/ecs/ecs';
import { NOW } from './orders';

export const CREDENTIALS = { accessKeyId: 'LTAI5tUnitTestKeyId01', accessKeySecret: 'unit-test-secret' };

/** A deadline that is never near. */
export const FAR_DEADLINE: Deadline = { remainingMs: () => 600_000 };

/** An EcsSession over `port` at ECS's highest pace, on a clock that stands still and waits for nothing. */
export function resilient(port: Ecs, deadline: Deadline = FAR_DEADLINE): EcsSession {
  return new EcsSession({
    ecs: port,
    credentials: CREDENTIALS,
    deadline,
    retryPolicy: DEFAULT_RETRY_POLICY,
    callsPerMinute: 1000,
    tools: { random: () => 0, sleep: async () => undefined, now: () => NOW },
  });
}
