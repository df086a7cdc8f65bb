// Where `npm run status` gets the function's configuration: s.yaml's environment, as `npm start` applies it, under
// whatever the operator exported; and the request the timer sends. Kept behind `deployedSettings` alone, so that the
// s.yaml reading can move to a shared module without touching the rest of the status tool.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import * as z from 'zod/mini';
import { readSYaml } from '../fc-runtime';

type Environment = Readonly<Record<string, string | undefined>>;

export interface DeployedSettings {
  /** The environment the function runs with: s.yaml's `environmentVariables`, each overridden by an exported one. */
  env: Record<string, string | undefined>;
  /** The function's region (FC's `context.region`): the source region when SOURCE_REGION_ID is empty. */
  region: string;
  timeoutSeconds: number;
  /** The first timer trigger's payload: the request the timer sends (empty means SELECTION). */
  timer: { triggerName: string; payload: string } | undefined;
}

const TriggersSchema = z.object({
  resources: z.record(
    z.string(),
    z.object({
      props: z.object({
        triggers: z.optional(
          z.array(
            z.object({
              triggerName: z.string(),
              triggerType: z.string(),
              triggerConfig: z.optional(z.object({ payload: z.optional(z.string()) })),
            }),
          ),
        ),
      }),
    }),
  ),
});

export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

/** s.yaml in the working directory, under the exported environment (an exported variable wins, even empty). */
export function deployedSettings(exported: Environment): DeployedSettings {
  const sYamlPath = 's.yaml';
  let deployed: ReturnType<typeof readSYaml>;
  let text: string;
  try {
    text = readFileSync(sYamlPath, 'utf8');
    deployed = readSYaml();
  } catch (error) {
    const reason = error instanceof Error && 'code' in error && error.code === 'ENOENT' ? 'is missing' : 'cannot be read';
    throw new SettingsError(`${sYamlPath} ${reason} in ${process.cwd()}: run npm run status from the repository's root`);
  }
  // FC sets FC_REGION to the function's region (function-compute.md); npm start does the same.
  const env: Record<string, string | undefined> = { ...deployed.environment, FC_REGION: deployed.region };
  for (const [name, value] of Object.entries(exported)) if (value !== undefined) env[name] = value;
  const triggers = Object.values(TriggersSchema.safeParse(parse(text)).data?.resources ?? {}).flatMap(
    (resource) => resource.props.triggers ?? [],
  );
  const timer = triggers.find((trigger) => trigger.triggerType === 'timer');
  return {
    env,
    region: env.FC_REGION?.trim() || deployed.region,
    timeoutSeconds: deployed.timeoutSeconds,
    timer: timer ? { triggerName: timer.triggerName, payload: timer.triggerConfig?.payload ?? '' } : undefined,
  };
}
