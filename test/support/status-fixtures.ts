import { statusCommand } from '../../tools/status/command';
import type { StatusReport } from '../../tools/status/status-report';

/** `npm run status` with `args` in this process, without colour, at the time `now` gives: its exit code and output. */
export async function runStatus(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  now: () => number,
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const exitCode = await statusCommand(args, {
    env,
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    colour: false,
    now,
  });
  return { exitCode, stdout, stderr };
}

/** A status with one disk in each state, a running copy, a failed copy, and no disks-no-longer-selected report. */
export function sampleStatus(overrides: Partial<StatusReport> = {}): StatusReport {
  return {
    GeneratedAt: '2026-12-01T10:00:00.000Z',
    RpoHours: 36,
    SourceRegionId: 'cn-hangzhou',
    DestinationRegionIds: ['us-east-1', 'eu-central-1'],
    Request: { Source: 'Selection from --request', Body: { InstanceIds: ['i-bp1demo7instance0001'] } },
    Disks: ['d-within00001', 'd-outside0002'],
    Cells: [
      cell('d-within00001', 'us-east-1', 'within', 5, 's-copy0001'),
      cell('d-within00001', 'eu-central-1', 'within', 12, 's-copy0002'),
      { ...cell('d-outside0002', 'us-east-1', 'outside', 50, 's-copy0003'), Progressing: ['s-running0001'] },
      { ...cell('d-outside0002', 'eu-central-1', 'no-copy', null, null), Failed: ['s-failed0001'] },
    ],
    Running: [
      {
        DiskId: 'd-outside0002',
        DestinationRegionId: 'us-east-1',
        SnapshotId: 's-running0001',
        Progress: '40%',
        Percent: 40,
        SourceSnapshotId: 's-source0002',
      },
    ],
    Failures: [
      {
        DiskId: 'd-outside0002',
        DestinationRegionId: 'eu-central-1',
        SourceSnapshotId: 's-source0002',
        SnapshotId: 's-failed0001',
        Code: null,
        Class: null,
        Message: 'ECS lists this copy with Status failed.',
        Advice: 'The next run makes it again.',
      },
    ],
    RunFailure: null,
    NoLongerSelected: null,
    NextRun: { Planned: 1, NotReady: 1, Left: 0 },
    Notes: [],
    ...overrides,
  };
}

function cell(
  DiskId: string,
  DestinationRegionId: string,
  State: 'within' | 'outside' | 'no-copy',
  DataAgeHours: number | null,
  NewestCopySnapshotId: string | null,
): StatusReport['Cells'][number] {
  return { DiskId, DestinationRegionId, State, DataAgeHours, DataCreationTime: null, NewestCopySnapshotId, Progressing: [], Failed: [] };
}
