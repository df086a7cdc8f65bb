import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import * as z from 'zod/mini';
import { reserveMs } from '../../lib/calls/deadline';
import { backoffDelayMs, DEFAULT_RETRY_POLICY } from '../../lib/calls/retry';
import { loadConfiguration } from '../../lib/config/configuration';
import { CopyRequestSchema } from '../../lib/request/copy-request';
import { DrillRequestSchema } from '../../lib/restore-drill/drill-request';
import { deployedFunction, renderValue } from '../../tools/s-yaml';
import { documentedVariables } from '../support/docs';

const root = join(__dirname, '..', '..');
const sYaml = parse(readFileSync(join(root, 's.yaml'), 'utf8')) as unknown;

const ProjectSchema = z.object({
  edition: z.literal('3.0.0'),
  vars: z.record(z.string(), z.string()),
  resources: z.record(
    z.string(),
    z.object({
      component: z.literal('fc3'),
      actions: z.object({ 'pre-deploy': z.array(z.object({ run: z.string() })) }),
      props: z.record(z.string(), z.unknown()),
    }),
  ),
});
const project = ProjectSchema.parse(sYaml);
const [resource] = Object.values(project.resources);
if (!resource) throw new Error('s.yaml has no resource');
const props = resource.props;

const TriggersSchema = z.array(
  z.object({ triggerName: z.string(), triggerType: z.string(), triggerConfig: z.record(z.string(), z.unknown()) }),
);
const triggers = TriggersSchema.parse(props.triggers);

/** `${vars.x}` is Serverless Devs' own substitution; rendered as the tools render it, to check the values. */
function resolveVars(value: string): string {
  return value.replace(/\$\{vars\.[^}]*\}/g, (expression) => renderValue(expression, 's.yaml', project.vars, {}));
}

/** s.yaml parsed afresh, for a test to change. */
const freshCopy = () => z.record(z.string(), z.unknown()).parse(parse(readFileSync(join(root, 's.yaml'), 'utf8')));

/** The longest one copy can take: every attempt timing out, every backoff at its cap (throttling's, the higher). */
function longestCopyMs(): number {
  const policy = DEFAULT_RETRY_POLICY;
  let total = policy.maxAttempts * policy.attemptTimeoutMs;
  for (let retry = 0; retry < policy.maxAttempts - 1; retry++) {
    total += backoffDelayMs(retry, Math.max(policy.baseDelayMs, policy.throttledBaseDelayMs), policy.maxDelayMs, () => 1);
  }
  return total;
}

