// The status as one self-contained HTML page: inline CSS, no script, no external asset, so that it can be mailed,
// attached to a ticket or served from a bucket as it is. Every text that comes from ECS or the configuration is
// escaped. The cells carry data-* attributes with the raw values, for tests and for anyone who scrapes the page.
import { formatTime } from '../text-table';
import type { FailedCopy, RpoCell, RpoState, RunningCopy, StatusReport } from './status-report';
import { formatHours, snapshotsOf } from './terminal-table';

/** Text as HTML text or a double-quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

const STATE_LABELS: Record<RpoState, string> = { within: 'within RPO', outside: 'outside RPO', 'no-copy': 'no copy' };

const CSS = `
*{box-sizing:border-box}
body{margin:0;padding:24px 32px;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif;color:#1f2328;background:#f6f8fa}
main{max-width:1100px;margin:0 auto}
code,.id{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:12.5px}
header{display:flex;justify-content:space-between;align-items:flex-end;gap:24px;padding-bottom:14px;border-bottom:1px solid #d0d7de}
h1{font-size:24px;margin:0 0 4px}
h2{font-size:17px;margin:26px 0 10px}
.route{margin:0;color:#59636e;font-size:15px}
.facts{display:flex;gap:22px;margin:0}
.facts div{text-align:right}
.facts dt{color:#59636e;font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.facts dd{margin:0;font-weight:600;font-size:15px}
.request{margin:10px 0 0;color:#59636e;font-size:12.5px;overflow-wrap:anywhere}
.summary{display:flex;gap:12px;margin-top:18px}
.count{flex:1;background:#fff;border:1px solid #d0d7de;border-left-width:6px;border-radius:6px;padding:10px 14px}
.count b{display:block;font-size:26px;line-height:1.15}
.count span{color:#59636e;font-size:12.5px}
.count.within{border-left-color:#1a7f37}.count.outside{border-left-color:#cf222e}.count.no-copy{border-left-color:#8250df}
.count.running{border-left-color:#0969da}.count.failed{border-left-color:#bc4c00}
table{border-collapse:separate;border-spacing:0;width:100%;background:#fff;border:1px solid #d0d7de;border-radius:6px;overflow:hidden}
th,td{text-align:left;padding:8px 12px;border-bottom:1px solid #eaeef2;vertical-align:top}
thead th{background:#f6f8fa;font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:#59636e}
tbody tr:last-child>*{border-bottom:0}
.matrix tbody th{font-weight:600;width:24%;height:74px}
.cell{border-left:6px solid transparent}
.cell .age{font-size:18px;font-weight:700;margin-right:8px}
.cell .label{font-size:12px;font-weight:600;text-transform:uppercase;letter-spacing:.03em}
.cell .id{display:block;color:#59636e}
.within{background:#dafbe1;border-left-color:#1a7f37}.within .label{color:#1a7f37}
.outside{background:#ffebe9;border-left-color:#cf222e}.outside .label{color:#cf222e}
.no-copy{background:repeating-linear-gradient(135deg,#fbefff 0 8px,#f3e3fc 8px 16px);border-left-color:#8250df}.no-copy .label{color:#8250df}
.missing{background:#f6f8fa;color:#59636e}
.flag{display:inline-block;margin:3px 6px 0 0;padding:0 7px;border-radius:10px;font-size:11.5px;font-weight:600;color:#fff}
.flag.running{background:#0969da}.flag.failed{background:#bc4c00}
.lock{display:block;font-size:12px;color:#59636e}.lock.late{color:#cf222e;font-weight:600}
.legend{display:flex;flex-wrap:wrap;gap:6px 20px;margin:10px 0 0;color:#59636e;font-size:12.5px}
.swatch{display:inline-block;width:12px;height:12px;border-radius:3px;vertical-align:-1px;margin-right:6px;border-left:0}
.bar{display:inline-block;width:260px;height:14px;background:#eaeef2;border-radius:7px;overflow:hidden;vertical-align:-2px}
.fill{height:100%;background:#0969da}
.unknown .fill{background:repeating-linear-gradient(90deg,#afb8c1 0 6px,#eaeef2 6px 12px)}
.pct{display:inline-block;min-width:52px;margin-left:10px;font-weight:700}
.failure{background:#fff;border:1px solid #d0d7de;border-left:6px solid #bc4c00;border-radius:6px;padding:10px 14px;margin-bottom:10px}
.failure h3{font-size:14px;margin:0 0 4px}
.failure h3 code{font-size:13.5px;color:#bc4c00;margin-right:8px}
.failure p{margin:2px 0}
.advice{color:#1f2328}.advice b{color:#59636e;font-weight:600}
.message{color:#59636e}
.none{color:#59636e;margin:0}
.alarm{background:#ffebe9;border:1px solid #cf222e;border-radius:6px;padding:12px 16px;margin-top:18px}
footer{margin-top:28px;padding-top:12px;border-top:1px solid #d0d7de;color:#59636e;font-size:12.5px}
`;

/**
 * With LOCK_DAYS: the age of the newest locked data, red when it is older than RPO or there is none; nothing in a
 * cell with no finished copy, which has no locked one either.
 */
