import type { EcsVariants } from './variants';

/**
 * CopySnapshot calls being handled, by account and ClientToken, for the `clientTokenInFlight: 'conflict'` variant:
 * a second call with a token whose first call has not been answered gets 409 `InvalidOperation.Conflict`
 * ("conflict with a previous request, try again later", CopySnapshot's error table; that ECS answers it to this
 * case is UNVERIFIED). A call is in flight from its authentication to its answer, a `delay` fault included.
 */
export class InFlightClientTokens {
  private readonly tokens = new Set<string>();

  /** `conflict`, or what to call once the call is answered (nothing to do when the variant is off). */
  enter(accountId: string, params: ReadonlyMap<string, string>, variants: Readonly<EcsVariants>): 'conflict' | (() => void) {
    const token = params.get('ClientToken');
    if (variants.clientTokenInFlight !== 'conflict' || params.get('Action') !== 'CopySnapshot' || !token) return () => {};
    const key = `${accountId}\n${token}`;
    if (this.tokens.has(key)) return 'conflict';
    this.tokens.add(key);
    return () => this.tokens.delete(key);
  }
}
