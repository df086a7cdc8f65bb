import * as z from 'zod';

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
export class DeliveryFaults {
  private staged: Array<{ functionName: string | undefined; fault: DeliveryFault; remaining: number }> = [];

  /** Throws on a malformed rule. */
  add(rule: DeliveryFaultRule): void {
    const parsed = DeliveryFaultRuleSchema.parse(rule);
    this.staged.push({ functionName: parsed.functionName, fault: parsed.fault, remaining: parsed.times ?? 1 });
  }

  clear(): void {
    this.staged = [];
  }

  /** The fault of the next delivery of `functionName`, used up. */
  take(functionName: string): DeliveryFault | undefined {
    const rule = this.staged.find((candidate) => candidate.functionName === undefined || candidate.functionName === functionName);
    if (rule === undefined) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.staged = this.staged.filter((candidate) => candidate !== rule);
    return rule.fault;
  }
}
