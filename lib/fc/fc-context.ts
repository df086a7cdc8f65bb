import * as z from 'zod/mini';

/** The parts of FC's `context` the function uses (https://www.alibabacloud.com/help/en/functioncompute/user-guide/context). */
export interface FcContext {
  requestId: string | undefined;
  region: string | undefined;
  /** Parsed where they are used (lib/ecs/credentials.ts), which falls back to the environment outside FC. */
  credentials: unknown;
  timeoutSeconds: number | undefined;
}

const TextSchema = z.string().check(z.minLength(1));
const TimeoutSchema = z.number().check(z.positive(), z.refine(Number.isFinite));

/**
 * FC documents `requestId` as a string; a runtime or a local invoker that hands a number has it kept as its text, so
 * the invocation's log lines and answers still carry it (UNVERIFIED that FC itself ever does).
 */
const requestIdOf = (value: unknown) => TextSchema.safeParse(Number.isFinite(value) ? String(value) : value).data;

/**
 * Each field is read on its own: a field of another type than FC documents (a string `function.timeout`, a `null`
 * region) is left out, and the others are kept. Reading the context as one object would throw all of it away for one
 * odd field, the credentials included, and the invocation would then fail as MissingCredentials. Anything missing
 * is tolerated: a local run or a test may pass less, and the function falls back to its configuration and defaults.
 */
export function parseFcContext(context: unknown): FcContext {
  const fields = asRecord(context);
  return {
    requestId: requestIdOf(fields.requestId),
    region: TextSchema.safeParse(fields.region).data,
    credentials: fields.credentials,
    timeoutSeconds: TimeoutSchema.safeParse(asRecord(fields.function).timeout).data,
  };
}

function asRecord(value: unknown): Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}
