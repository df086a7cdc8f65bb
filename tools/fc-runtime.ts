// What the tools need to run the bundle the way FC does: load dist/index.js and read s.yaml's settings (the
// invocation `context` is in fc-fixtures.ts).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import * as z from 'zod/mini';

export type FcHandler = (event: Buffer, context: unknown) => Promise<unknown>;

/** The bundle FC runs, loaded from disk as FC's nodejs20 runtime does (`handler: index.handler`). */
export function loadBundledHandler(): FcHandler {
  const bundle = resolve('dist', 'index.js');
  const loaded = z.object({ handler: z.custom<FcHandler>((value) => typeof value === 'function') }).safeParse(require(bundle));
  if (!loaded.success) throw new Error(`${bundle} does not export a handler function: run npm run build`);
  return loaded.data.handler;
}

const SYamlSchema = z.object({
  vars: z.record(z.string(), z.string()),
  resources: z.record(
    z.string(),
    z.object({ props: z.object({ region: z.string(), timeout: z.number(), environmentVariables: z.record(z.string(), z.string()) }) }),
  ),
});

/** The function's settings as s.yaml deploys them, with `${vars.x}` resolved as Serverless Devs does. */
export function readSYaml(): { region: string; timeoutSeconds: number; environment: Record<string, string> } {
  const project = SYamlSchema.parse(parse(readFileSync('s.yaml', 'utf8')));
  const props = Object.values(project.resources)[0]?.props;
  if (!props) throw new Error('s.yaml has no resource');
  const resolveVars = (value: string) => value.replace(/\$\{vars\.(\w+)\}/g, (_, name: string) => project.vars[name] ?? '');
  return {
    region: resolveVars(props.region),
    timeoutSeconds: props.timeout,
    environment: Object.fromEntries(Object.entries(props.environmentVariables).map(([key, value]) => [key, resolveVars(value)])),
  };
}
