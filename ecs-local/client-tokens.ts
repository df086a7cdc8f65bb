import { type ActionResult, fail, succeed } from './action';
import { ecsError } from './errors';

/** A ClientToken's first successful call: its business parameters and what it answered. */
interface Remembered {
  fingerprint: string;
  body: Record<string, unknown>;
}

/**
 * The ClientTokens of one account, by action: "the ClientToken ensures the idempotence of the request" (CopySnapshot
 * and CreateDisk pages). ECS does not document how long a token is remembered; here it is for the life of the cloud.
 */
export class ClientTokens {
  private readonly remembered = new Map<string, Remembered>();

  /**
   * The call made once per token: a repeat with the same parameters (`fingerprint`) answers what the first call
   * answered, even if the state has moved on since; with other parameters, `IdempotentParameterMismatch`. Without
   * a token, or for a token not seen yet, `act` runs, and a success of it is remembered.
   */
  once(Action: string, ClientToken: string | undefined, fingerprint: string, act: () => ActionResult): ActionResult {
    if (ClientToken === undefined) return act();
    const key = `${Action}\n${ClientToken}`;
    const earlier = this.remembered.get(key);
    if (earlier !== undefined) {
      if (earlier.fingerprint !== fingerprint) {
        return fail(
          ecsError(400, 'IdempotentParameterMismatch', 'The specified parameters are different from before with the same ClientToken.'),
        );
      }
      return succeed(earlier.body);
    }
    const result = act();
    if (result.ok) this.remembered.set(key, { fingerprint, body: result.body });
    return result;
  }
}
