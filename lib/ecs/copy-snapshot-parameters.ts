import * as z from 'zod/mini';
import { RegionIdSchema, SnapshotIdSchema } from './identifiers';
import { wellFormedUnicode } from './unicode';

/**
 * The rules of the CopySnapshot API page
 * (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-copysnapshot) and of the
 * SDK's field docs (`@alicloud/ecs20140526` `src/models/CopySnapshotRequest.ts`), checked before any call so that a bad
 * request costs no API call and names the field and the rule.
 */

const startsWithUrl = (value: string) => /^https?:\/\//i.test(value);
const containsUrl = (value: string) => /https?:\/\//i.test(value);
const startsWithReservedPrefix = (value: string) => /^(acs:|aliyun)/i.test(value);

/** "2 to 128 characters … letters, digits, colons (:), underscores (_), periods (.), and hyphens (-). It must start
 * with a letter and cannot start with http:// or https://." Chinese letters count as letters (`@alicloud/ecs20140526`
 * `src/models/CopySnapshotRequest.ts`: "must start with a letter or a Chinese character"). */
export const DestinationSnapshotNameSchema = z.string({ error: 'is required' }).check(
  wellFormedUnicode(),
  z.minLength(2, { error: 'must be 2 to 128 characters long' }),
  z.maxLength(128, { error: 'must be 2 to 128 characters long' }),
  z.refine((value) => !startsWithUrl(value), { error: 'must not start with http:// or https://' }),
  z.regex(/^\p{L}/u, { error: 'must start with a letter' }),
  z.regex(/^[\p{L}\p{N}:_.-]*$/u, {
    error: 'may contain only letters, digits, colons (:), underscores (_), periods (.) and hyphens (-)',
  }),
);

/** "2 to 256 characters in length and cannot start with http:// or https://". */
export const DestinationSnapshotDescriptionSchema = z.string({ error: 'is required' }).check(
  wellFormedUnicode(),
  z.minLength(2, { error: 'must be 2 to 256 characters long' }),
  z.maxLength(256, { error: 'must be 2 to 256 characters long' }),
  z.refine((value) => !startsWithUrl(value), { error: 'must not start with http:// or https://' }),
);

/** "Valid values: 1 to 65536." Absent means the copy is never released automatically. */
export const RetentionDaysSchema = z.number({ error: 'must be a number of days' }).check(
  z.refine((value) => Number.isInteger(value) && value >= 1 && value <= 65536, {
    error: 'must be an integer from 1 to 65536',
  }),
);

/** "The tag key cannot be an empty string. It can be up to 128 characters in length and cannot contain http:// or
 * https://. It cannot start with acs: or aliyun." */
export const TagKeySchema = z.string({ error: 'must be a string' }).check(
  wellFormedUnicode(),
  z.minLength(1, { error: 'must not be empty' }),
  z.maxLength(128, { error: 'must be at most 128 characters long' }),
  z.refine((value) => !containsUrl(value), { error: 'must not contain http:// or https://' }),
  z.refine((value) => !startsWithReservedPrefix(value), { error: 'must not start with acs: or aliyun' }),
);

/** "The tag value can be an empty string. It can be up to 128 characters … same forbidden content and prefixes." */
export const TagValueSchema = z.string({ error: 'must be a string' }).check(
  wellFormedUnicode(),
  z.maxLength(128, { error: 'must be at most 128 characters long' }),
  z.refine((value) => !containsUrl(value), { error: 'must not contain http:// or https://' }),
  z.refine((value) => !startsWithReservedPrefix(value), { error: 'must not start with acs: or aliyun' }),
);

/** ≤64 ASCII characters, case-sensitive (CopySnapshot, ClientToken). */
export const ClientTokenSchema = z
  .string({ error: 'must be a string' })
  .check(wellFormedUnicode(), z.regex(/^[\x21-\x7e]{1,64}$/, { error: 'must be 1 to 64 printable ASCII characters without spaces' }));

/** A key of the destination region (`KMSKeyId`, "KMS key in the destination region":
 * https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-copysnapshot). */
export const KMSKeyIdSchema = z
  .string({ error: 'must be a string' })
  .check(wellFormedUnicode(), z.regex(/^[\x21-\x7e]{1,256}$/, { error: 'must be a KMS key ID, alias or ARN without spaces' }));

export const MAX_TAGS = 20;

export interface Tag {
  Key: string;
  Value: string;
}

/** Tags as a caller gives them: each by the page's rules, keys unique. How many fit is counted where all are known. */
export const TagListSchema = z
  .array(z.object({ Key: TagKeySchema, Value: TagValueSchema }), { error: 'must be a list of { "Key", "Value" }' })
  .check(
    z.superRefine((tags, ctx) => {
      const firstIndex = new Map<string, number>();
      tags.forEach((tag, index) => {
        const earlier = firstIndex.get(tag.Key);
        if (earlier === undefined) {
          firstIndex.set(tag.Key, index);
          return;
        }
        ctx.issues.push({
          code: 'custom',
          input: tag.Key,
          path: [index, 'Key'],
          message: `duplicates Tag.${earlier + 1}.Key: tag keys must be unique`,
        });
      });
    }),
  );

/** Everything CopySnapshot is called with, after the request was merged with the configuration. */
export const CopySnapshotParametersSchema = z
  .object({
    RegionId: RegionIdSchema,
    SnapshotId: SnapshotIdSchema,
    DestinationRegionId: RegionIdSchema,
    DestinationSnapshotName: DestinationSnapshotNameSchema,
    DestinationSnapshotDescription: DestinationSnapshotDescriptionSchema,
    RetentionDays: z.optional(RetentionDaysSchema),
    Tag: TagListSchema.check(z.maxLength(MAX_TAGS, { error: `must hold at most ${MAX_TAGS} tags` })),
    Encrypted: z.optional(z.boolean({ error: 'must be true or false' })),
    KMSKeyId: z.optional(KMSKeyIdSchema),
    ClientToken: ClientTokenSchema,
  })
  .check(
    z.superRefine((parameters, ctx) => {
      if (parameters.DestinationRegionId === parameters.RegionId) {
        ctx.issues.push({
          code: 'custom',
          input: parameters.DestinationRegionId,
          path: ['DestinationRegionId'],
          message: 'must differ from RegionId: CopySnapshot copies to another region',
        });
      }
      if (parameters.KMSKeyId !== undefined && parameters.Encrypted !== true) {
        ctx.issues.push({
          code: 'custom',
          input: parameters.KMSKeyId,
          path: ['KMSKeyId'],
          message: 'needs Encrypted set to true: the key encrypts the copy',
        });
      }
    }),
  );

export type CopySnapshotParameters = z.infer<typeof CopySnapshotParametersSchema>;
