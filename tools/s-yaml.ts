// The function's settings as `s deploy` gives them to FC, read from s.yaml for the tools that run the bundle
// locally (`npm start`, `npm run invoke`): one reading, so that both run the function as it is deployed.
import { parse } from 'yaml';
import * as z from 'zod/mini';
import { readInputFile, ToolError } from './tool-error';

type Environment = Readonly<Record<string, string | undefined>>;

/** What FC is given by s.yaml: where the function runs, its timeout, and its environment variables. */
export interface DeployedFunction {
  /** `props.region`: the region FC runs the function in (FC_REGION there). */
  region: string;
  timeoutSeconds: number;
  environment: Record<string, string>;
  /** Each timer trigger's name and payload, as the trigger sends it. */
  timers: { triggerName: string; payload: string }[];
}

const ScalarSchema = z.union([z.string(), z.number(), z.boolean()]);

const ProjectSchema = z.object({
  vars: z.optional(z.record(z.string(), z.unknown())),
  resources: z.record(
    z.string(),
    z.object({
      props: z.object({
        region: z.string(),
        timeout: z.number(),
        environmentVariables: z.optional(z.record(z.string(), ScalarSchema)),
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

/** `${vars.a.b}`, `${env('NAME')}` and `${env('NAME', 'default')}`; any other `${...}` is named as not rendered. */
const EXPRESSION = /\$\{([^}]*)\}/g;
const VARS = /^\s*vars((?:\.[A-Za-z0-9_-]+)+)\s*$/;
const ENV = /^\s*env\(\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1\s*(?:,\s*(['"])(.*?)\3\s*)?\)\s*$/;

/**
 * Renders Serverless Devs' variables in one value as `s deploy` does (`${vars.*}`, `${env('NAME'[, 'default'])}`:
 * https://github.com/Serverless-Devs/Serverless-Devs/blob/master/docs/zh/yaml.md, "变量赋值"). Throws, naming `where`,
 * on a variable that is not there and on the kinds the tools do not render (`${config(...)}`, `${file(...)}`, ...).
 */
export function renderValue(text: string, where: string, vars: Readonly<Record<string, unknown>>, env: Environment): string {
  return text.replace(EXPRESSION, (expression: string, inner: string) => {
    const path = VARS.exec(inner);
    if (path) {
      const value = (path[1] ?? '')
        .slice(1)
        .split('.')
        .reduce<unknown>(
          (node, key) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined),
          vars,
        );
      const scalar = ScalarSchema.safeParse(value);
      if (!scalar.success) throw new ToolError(`s.yaml: ${where} uses ${expression}, and vars has no such text or number`);
      return String(scalar.data);
    }
    const call = ENV.exec(inner);
    if (call) {
      const name = call[2] ?? '';
      const value = env[name] ?? call[4];
      if (value === undefined) throw new ToolError(`s.yaml: ${where} uses ${expression}: set the environment variable ${name}`);
      return value;
    }
    throw new ToolError(`s.yaml: ${where} uses ${expression}, which only Serverless Devs renders (the tools render vars and env)`);
  });
}

/** The function of a parsed s.yaml (its first resource), rendered with `env` for `${env(...)}`. */
export function deployedFunction(project: unknown, env: Environment = process.env): DeployedFunction {
  const parsed = ProjectSchema.safeParse(project);
  if (!parsed.success)
    throw new ToolError(`s.yaml: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
  const [name, resource] = Object.entries(parsed.data.resources)[0] ?? [];
  if (name === undefined || resource === undefined) throw new ToolError('s.yaml has no resource');
  const vars = parsed.data.vars ?? {};
  const props = resource.props;
  const render = (text: string, where: string) => renderValue(text, `resources.${name}.props.${where}`, vars, env);
  return {
    region: render(props.region, 'region'),
    timeoutSeconds: props.timeout,
    environment: Object.fromEntries(
      Object.entries(props.environmentVariables ?? {}).map(([key, value]) => [key, render(String(value), `environmentVariables.${key}`)]),
    ),
    timers: (props.triggers ?? [])
      .filter((trigger) => trigger.triggerType === 'timer')
      .map((trigger) => ({
        triggerName: trigger.triggerName,
        payload: render(trigger.triggerConfig?.payload ?? '', `triggers.${trigger.triggerName}.payload`),
      })),
  };
}

/** s.yaml in the working directory (the repository's root under npm run). */
export function readSYaml(env: Environment = process.env, path = 's.yaml'): DeployedFunction {
  const text = readInputFile(path, "run the tools from the repository's root").toString('utf8');
  let project: unknown;
  try {
    project = parse(text);
  } catch (error) {
    throw new ToolError(`${path} is not valid YAML: ${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}`);
  }
  return deployedFunction(project, env);
}

/**
 * The environment the function sees when it runs locally as s.yaml deploys it: s.yaml's variables and FC_REGION
 * (which FC sets), each replaced by the same variable in `shell` when that one is set, even to an empty value.
 * Returns the merged variables and the names the shell replaced.
 */
export function functionEnvironment(
  deployed: DeployedFunction,
  shell: Environment,
): { environment: Record<string, string>; fromShell: string[] } {
  const fromSYaml: Record<string, string> = { ...deployed.environment, FC_REGION: deployed.region };
  const fromShell = Object.keys(fromSYaml).filter((key) => shell[key] !== undefined);
  const environment = Object.fromEntries(Object.entries(fromSYaml).map(([key, value]) => [key, shell[key] ?? value]));
  return { environment, fromShell };
}
