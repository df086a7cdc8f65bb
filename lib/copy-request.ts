import * as z from 'zod/mini';

/**
 * What a caller sends: CopySnapshot's own parameter names, every one optional but SnapshotId because the
 * configuration fills the rest. Strict: a misspelt `RetentionDay` is an error, not a silently ignored field.
 * Only types are checked here; the API's rules are checked once the request is merged with the configuration.
 */
const optionalString = z.optional(z.string({ error: 'must be a string' }));

export const CopyRequestSchema = z.strictObject(
  {
    SnapshotId: z.string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') }),
    RegionId: optionalString,
    DestinationRegionId: optionalString,
    DestinationSnapshotName: optionalString,
    DestinationSnapshotDescription: optionalString,
    RetentionDays: z.optional(z.number({ error: 'must be a number of days' })),
    Tag: z.optional(
      z.array(
        z.strictObject({
          Key: z.string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') }),
          // "The tag value can be an empty string": a missing Value is the empty string.
          Value: z._default(z.string({ error: 'must be a string' }), ''),
        }),
        { error: 'must be a list of { "Key", "Value" }' },
      ),
    ),
    Encrypted: z.optional(z.boolean({ error: 'must be true or false' })),
    KMSKeyId: optionalString,
    ClientToken: optionalString,
  },
  { error: 'must be a JSON object with CopySnapshot parameters' },
);

export type CopyRequest = z.infer<typeof CopyRequestSchema>;
