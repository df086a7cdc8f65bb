import * as z from 'zod';

// The fields every ECS Describe* answer of the local endpoint writes alike, for the tests that parse those answers.
// Times are UTC to the second, as the API pages show them in their examples (CreationTime of
// https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describesnapshots).

/** A time as ECS writes it: yyyy-MM-ddTHH:mm:ssZ. */
export const EcsTimeSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);

/** A resource's Tags as ECS writes them, with no field beyond TagKey and TagValue. */
export const TagsSchema = z.strictObject({ Tag: z.array(z.strictObject({ TagKey: z.string(), TagValue: z.string() })) });
