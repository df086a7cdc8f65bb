import * as z from 'zod/mini';

/**
 * Options the drill and restore requests share: where they make their disks, and a dry run. Apart from copy-request.ts
 * so that the copy path's bundle (dist/index.js) does not carry them.
 */
export const OptionShape = {
  /** Default: a zone of the destination that sells the disks' categories, found with DescribeAvailableResource. */
  ZoneId: z.optional(z.string({ error: 'must be a zone ID such as us-east-1a' })),
  /** Say what would be done; do nothing. */
  DryRun: z.optional(z.boolean({ error: 'must be true or false' })),
};
