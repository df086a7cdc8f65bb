// What the tools need to run the bundle the way FC does: load dist/index.js and build an invocation `context`
// like FC's nodejs20 runtime passes (tools/fc-fixtures.ts).
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
