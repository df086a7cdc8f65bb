import { type EcsError, ecsError } from './errors';
import { lengthOf, nonEmpty } from './params';

/** A rule one parameter must follow when it is given (not empty); undefined when the value passes. */
export type ParamRule = (value: string, name: string) => EcsError | undefined;

/**
 * ClientToken: "≤64 ASCII characters" (CopySnapshot and CreateDisk pages,
 * https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-copysnapshot); the code for a
 * longer or non-ASCII token is UNVERIFIED.
 */
export const clientToken: ParamRule = (value) =>
  /^[\x20-\x7e]{1,64}$/.test(value)
    ? undefined
    : ecsError(400, 'InvalidParameter.ClientToken', 'The specified ClientToken must be at most 64 ASCII characters.');

/**
 * Description of a disk or an image: "2 to 256 characters, not starting with http:// or https://" (CreateDisk and
 * CreateImage pages); the empty string is no description.
 */
export const description: ParamRule = (value) =>
  value !== '' && (lengthOf(value) < 2 || lengthOf(value) > 256 || /^https?:\/\//i.test(value))
    ? ecsError(400, 'InvalidDescription.Malformed', 'The specified description is wrongly formed.')
    : undefined;

/** `true` or `false`, in any case; else `InvalidParameter.<Name>` (the form the Encrypted and Force codes take). */
export const trueOrFalse: ParamRule = (value, name) =>
  /^(true|false)$/i.test(value)
    ? undefined
    : ecsError(400, `InvalidParameter.${name}`, `The specified parameter "${name}" must be true or false.`);

/**
 * An integer from `min` to `max`; else `InvalidParameter.<Name>` (the form ECS's tables use for a parameter out of its
 * range, e.g. DescribeSnapshots' `InvalidParameter.MaxResults`; the code for each action's own parameters is
 * UNVERIFIED).
 */
export const integerFrom =
  (min: number, max: number): ParamRule =>
  (value, name) => {
    const number = /^-?\d{1,16}$/.test(value) ? Number(value) : Number.NaN;
    return number >= min && number <= max
      ? undefined
      : ecsError(400, `InvalidParameter.${name}`, `The specified parameter "${name}" must be an integer from ${min} to ${max}.`);
  };

/** One of `values`, exactly (case-sensitive); else `InvalidParameter.<Name>` (UNVERIFIED, as for `integerFrom`). */
export const oneOf =
  (values: readonly string[]): ParamRule =>
  (value, name) =>
    values.includes(value)
      ? undefined
      : ecsError(400, `InvalidParameter.${name}`, `The specified parameter "${name}" must be one of ${values.join(', ')}.`);

/** The first rule of `rules` a given parameter breaks, in the order the rules are written. */
export function checkParamRules(rules: Readonly<Record<string, ParamRule>>, params: ReadonlyMap<string, string>): EcsError | undefined {
  for (const [name, rule] of Object.entries(rules)) {
    const value = nonEmpty(params, name);
    const error = value === undefined ? undefined : rule(value, name);
    if (error !== undefined) return error;
  }
  return undefined;
}
