import { resolveCredentials } from '../ecs/credentials';
import { diskCallFailure } from '../ecs/disk-call-errors';
import type { CopyFailure } from '../failures/errors';
import type { Answer } from '../fc/answer';
import { failureResponse } from '../fc/http-response';
import type { Instance, Invocation } from '../fc/instance';
import type { InvocationFacts } from '../fc/invocation-facts';
import { answerRestore } from './restore-answer';
import type { RestoreObserver } from './restore-observer';
import type { RestoreReport } from './restore-report';
import { parseRestoreRequest, resolveRestoreOrder } from './restore-request';
import { readRestoreSettings } from './restore-settings';
import { runRestore } from './run-restore';

/** A restore asked for: `"Action": "Restore"` in a direct event, or a refused way in (an HTTP POST, a timer). */
interface RestoreAsked {
  body: unknown;
  fromHttpCaller: boolean;
  facts: InvocationFacts;
  fcRequestId: string | undefined;
}

/**
 * Who may restore: the operator, with a direct invocation (`s invoke`, the console, InvokeFunction) or
 * `npm run restore` with their own credentials. An HTTP caller may not (a restore makes disks and images, billed, for
 * the whole fleet): POST /restores is answered 403. A timer may not either: a restore is asked for on the day, never
 * on a schedule, and a timer firing one would make a fleet's disks every time; its event (recognised by its source,
 * FC's timer shape) is rejected.
 */
function refusal(asked: RestoreAsked): { failure: CopyFailure; trigger: 'http' | 'timer' } | undefined {
  if (asked.fromHttpCaller) {
    return {
      trigger: 'http',
      failure: diskCallFailure({
        Code: 'RestoreOperatorOnly',
        Message: 'a restore is not asked for over HTTP: invoke the function directly with "Action": "Restore", or run npm run restore',
      }),
    };
  }
  if (asked.facts.timer) {
    return {
      trigger: 'timer',
      failure: diskCallFailure({
        Code: 'RestoreOperatorOnly',
        Message:
          'a timer trigger cannot ask for a restore: take "Action": "Restore" out of its payload; restore with a direct invocation or npm run restore',
      }),
    };
  }
  return undefined;
}

/**
 * The restore use case (docs/restore.md): the refusal of an HTTP caller or a timer, then the request merged with the
 * configuration into an order, and the restore, told disk by disk and summed up to the observer, answered. Throws a
 * CopyFailure when nothing could be restored: a request that breaks a rule, a broken RESTORE_* variable, no
 * credentials, a DR region that could not be listed.
 */
export async function restore(
  asked: RestoreAsked,
  { configuration, dependencies, disks, env }: Instance,
  { contextCredentials, deadline, observer }: Invocation<RestoreObserver>,
): Promise<Answer<RestoreReport>> {
  const refused = refusal(asked);
  if (refused !== undefined) {
    observer.onRefused(refused);
    return refused.trigger === 'http'
      ? { kind: 'http', response: failureResponse(refused.failure, asked.fcRequestId) }
      : { kind: 'rejected', failure: refused.failure };
  }
  const request = parseRestoreRequest(asked.body);
  const order = resolveRestoreOrder(request, configuration, readRestoreSettings(env));
  const report = await runRestore(
    order,
    configuration.ApiCallsPerMinute,
    { ...dependencies, disks: disks() },
    resolveCredentials(contextCredentials, env),
    deadline,
    {
      onRetry: (retry) => observer.onRetry(retry),
      onRestore: (result) => observer.onRestore(result),
      onServer: (server) => observer.onServer(server),
      onMatchedNothing: (entry) => observer.onMatchedNothing({ ...entry, RestoreId: order.RestoreId }),
      onNote: (Note) => observer.onNote({ RestoreId: order.RestoreId, Note }),
      onProgress: (progress) => observer.onProgress({ ...progress, RestoreId: order.RestoreId }),
    },
  );
  observer.onSummary(report.Summary);
  return answerRestore(report);
}
