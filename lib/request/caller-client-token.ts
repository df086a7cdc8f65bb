import * as z from 'zod/mini';
import { ClientTokenSchema } from '../ecs/copy-snapshot-parameters';

/**
 * Every ClientToken the function derives for a copy starts with this (lib/copy/client-token.ts), and no token a
 * caller sends may: ECS makes one copy per token and answers `IdempotentParameterMismatch` to the same token with
 * other parameters, so a caller who sent the token derived for snapshot A along with snapshot B would make ECS
 * refuse the operator's own copy of A. The derivation is public (this repository), so keeping derived tokens out of
 * answers would not keep them secret: the two sets of tokens are kept apart instead.
 */
export const DERIVED_CLIENT_TOKEN_PREFIX = 'sc-';

/** A ClientToken as a request may send it: CopySnapshot's rule, outside the tokens the function derives. */
export const CallerClientTokenSchema = ClientTokenSchema.check(
  z.refine((token) => !token.startsWith(DERIVED_CLIENT_TOKEN_PREFIX), {
    error: `must not start with "${DERIVED_CLIENT_TOKEN_PREFIX}": tokens starting so are the ones the function derives for its own copies; send any other token, or none`,
  }),
);
