import * as z from 'zod';
import { StagedRules } from './staged-rules';

/**
 * What can happen to an asynchronous invocation's delivery beyond the function's own failure, to see how the code
 * under test copes with FC's at-least-once delivery: the task delivered twice (`duplicate-delivery`, the second
 * `afterMs` after the first, 0 by default), or late (`delay`). A rule applies to the next `times` deliveries (1 by
 * default; first deliveries and retries alike) of the function it names, or of any function.
 */
export type DeliveryFault = { kind: 'duplicate-delivery'; afterMs?: number } | { kind: 'delay'; ms: number };

export interface DeliveryFaultRule {
  functionName?: string;
  fault: DeliveryFault;
  times?: number;
}

const DeliveryFaultSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('duplicate-delivery'), afterMs: z.number().int().min(0).max(86_400_000).optional() }),
  z.strictObject({ kind: z.literal('delay'), ms: z.number().int().min(0).max(86_400_000) }),
]) satisfies z.ZodType<DeliveryFault>;

export const DeliveryFaultRuleSchema = z.strictObject({
  functionName: z.string().min(1).optional(),
  fault: DeliveryFaultSchema,
  times: z.number().int().positive().optional(),
}) satisfies z.ZodType<DeliveryFaultRule>;

/** Rules in the order injected; a delivery takes the first that matches its function. */
export class DeliveryFaults extends StagedRules<DeliveryFault> {
  /** Throws on a malformed rule. */
  add(rule: DeliveryFaultRule): void {
    const parsed = DeliveryFaultRuleSchema.parse(rule);
    this.stage(parsed.functionName, parsed.fault, parsed.times);
  }
}
