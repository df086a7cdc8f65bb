// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are s.yaml's own ${...} syntax, not templates
import { type DeployedFunction, functionEnvironment, renderValue } from '../../tools/s-yaml';

describe("the tools' reading of s.yaml", () => {
  const vars = { region: 'cn-hangzhou', destinationRegion: 'us-east-1', nested: { days: 30 } };

  it('renders ${vars.x}, nested vars and several variables in one value as s deploy does', () => {
    expect(renderValue('${vars.destinationRegion}', 'X', vars, {})).toBe('us-east-1');
    expect(renderValue('${vars.region},${vars.destinationRegion}', 'X', vars, {})).toBe('cn-hangzhou,us-east-1');
    expect(renderValue('${vars.nested.days}', 'X', vars, {})).toBe('30');
  });

  it("renders ${env('NAME')} from the shell, and ${env('NAME', 'default')} without it", () => {
    expect(renderValue("${env('TOPIC')}", 'X', vars, { TOPIC: 'alerts' })).toBe('alerts');
    expect(renderValue("${env('TOPIC', 'fallback')}", 'X', vars, {})).toBe('fallback');
    expect(renderValue('${env(TOPIC)}', 'X', vars, { TOPIC: 'bare' })).toBe('bare');
  });

  it('names the value and the variable when it cannot render one, rather than deploying an empty value', () => {
    expect(() => renderValue('${vars.missing}', 'environmentVariables.A', vars, {})).toThrow(
      's.yaml: environmentVariables.A uses ${vars.missing}, and vars has no such text or number',
    );
    expect(() => renderValue("${env('TOPIC')}", 'environmentVariables.B', vars, {})).toThrow('set the environment variable TOPIC');
    expect(() => renderValue("${config('AccountID')}", 'role', vars, {})).toThrow('which only Serverless Devs renders');
  });

  it("lets a variable set in the shell, even to an empty value, replace s.yaml's, and says which", () => {
    const deployed: DeployedFunction = {
      region: 'cn-hangzhou',
      timeoutSeconds: 900,
      environment: { RETENTION_DAYS: '30', ECS_ENDPOINT: '', SELECTION: '' },
      timers: [],
    };

    const { environment, fromShell } = functionEnvironment(deployed, {
      RETENTION_DAYS: '',
      ECS_ENDPOINT: 'http://127.0.0.1:9100',
      PATH: '/bin',
    });

    expect(environment).toEqual({ RETENTION_DAYS: '', ECS_ENDPOINT: 'http://127.0.0.1:9100', SELECTION: '', FC_REGION: 'cn-hangzhou' });
    expect(fromShell.sort()).toEqual(['ECS_ENDPOINT', 'RETENTION_DAYS']);
  });
});