describe('s.yaml', () => {
  it("validates against the fc3 component's own schema", () => {
    // test/fixtures/fc3-schema.json is a copy of devsapp/fc3's src/schema.json (https://github.com/devsapp/fc3).
    const schema = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'fc3-schema.json'), 'utf8')) as object;
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);

    const valid = validate(JSON.parse(resolveVars(JSON.stringify(props))));

    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('deploys the bundle: nodejs20, code ./dist, a handler that dist/ exports, built before deploy', () => {
    expect(props.runtime).toBe('nodejs20');
    expect(props.code).toBe('./dist');
    const [file, exported] = String(props.handler).split('.');
    const bundle = join(root, String(props.code), `${file}.js`);
    expect(existsSync(bundle)).toBe(true);
    expect(typeof (require(bundle) as Record<string, unknown>)[exported ?? '']).toBe('function');
    expect(resource.actions['pre-deploy'].map((action) => action.run).join(' ')).toContain('npm run build');
  });

  it('has a timer trigger with `enable` (the schema would accept a misspelt `enabled`) and a valid payload', () => {
    const timer = triggers.find((trigger) => trigger.triggerType === 'timer');

    expect(timer).toBeDefined();
    expect(Object.keys(timer?.triggerConfig ?? {}).sort()).toEqual(['cronExpression', 'enable', 'payload']);
    expect(typeof timer?.triggerConfig.enable).toBe('boolean');
    const cron = String(timer?.triggerConfig.cronExpression).replace(/^CRON_TZ=\S+ /, '');
    expect(cron.split(' ')).toHaveLength(6);
    expect(CopyRequestSchema.safeParse(JSON.parse(String(timer?.triggerConfig.payload))).success).toBe(true);
  });

  it('has a second timer trigger, shipped disabled, that runs a weekly restore drill with a valid drill payload', () => {
    const drill = triggers.find(
      (trigger) => trigger.triggerType === 'timer' && String(trigger.triggerConfig.payload).includes('RestoreDrill'),
    );

    expect(drill?.triggerConfig.enable).toBe(false);
    expect(Object.keys(drill?.triggerConfig ?? {}).sort()).toEqual(['cronExpression', 'enable', 'payload']);
    // Seconds, minutes, hours, day of month, month, day of week: one fixed day of the week, by its name (cron
    // dialects differ on whether 0 or 7 is Sunday; names mean the same in all).
    const [, , , dayOfMonth, month, dayOfWeek] = String(drill?.triggerConfig.cronExpression)
      .replace(/^CRON_TZ=\S+ /, '')
      .split(' ');
    expect([dayOfMonth, month, dayOfWeek]).toEqual(['*', '*', expect.stringMatching(/^(SUN|MON|TUE|WED|THU|FRI|SAT)$/)]);
    expect(DrillRequestSchema.safeParse(JSON.parse(String(drill?.triggerConfig.payload)))).toMatchObject({
      success: true,
      data: { Action: 'RestoreDrill' },
    });
  });

  it('has an HTTP trigger for POST and GET that callers must sign (authType function, not anonymous)', () => {
    const http = triggers.find((trigger) => trigger.triggerType === 'http');

    expect(http?.triggerConfig.authType).toBe('function');
    expect(z.array(z.string()).parse(http?.triggerConfig.methods).sort()).toEqual(['GET', 'POST']);
    expect(Object.keys(http?.triggerConfig ?? {}).every((key) => ['authType', 'methods', 'disableURLInternet'].includes(key))).toBe(true);
  });

  it('runs in 128 MB with its logs in SLS, and a timeout that leaves one copy time for every retry', () => {
    const timeoutMs = z.number().check(z.int()).parse(props.timeout) * 1000;

    expect(props.memorySize).toBe(128);
    expect(props.logConfig).toBe('auto');
    // The function keeps back part of the timeout to log and answer, so that much is not there for the copy.
    expect(timeoutMs - reserveMs(timeoutMs)).toBeGreaterThanOrEqual(longestCopyMs());
  });

  it('retries a failed asynchronous invocation, then publishes it to an MNS topic of its own region', () => {
    const AsyncInvokeConfigSchema = z.object({
      maxAsyncRetryAttempts: z.number().check(z.int(), z.gte(1), z.lte(8)),
      destinationConfig: z.object({ onFailure: z.object({ destination: z.string() }) }),
    });
    const config = AsyncInvokeConfigSchema.parse(props.asyncInvokeConfig);
    const destination = resolveVars(config.destinationConfig.onFailure.destination);

    // FC's form for an MNS topic destination (https://www.alibabacloud.com/help/en/fc/user-guide/result-callback):
    // acs:mns:<region>::/topics/<topic>/messages.
    const match = /^acs:mns:([a-z0-9-]+)::\/topics\/([A-Za-z][A-Za-z0-9-]{0,255})\/messages$/.exec(destination);
    expect(match?.[1]).toBe(resolveVars(String(props.region)));
    // FC publishes with the function's role, so the role must be allowed to publish to that very topic.
    const policy = z
      .object({ Statement: z.array(z.object({ Action: z.array(z.string()), Resource: z.array(z.string()) })) })
      .parse(JSON.parse(readFileSync(join(root, 'ram-policy.json'), 'utf8')));
    const publishable = policy.Statement.filter((statement) => statement.Action.includes('mns:PublishMessage')).flatMap(
      (statement) => statement.Resource,
    );
    expect(publishable).toContain(`acs:mns:*:*:/topics/${match?.[2] ?? ''}/messages`);
  });

  it('sets every variable of the configuration reference (docs/configuration.md), and nothing else, to values the function accepts', () => {
    const documented = documentedVariables(readFileSync(join(root, 'docs', 'configuration.md'), 'utf8'));
    const environment = z.record(z.string(), z.string()).parse(props.environmentVariables);

    expect(Object.keys(environment).sort()).toEqual(documented);
    expect(() =>
      loadConfiguration(Object.fromEntries(Object.entries(environment).map(([key, value]) => [key, resolveVars(value)]))),
    ).not.toThrow();
  });

  it('derives every region from vars: changing vars.destinationRegion moves the destination and what HTTP callers may ask', () => {
    const changed = freshCopy();
    changed.vars = { ...z.record(z.string(), z.unknown()).parse(changed.vars), region: 'cn-shanghai', destinationRegion: 'ap-southeast-1' };

    const deployed = deployedFunction(changed, {});
    const configuration = loadConfiguration({ ...deployed.environment, FC_REGION: deployed.region });

    expect(deployed.region).toBe('cn-shanghai');
    expect(configuration.DestinationRegionIds).toEqual(['ap-southeast-1']);
    expect(configuration.CallerPolicy.DestinationRegions).toEqual(['ap-southeast-1']);
    expect(configuration.CallerPolicy.SourceRegions).toEqual(['cn-shanghai']);
  });

  it('names no region in its environment variables except through vars, so no second place can fall out of step', () => {
    const environment = z.record(z.string(), z.string()).parse(props.environmentVariables);
    const literalRegions = Object.entries(environment).filter(([, value]) =>
      /\b[a-z]{2}-[a-z]+(-\d+)?\b/.test(value.replace(/\$\{[^}]*\}/g, '')),
    );

    expect(literalRegions).toEqual([]);
  });

  it('ships the daily timer disabled, its payload naming a placeholder instance to replace before enabling it', () => {
    // Run as shipped, the placeholder matches no snapshot; the copy run must fail such a run loudly (issue 9, point 4).
    const timer = triggers.find((trigger) => trigger.triggerType === 'timer');

    expect(timer?.triggerConfig.enable).toBe(false);
    expect(JSON.parse(String(timer?.triggerConfig.payload))).toMatchObject({ InstanceIds: ['i-replacewithyourid'] });
  });
});
