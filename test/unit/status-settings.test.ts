import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { deployedSettings } from '../../tools/status/deployed-settings';

const ROOT = join(__dirname, '..', '..');

/** s.yaml with its timer triggers in another order: the restore drill's first. */
function sYamlWithDrillTimerFirst(dir: string): string {
  const project = parse(readFileSync(join(ROOT, 's.yaml'), 'utf8')) as {
    resources: Record<string, { props: { triggers: Array<{ triggerName: string }> } }>;
  };
  for (const resource of Object.values(project.resources)) {
    const triggers = resource.props.triggers;
    resource.props.triggers = [
      ...triggers.filter((t) => t.triggerName === 'weekly-restore-drill'),
      ...triggers.filter((t) => t.triggerName !== 'weekly-restore-drill'),
    ];
  }
  const file = join(dir, 's.yaml');
  writeFileSync(file, stringify(project));
  return file;
}

describe('the selection npm run status reports on', () => {
  it("is the payload of s.yaml's copy timer, the daily-copy trigger", () => {
    expect(deployedSettings({}).timer).toMatchObject({ triggerName: 'daily-copy', payload: expect.stringContaining('InstanceIds') });
  });

  it("passes a restore drill's timer over even when it comes first: the status reports copies, and never runs a drill", () => {
    const dir = mkdtempSync(join(tmpdir(), 'status-settings-'));
    try {
      const settings = deployedSettings({}, sYamlWithDrillTimerFirst(dir));

      expect(settings.timer?.triggerName).toBe('daily-copy');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
