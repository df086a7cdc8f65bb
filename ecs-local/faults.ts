import * as z from 'zod';
import { StagedRules } from './staged-rules';

/** A failure to stage for the next matching request, to see how a client copes with what real networks do. */
export type Fault =
  /** An ECS error body with that Code and HTTP status. */
  | { kind: 'error'; Code: string; Message?: string; status: number }
  /** 400 Throttling.User, the answer ECS gives past the account's flow control. */
  | { kind: 'throttle' }
  /** e.g. 503 with a JSON body `{"RequestId":...}` and no Code, which pop-core returns as a success. */
  | { kind: 'status-without-code'; status: number }
  /** e.g. 502 with a proxy's HTML page, Content-Type text/html, on which pop-core throws a bare SyntaxError. */
  | { kind: 'html'; status: number }
  /** The action is performed and the first half of its JSON answer is sent. */
  | { kind: 'truncated-json' }
  /** Wait, then perform the action and answer normally; past the client's timeout the action still happens. */
  | { kind: 'delay'; ms: number }
  /** Destroy the socket without answering, before even the signature is checked. */
  | { kind: 'drop' }
  /** Perform the action (a copy IS made), then destroy the socket without answering. */
  | { kind: 'lose-answer' }
  /** Perform the action and answer it, with the NextToken the request sent as the next one: a listing that never ends. */
  | { kind: 'repeat-next-token' }
  /** Bytes that are not HTTP, then close: a port that speaks something else, or a broken proxy. */
  | { kind: 'not-http' }
  /** Exactly this body with this status, e.g. `null` with 200 or `{"Code":503}` with 503, as a broken gateway sends. */
  | { kind: 'body'; status: number; body: string };

export interface FaultRule {
  /** Only requests for this Action; any Action when absent. */
  Action?: string;
  fault: Fault;
  /** How many matching requests it applies to; 1 when absent. */
  times?: number;
}

const httpStatus = z.number().int().min(100).max(599);

const FaultSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('error'), Code: z.string().min(1), Message: z.string().optional(), status: httpStatus }),
  z.strictObject({ kind: z.literal('throttle') }),
  z.strictObject({ kind: z.literal('status-without-code'), status: httpStatus }),
  z.strictObject({ kind: z.literal('html'), status: httpStatus }),
  z.strictObject({ kind: z.literal('truncated-json') }),
  z.strictObject({ kind: z.literal('delay'), ms: z.number().int().min(0).max(600_000) }),
  z.strictObject({ kind: z.literal('drop') }),
  z.strictObject({ kind: z.literal('lose-answer') }),
  z.strictObject({ kind: z.literal('repeat-next-token') }),
  z.strictObject({ kind: z.literal('not-http') }),
  z.strictObject({ kind: z.literal('body'), status: httpStatus, body: z.string().max(65_536) }),
]) satisfies z.ZodType<Fault>;

/** Strict, so that a misspelt field makes the rule fail loudly instead of staging another fault. */
export const FaultRuleSchema = z.strictObject({
  Action: z.string().min(1).optional(),
  fault: FaultSchema,
  times: z.number().int().positive().optional(),
}) satisfies z.ZodType<FaultRule>;

/** Rules in the order they were injected; a request is served by the first one that matches its Action. */
export class FaultQueue extends StagedRules<Fault> {
  /** Throws on a malformed rule. */
  add(rule: FaultRule): void {
    const parsed = FaultRuleSchema.parse(rule);
    this.stage(parsed.Action, parsed.fault, parsed.times);
  }
}
