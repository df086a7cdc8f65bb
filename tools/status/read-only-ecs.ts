import type { Ecs } from '../../lib/ecs/ecs';
import { CopyFailure } from '../../lib/ecs/errors';

/**
 * The function's ECS adapter with every call but DescribeSnapshots refused before it leaves the process: the status
 * runs the function as a dry run, which only reads, and this makes "only reads" hold whatever the function does, with
 * credentials that may only read (docs/status.md). Any method the port gains later is refused too.
 */
export function readOnlyEcs(ecs: Ecs): Ecs {
  return new Proxy(ecs, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (property === 'describeSnapshots' || typeof value !== 'function') {
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return () =>
        Promise.reject(
          new CopyFailure({
            Code: 'StatusIsReadOnly',
            Message: `npm run status only reads: the dry run asked for ${String(property)}, which it never sends`,
            errorClass: 'unknown',
          }),
        );
    },
  });
}