function lockHtml(cell: RpoCell, RpoHours: number): string {
  if (cell.Protected === undefined || cell.DataAgeHours === null) return '';
  const age = cell.Protected.DataAgeHours;
  const late = age === null || age > RpoHours;
  const text = age === null ? 'no locked copy' : `locked data ${formatHours(age)}`;
  const title = cell.Protected.CopySnapshotId ? ` title="newest locked copy ${escapeHtml(cell.Protected.CopySnapshotId)}"` : '';
  return `<span class="lock${late ? ' late' : ''}"${age === null ? '' : ` data-locked-age-hours="${age}"`}${title}>${escapeHtml(text)}</span>`;
}

function cellHtml(
  cell: RpoCell | undefined,
  running: readonly RunningCopy[],
  DiskId: string,
  DestinationRegionId: string,
  RpoHours: number,
): string {
  const where = `data-disk="${escapeHtml(DiskId)}" data-destination="${escapeHtml(DestinationRegionId)}"`;
  if (!cell) return `<td class="cell missing" ${where} data-state="not-reported">not reported</td>`;
  const age = cell.DataAgeHours === null ? '' : `<span class="age">${escapeHtml(formatHours(cell.DataAgeHours))}</span>`;
  const copy = cell.NewestCopySnapshotId
    ? `<span class="id" title="newest finished copy">${escapeHtml(cell.NewestCopySnapshotId)}</span>`
    : '<span class="id">no finished copy</span>';
  const flags = [
    ...running.map((copying) => `<span class="flag running">copying ${escapeHtml(copying.Progress ?? '?')}</span>`),
    ...(cell.Failed.length > 0 ? [`<span class="flag failed">${cell.Failed.length} failed</span>`] : []),
  ].join('');
  const ageAttribute = cell.DataAgeHours === null ? '' : ` data-age-hours="${cell.DataAgeHours}"`;
  return `<td class="cell ${cell.State}" ${where} data-state="${cell.State}"${ageAttribute}>${age}<span class="label">${STATE_LABELS[cell.State]}</span>${copy}${lockHtml(cell, RpoHours)}${flags}</td>`;
}

function matrixHtml(report: StatusReport): string {
  if (report.Disks.length === 0) return '<p class="none">No disk is protected by this selection: nothing to report against RPO.</p>';
  const head = report.DestinationRegionIds.map((region) => `<th scope="col">${escapeHtml(region)}</th>`).join('');
  const rows = report.Disks.map((DiskId) => {
    const cells = report.DestinationRegionIds.map((region) => {
      const cell = report.Cells.find((candidate) => candidate.DiskId === DiskId && candidate.DestinationRegionId === region);
      const running = report.Running.filter((copy) => copy.DiskId === DiskId && copy.DestinationRegionId === region);
      return cellHtml(cell, running, DiskId, region, report.RpoHours);
    }).join('');
    return `<tr><th scope="row" class="id">${escapeHtml(DiskId)}</th>${cells}</tr>`;
  }).join('\n');
  const legend = [
    `<span><span class="swatch within"></span>within RPO: the newest finished copy holds data at most ${report.RpoHours} h old</span>`,
    `<span><span class="swatch outside"></span>outside RPO: the newest finished copy is older than that</span>`,
    '<span><span class="swatch no-copy"></span>no copy: the destination holds no finished copy of the disk</span>',
    ...(report.Cells.some((cell) => cell.Protected !== undefined)
      ? [
          `<span>locked data: the newest finished copy that is locked (LOCK_DAYS); with locks, a disk is within RPO only when that data is at most ${report.RpoHours} h old too</span>`,
        ]
      : []),
  ].join('');
  return `<table class="matrix"><thead><tr><th scope="col">Disk</th>${head}</tr></thead><tbody>\n${rows}\n</tbody></table><p class="legend">${legend}</p>`;
}

