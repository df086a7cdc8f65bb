// What the tools need to run the bundle the way FC does: load dist/index.js and build an invocation `context`
// like FC's nodejs20 runtime passes (requestId, region, credentials, function).
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import * as z from 'zod/mini';
import { ToolError } from './tool-error';

export type FcHandler = (event: Buffer, context: unknown) => Promise<unknown>;

/** The bundle FC runs, loaded from disk as FC's nodejs20 runtime does (`handler: index.handler`). */
export function loadBundledHandler(): FcHandler {
  const bundle = resolve('dist', 'index.js');
  if (!existsSync(bundle)) throw new ToolError(`${bundle} is missing: run npm run build`);
  const loaded = z.object({ handler: z.custom<FcHandler>((value) => typeof value === 'function') }).safeParse(require(bundle));
  if (!loaded.success) throw new ToolError(`${bundle} does not export a handler function: run npm run build`);
  return loaded.data.handler;
}

export interface ContextCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

export function fcContext(options: { region: string | undefined; timeoutSeconds: number; credentials?: ContextCredentials }) {
  return {
    requestId: randomUUID(),
    region: options.region,
    ...(options.credentials ? { credentials: options.credentials } : {}),
    function: { name: 'snapshot-copy', handler: 'index.handler', memory: 128, timeout: options.timeoutSeconds },
  };
}
