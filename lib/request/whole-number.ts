import * as z from 'zod/mini';

/** A whole number from min to max, with one message naming the range (a refine: zod's int/gte/lte checks cost bytes). */
export const wholeNumber = (what: string, min: number, max: number) =>
  z
    .number({ error: `must be a number of ${what}` })
    .check(
      z.refine((n) => Number.isInteger(n) && n >= min && n <= max, { error: `must be a whole number of ${what} from ${min} to ${max}` }),
    );
