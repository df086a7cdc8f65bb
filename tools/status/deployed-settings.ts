// Where `npm run status` gets the function's configuration: s.yaml's environment, as `npm start` applies it, under
// whatever the operator exported; and the request the timer sends. Kept behind `deployedSettings` alone, so that the
// s.yaml reading can move to a shared module without touching the rest of the status tool.
import { useCaseOfBody } from '../../functions/copy-snapshot/use-cases';
import { functionEnvironment, readSYaml } from '../s-yaml';
import { ToolError } from '../tool-error';

type Environment = Readonly<Record<string, string | undefined>>;

export interface DeployedSettings {
  /** The environment the function runs with: s.yaml's `environmentVariables`, each overridden by an exported one. */
  env: Record<string, string | undefined>;
  /** The function's region (FC's `context.region`): the source region when SOURCE_REGION_ID is empty. */
  region: string;
  timeoutSeconds: number;
  /**
   * The first timer trigger that asks for copies, and its payload: the request the timer sends (empty means
   * SELECTION). A restore drill's timer (`"Action": "RestoreDrill"`) is passed over: the status reports copies.
   */
  timer: { triggerName: string; payload: string } | undefined;
}

export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

/** s.yaml in the working directory, under the exported environment (an exported variable wins, even empty). */
export function deployedSettings(exported: Environment, sYaml = 's.yaml'): DeployedSettings {
  let deployed: ReturnType<typeof readSYaml>;
  try {
    deployed = readSYaml(exported, sYaml);
  } catch (error) {
    if (error instanceof ToolError) throw new SettingsError(`${error.message} (run npm run status from the repository's root)`);
    throw error;
  }
  // FC sets FC_REGION to the function's region (https://www.alibabacloud.com/help/en/functioncompute/fc/environment-variables);
  // npm start and npm run invoke do the same.
  const env: Record<string, string | undefined> = { ...functionEnvironment(deployed, exported).environment };
  for (const [name, value] of Object.entries(exported)) if (value !== undefined) env[name] = value;
  return {
    env,
    region: env.FC_REGION?.trim() || deployed.region,
    timeoutSeconds: deployed.timeoutSeconds,
    timer: deployed.timers.find((timer) => useCaseOfBody(jsonOrText(timer.payload)) === 'copy'),
  };
}

/** A payload read as the function reads it; text that is not JSON is left for the function to refuse. */
function jsonOrText(payload: string): unknown {
  try {
    return JSON.parse(payload);
  } catch {
    return payload;
  }
}
