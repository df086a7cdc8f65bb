import * as z from 'zod/mini';

/** The parts of FC's `context` the function uses (function-compute.md). Anything missing is tolerated: a local run
 * or a test may pass less, and the function falls back to its configuration and defaults. */
const FcContextSchema = z.object({
  requestId: z.optional(z.string()),
  region: z.optional(z.string()),
  credentials: z.optional(z.unknown()),
  function: z.optional(z.object({ timeout: z.optional(z.number().check(z.positive())) })),
});

export interface FcContext {
  requestId: string | undefined;
  region: string | undefined;
  credentials: unknown;
  timeoutSeconds: number | undefined;
}

export function parseFcContext(context: unknown): FcContext {
  const parsed = FcContextSchema.safeParse(context);
  const data = parsed.success ? parsed.data : {};
  return {
    requestId: data.requestId,
    region: data.region,
    credentials: data.credentials,
    timeoutSeconds: data.function?.timeout,
  };
}