function runningHtml(report: StatusReport): string {
  if (report.Running.length === 0) return '<p class="none">No copy is running.</p>';
  const rows = report.Running.map((copy) => {
    const percent = copy.Percent === null ? null : Math.max(0, Math.min(100, copy.Percent));
    const bar =
      percent === null
        ? '<span class="bar unknown"><span class="fill" style="display:block;width:100%"></span></span>'
        : `<span class="bar" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow="${percent}"><span class="fill" style="display:block;width:${percent}%"></span></span>`;
    return `<tr data-snapshot="${escapeHtml(copy.SnapshotId)}" data-disk="${escapeHtml(copy.DiskId)}" data-destination="${escapeHtml(copy.DestinationRegionId)}"${percent === null ? '' : ` data-progress="${percent}"`}><td class="id">${escapeHtml(copy.DiskId)}</td><td>${escapeHtml(copy.DestinationRegionId)}</td><td class="id">${escapeHtml(copy.SnapshotId)}${copy.SourceSnapshotId ? `<br><span class="message">from ${escapeHtml(copy.SourceSnapshotId)}</span>` : ''}</td><td>${bar}<span class="pct">${escapeHtml(copy.Progress ?? 'unknown')}</span></td></tr>`;
  }).join('\n');
  return `<table class="running"><thead><tr><th>Disk</th><th>Destination</th><th>Copy</th><th>Progress</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

function failureHtml(failure: FailedCopy): string {
  const where = [failure.DiskId, failure.DestinationRegionId ? `→ ${failure.DestinationRegionId}` : null].filter(Boolean).join(' ');
  const what = [where, snapshotsOf(failure)].filter(Boolean).join(' ');
  return `<article class="failure" data-code="${escapeHtml(failure.Code ?? '')}"><h3><code>${escapeHtml(failure.Code ?? 'Status failed')}</code>${failure.Class ? `<span class="message">(${escapeHtml(failure.Class)})</span> ` : ''}<span class="id">${escapeHtml(what)}</span></h3><p class="message">${escapeHtml(failure.Message)}</p>${failure.Advice ? `<p class="advice"><b>What to do:</b> ${escapeHtml(failure.Advice)}</p>` : ''}</article>`;
}

function noLongerSelectedHtml(report: StatusReport): string {
  if (report.NoLongerSelected === null)
    return '<p class="none" data-reported="false">Not yet reported by this version of the function.</p>';
  if (report.NoLongerSelected.length === 0)
    return '<p class="none" data-reported="true">None: every disk with copies is still selected.</p>';
  const rows = report.NoLongerSelected.map(
    (disk) =>
      `<tr data-disk="${escapeHtml(disk.DiskId)}"><td class="id">${escapeHtml(disk.DiskId)}</td><td>${escapeHtml(disk.DestinationRegionId ?? '-')}</td><td>${escapeHtml(formatHours(disk.DataAgeHours))}</td><td class="id">${escapeHtml(disk.NewestCopySnapshotId ?? '-')}</td></tr>`,
  ).join('\n');
  return `<table><thead><tr><th>Disk</th><th>Destination</th><th>Data age</th><th>Newest copy</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

function summaryHtml(report: StatusReport): string {
  const count = (state: RpoState) => report.Cells.filter((cell) => cell.State === state).length;
  const item = (kind: string, value: number, label: string) =>
    `<div class="count ${kind}" data-count="${kind}"><b>${value}</b><span>${label}</span></div>`;
  return `<section class="summary">${[
    item('within', count('within'), 'within RPO'),
    item('outside', count('outside'), 'outside RPO'),
    item('no-copy', count('no-copy'), 'no copy'),
    item('running', report.Running.length, report.Running.length === 1 ? 'copy running' : 'copies running'),
    item('failed', report.Failures.length, report.Failures.length === 1 ? 'copy failed' : 'copies failed'),
  ].join('')}</section>`;
}

function nextRunText(report: StatusReport): string {
  if (!report.NextRun) return '';
  const { Planned, NotReady, Left, LockPlanned } = report.NextRun;
  const locking = LockPlanned ? ` It would lock ${LockPlanned} ${LockPlanned === 1 ? 'copy' : 'copies'} found without a lock.` : '';
  return ` A run now would start ${Planned} ${Planned === 1 ? 'copy' : 'copies'}; ${NotReady} wait for a snapshot or copy still running, ${Left} for room under MAX_COPIES_IN_FLIGHT.${locking}`;
}

export function renderHtml(report: StatusReport): string {
  const route = `${report.SourceRegionId ?? '?'} → ${report.DestinationRegionIds.join(', ') || '?'}`;
  const header = `<header><div><h1>DR status</h1><p class="route">${escapeHtml(route)} · ${report.Disks.length} ${report.Disks.length === 1 ? 'disk' : 'disks'}</p></div><dl class="facts"><div><dt>RPO</dt><dd data-rpo-hours="${report.RpoHours}">${escapeHtml(String(report.RpoHours))} h</dd></div><div><dt>Made</dt><dd><time datetime="${escapeHtml(report.GeneratedAt)}">${escapeHtml(formatTime(report.GeneratedAt))}</time></dd></div></dl></header>`;
  const request = `<p class="request">${escapeHtml(report.Request.Source)}: <code>${escapeHtml(JSON.stringify(report.Request.Body))}</code></p>`;
  const body = report.RunFailure
    ? `<section class="alarm"><h2>The status could not be computed</h2>${failureHtml(report.RunFailure)}</section>`
    : [
        summaryHtml(report),
        `<section><h2>Recovery point by disk and destination</h2>${matrixHtml(report)}</section>`,
        `<section><h2>Copies running</h2>${runningHtml(report)}</section>`,
        `<section><h2>Copies failed</h2>${report.Failures.length === 0 ? '<p class="none">No copy failed.</p>' : report.Failures.map(failureHtml).join('\n')}</section>`,
        `<section><h2>Disks no longer selected</h2>${noLongerSelectedHtml(report)}</section>`,
      ].join('\n');
  const notes = report.Notes.map((note) => `<br>${escapeHtml(note)}`).join('');
  const footer = `<footer>Computed by a dry run of the snapshot-copy function: it only read (DescribeSnapshots, DescribeLockedSnapshots), nothing was copied or locked.${escapeHtml(nextRunText(report))}${notes}</footer>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>DR status · ${escapeHtml(route)}</title>
<style>${CSS}</style></head>
<body><main>
${header}
${request}
${body}
${footer}
</main></body></html>
`;
}

/**
 * The page's height at 1100 px wide, from the fixed heights the CSS gives its parts: headless Chromium screenshots
 * the window, not the page, and without a script the page cannot say how tall it is. Generous rather than short.
 */
export function estimatedHeight(report: StatusReport): number {
  const textLines = (text: string) => Math.max(1, Math.ceil(text.length / 125));
  const top = 24 + 80 + 40 + 100;
  if (report.RunFailure) return top + 220 + 22 * (textLines(report.RunFailure.Message) + textLines(report.RunFailure.Advice));
  const matrix = 60 + 40 + Math.max(1, report.Disks.length) * 75 + 40;
  const running = 60 + (report.Running.length === 0 ? 25 : 40 + report.Running.length * 52);
  const failures =
    60 +
    (report.Failures.length === 0
      ? 25
      : report.Failures.reduce((sum, failure) => sum + 40 + 21 * (textLines(failure.Message) + textLines(failure.Advice)), 0));
  const gone =
    60 + (report.NoLongerSelected === null || report.NoLongerSelected.length === 0 ? 25 : 40 + report.NoLongerSelected.length * 38);
  return top + matrix + running + failures + gone + 90 + 20 * report.Notes.length;
}
