// The tables `npm run restore` ends with, made from the restore's own log lines (what SLS would show): one row a
// source disk, one a server to run, and the fleet's time to restore.
import { type Column, formatTime, printable, table, wrap } from '../text-table';

export type LogLine = Readonly<Record<string, unknown>>;

const text = (value: unknown) => (value === undefined || value === null ? '' : printable(String(value)));

/** The tables and the summary line, for a terminal of `width` columns. */
export function renderRestore(lines: readonly LogLine[], width: number): string[] {
  const results = lines.filter((line) => line.message === 'restore-disk' || line.message === 'restore-image');
  const servers = lines.filter((line) => line.message === 'restore-server');
  const summary = lines.find((line) => line.message === 'restore-summary');
  const dryRun = summary?.DryRun === true;
  // IDs are never cut: an operator copies them into RunInstances and AttachDisk. What else a disk needs goes under it.
  // Three IDs side by side need 96 columns: narrower, the new disk or image goes under its row.
  const wide = dryRun || width >= 96;
  const columns: Column[] = [
    { header: 'Source disk', max: 24 },
    { header: 'Copy', max: 24 },
    ...(wide ? [{ header: dryRun ? 'Cost/h' : 'New disk or image', max: 24 }] : []),
    { header: dryRun ? 'Would make' : 'Outcome', max: 400 },
  ];
  const rows = results.map((line) => {
    const what =
      line.RestoredAs === 'image'
        ? `image of a ${text(line.SizeGiB)} GiB system disk`
        : `disk of ${text(line.Size ?? line.SizeGiB)} GiB, ${text(line.DiskCategory)}, in ${text(line.ZoneId)}`;
    const seconds = line.RestoreSeconds !== undefined ? ` in ${text(line.RestoreSeconds)} s` : '';
    return {
      cells: [
        text(line.SourceDiskId),
        text(line.CopySnapshotId),
        ...(wide ? [dryRun ? text(line.EstimatedCostPerHour) : text(line.DiskId ?? line.ImageId)] : []),
        dryRun ? what : `${text(line.Outcome)}${seconds}`,
      ],
      notes: [
        ...(!wide && (line.DiskId ?? line.ImageId) !== undefined ? [`made ${text(line.DiskId ?? line.ImageId)}`] : []),
        `${line.InstanceId !== undefined ? `${text(line.InstanceId)}, ` : ''}data of ${line.DataCreationTime === undefined ? '?' : formatTime(String(line.DataCreationTime))}${dryRun || line.Outcome === 'failed' ? '' : `; ${what}`}`,
        ...(line.Outcome === 'failed' ? [`${text(line.Code)}: ${text(line.Message)}`, text(line.Advice)] : []),
        ...(line.Outcome !== 'failed' && line.Reason !== undefined ? [text(line.Reason)] : []),
        ...(line.CategoryNote !== undefined ? [text(line.CategoryNote)] : []),
        ...(line.SkippedProgressing !== undefined
          ? [`a newer copy, ${text(line.SkippedProgressing)}, is still being copied: skipped`]
          : []),
      ].filter((note) => note !== ''),
    };
  });
  const out = ['', 'Disks', ...table(columns, rows, { indent: 2, width })];
  if (servers.length > 0) {
    const serverRows = servers.map((line) => ({
      cells: [
        text(line.InstanceId ?? line.SystemDiskId),
        line.Ready === true ? 'ready' : 'not yet',
        `RunInstances RegionId=${text(line['RunInstances.RegionId'])} ZoneId=${text(line['RunInstances.ZoneId'])} ImageId=${text(line['RunInstances.ImageId']) || '(not made yet)'} SystemDisk.Category=${text(line['RunInstances.SystemDisk.Category'])} SystemDisk.Size=${text(line['RunInstances.SystemDisk.Size'])}; then AttachDisk ${Array.isArray(line.AttachDisks) ? line.AttachDisks.map(text).join(', ') || '(no data disks)' : ''}`,
      ],
    }));
    out.push('', 'Servers to run (the function runs and attaches nothing itself)');
    out.push(
      ...table(
        [
          { header: 'Instance', max: 22 },
          { header: 'State', max: 8 },
          { header: 'Then', max: 400 },
        ],
        serverRows,
        { indent: 2, width },
      ),
    );
  }
  if (summary !== undefined) {
    const fleet = summary.FleetRestoreSeconds;
    const said = dryRun
      ? `Dry run of ${text(summary.RestoreId)}: ${text(summary.Planned)} to make, about ${text(summary.EstimatedCostPerHour)} an hour (prices: see each row's PriceSource in --json)`
      : `${text(summary.RestoreId)}: ${text(summary.Restored)} restored, ${text(summary.Creating)} still being made, ${text(summary.Failed)} failed, ${text(summary.MatchedNothing)} selection entries matched nothing.` +
        (typeof fleet === 'number' ? ` The fleet's time to restore: ${fleet} s.` : '');
    out.push('', ...wrap(said, width));
  }
  return out;
}

/** One line of progress for what a log line tells while the restore runs; undefined for lines that tell nothing new. */
export function progressLine(line: LogLine): string | undefined {
  switch (line.message) {
    case 'restore-progress':
      return `  waiting: ${text(line.Available)} Available, ${text(line.Creating)} still being made (${text(line.ElapsedSeconds)} s)`;
    case 'restore-disk':
    case 'restore-image': {
      const made = line.DiskId ?? line.ImageId;
      const seconds = line.RestoreSeconds !== undefined ? ` in ${text(line.RestoreSeconds)} s` : '';
      return `  ${text(line.SourceDiskId)} -> ${made === undefined ? '' : `${text(made)} `}${text(line.Outcome)}${seconds}${line.Code !== undefined ? ` (${text(line.Code)})` : ''}`;
    }
    case 'restore-note':
      return `  note: ${text(line.Note)}`;
    case 'restore-matched-nothing':
      return `  ${text(line.Field)} ${text(line.Entry)} matched no disk with a copy`;
    case 'copy-attempt-failed':
      return `  ${text(line.Action)} failed (${text(line.Code)}), retried in ${text(line.RetryInMs)} ms`;
    case 'copy-failed':
    case 'internal-failure':
    case 'restore-refused':
      return `  ${text(line.Code)}: ${text(line.Message)}`;
    default:
      return undefined;
  }
}
