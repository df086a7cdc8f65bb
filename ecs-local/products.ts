import { type EcsError, ecsError } from './errors';

/**
 * What differs between the products this cloud serves, beyond their actions: the host a real answer names as its
 * `HostId`, what RAM answers a key whose policy lacks the action, and what flow control answers past the rate.
 */
export interface ProductFacts {
  host: string;
  ramRefusal: EcsError;
  throttling: EcsError;
}

const RPC_THROTTLING = ecsError(400, 'Throttling.User', 'Request was denied due to user flow control.');

const PRODUCTS: Readonly<Record<string, ProductFacts>> = {
  Ecs: {
    host: 'ecs.aliyuncs.com',
    ramRefusal: ecsError(
      403,
      'Forbidden.RAM',
      'User not authorized to operate on the specified resource, or this API does not support RAM.',
    ),
    throttling: RPC_THROTTLING,
  },
  // The answer to a caller without sts:AssumeRole is STS's documented NoPermission ("Cause 1",
  // https://www.alibabacloud.com/help/en/oss/how-to-handle-the-common-errors-when-you-access-oss-by-using-sts);
  // its HTTP status, and STS's flow control code, are UNVERIFIED.
  Sts: {
    host: 'sts.aliyuncs.com',
    ramRefusal: ecsError(
      403,
      'NoPermission',
      'No permission perform sts:AssumeRole on this Role. Maybe you are not authorized to perform sts:AssumeRole or the specified role does not trust you',
    ),
    throttling: RPC_THROTTLING,
  },
  // Resource Manager's answer to a key without resourcemanager:ListAccounts, and its flow control code: UNVERIFIED.
  ResourceManager: {
    host: 'resourcemanager.aliyuncs.com',
    ramRefusal: ecsError(403, 'NoPermission', 'You are not authorized to perform this operation.'),
    throttling: RPC_THROTTLING,
  },
  // FC's error table (https://www.alibabacloud.com/help/en/functioncompute/error-codes): 403 AccessDenied for a caller
  // without the permission; 429 ResourceExhausted is its answer past the concurrency limit, used here past the rate of
  // InvokeFunction calls too (FC's code for its API's flow control: UNVERIFIED).
  FC: {
    host: 'fc.aliyuncs.com',
    ramRefusal: ecsError(403, 'AccessDenied', 'the caller is not authorized to perform fc:InvokeFunction on the function'),
    throttling: ecsError(429, 'ResourceExhausted', 'Rate exceeded'),
  },
};

/** The facts of a product this cloud serves; ECS's for any other. */
export function productFacts(product: string): ProductFacts {
  return PRODUCTS[product] ?? (PRODUCTS.Ecs as ProductFacts);
}

/**
 * How the local HTTP endpoint tells the RPC products apart, as real ones are told apart by host: `/` and
 * `/<RegionId>/` are ECS, `/sts/` STS (sts.aliyuncs.com), `/resourcemanager/` Resource Manager
 * (resourcemanager.aliyuncs.com). pop-core posts to `<endpoint>/`, so `STS_ENDPOINT=http://127.0.0.1:<port>/sts`
 * reaches `/sts/`. FC's own API needs no prefix: its paths start `/2023-03-30/`.
 */
export function rpcProductOfPath(path: string): string | undefined {
  if (/^\/sts\/?$/.test(path)) return 'Sts';
  if (/^\/resourcemanager\/?$/.test(path)) return 'ResourceManager';
  return undefined;
}
