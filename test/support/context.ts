/** The regions and the FC `context` most tests use, built on the fixtures every test, tool and benchmark shares. */
import { CANARY_CREDENTIALS, type FcContext, type FcContextOptions, fcContext } from '../../tools/fc-fixtures';

export const SOURCE_REGION = 'cn-hangzhou';
export const DESTINATION_REGION = 'us-east-1';

/** FC's context for one invocation in the source region, signed with the canary credentials, 30 s timeout. */
export function invocationContext(options: Partial<FcContextOptions> = {}): FcContext {
  return fcContext({
    requestId: `fc-${Math.random().toString(36).slice(2)}`,
    region: SOURCE_REGION,
    credentials: CANARY_CREDENTIALS,
    timeoutSeconds: 30,
    ...options,
  });
}
