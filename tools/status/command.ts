// `npm run status`: the DR status the function would report now, from a dry run of the function itself.
import { readFileSync, writeFileSync } from 'node:fs';
import { useCaseOfBody } from '../../functions/copy-snapshot/use-cases';
import { type Credentials, resolveCredentials } from '../../lib/ecs/credentials';
import { CopyFailure } from '../../lib/failures/errors';
import { resolveInputPath, resolveOutputPath } from '../input-file';
import { printable, printableJson } from '../text-table';
import { optionsOrUsage } from '../tool-args';
import { ChromiumError, screenshot } from './chromium';
import { describeCopies } from './copy-lookup';
import { type DemoFleet, startDemoFleet } from './demo-fleet';
import { type DeployedSettings, deployedSettings, SettingsError } from './deployed-settings';
import { dryRun } from './dry-run';
import { estimatedHeight, renderHtml } from './html-page';
import { LogLineError } from './log-lines';
import { parseStatusOptions, type StatusOptions, USAGE } from './options';
import { buildStatusReport, healthy, type StatusReport, withCopiesLookedUp } from './status-report';
import { renderTerminal } from './terminal-table';

export interface StatusIo {
  env: Readonly<Record<string, string | undefined>>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Colour in the table (a terminal that is a TTY, without NO_COLOR). */
  colour: boolean;
  now?: () => number;
}

export const EXIT = { healthy: 0, attention: 1, failed: 2 } as const;

const SCREENSHOT_WIDTH = 1100;

/** Thrown for what stops the status before it is computed: one line, said to stderr. */
class StatusStopped extends Error {
  override readonly name = 'StatusStopped';
}

function readRequest(option: string | undefined, settings: DeployedSettings): StatusReport['Request'] {
  const asObject = (text: string, where: string): Record<string, unknown> => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new StatusStopped(`${where} is not JSON`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new StatusStopped(`${where} must be a JSON object`);
    if (useCaseOfBody(value) === 'restore-drill') {
      throw new StatusStopped(`${where} asks for a restore drill; the status reports copies: give the copy request's selection`);
    }
    return { ...value };
  };
  if (option !== undefined) {
    if (option.trim().startsWith('{')) return { Source: 'Selection from --request', Body: asObject(option, '--request') };
    let text: string;
    try {
      text = readFileSync(resolveInputPath(option, settings.env), 'utf8');
    } catch {
      throw new StatusStopped(`--request ${option}: no such file (give a JSON object or the path of a file that holds one)`);
    }
    return { Source: `Selection from ${option}`, Body: asObject(text, `--request ${option}`) };
  }
  const timer = settings.timer;
  if (timer && timer.payload.trim() !== '') {
    const where = `s.yaml's timer trigger ${timer.triggerName}`;
    return { Source: `Selection from the payload of ${where}`, Body: asObject(timer.payload, `The payload of ${where}`) };
  }
  return { Source: 'Selection from SELECTION (the timer sends no payload)', Body: {} };
}

function credentialsOf(env: Readonly<Record<string, string | undefined>>): Credentials {
  try {
    return resolveCredentials(undefined, env);
  } catch (error) {
    if (!(error instanceof CopyFailure)) throw error;
    throw new StatusStopped(
      'No credentials: export ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET of a RAM user allowed ecs:DescribeSnapshots and ecs:DescribeLockedSnapshots (docs/status.md)',
    );
  }
}

async function computeStatus(settings: DeployedSettings, request: StatusReport['Request'], now: () => number): Promise<StatusReport> {
  const credentials = credentialsOf(settings.env);
  let run: Awaited<ReturnType<typeof dryRun>>;
  try {
    run = await dryRun({ env: settings.env, region: settings.region, timeoutSeconds: settings.timeoutSeconds, request: request.Body, now });
  } catch (error) {
    // A broken configuration: the message names the variable.
    if (error instanceof CopyFailure) throw new StatusStopped(error.Message);
    throw error;
  }
  let report: StatusReport;
  try {
    report = buildStatusReport({
      lines: run.lines,
      answer: run.answer,
      rejection: run.rejection,
      RpoHours: run.configuration.RpoHours,
      SourceRegionId: run.configuration.SourceRegionId ?? settings.region,
      DestinationRegionIds: run.configuration.DestinationRegionIds ?? [],
      request,
      now: now(),
    });
  } catch (error) {
    if (error instanceof LogLineError) throw new StatusStopped(error.message);
    throw error;
  }
  if (run.keepCopiesLeftOut !== undefined) report = { ...report, Notes: [...report.Notes, keepCopiesNote(run.keepCopiesLeftOut)] };
  return lookUpCopies(report, run.ecs, credentials, now);
}

/** Why the status says nothing of KeepCopies (dry-run.ts, docs/status.md). */
function keepCopiesNote(keepCopies: number): string {
  return (
    `KeepCopies (${keepCopies}) is left out: which older copies it would delete depends on DescribeDisks, which the ` +
    "status's read-only key may not call. It never deletes a disk's newest copy, so the RPO shown is the same; " +
    '`s invoke` with "DryRun": true lists what it would delete.'
  );
}

/** The progress of each running copy (and the source of each failed one), which the report does not carry. */
async function lookUpCopies(
  report: StatusReport,
  ecs: Awaited<ReturnType<typeof dryRun>>['ecs'],
  credentials: Credentials,
  now: () => number,
): Promise<StatusReport> {
  const wanted = new Map<string, string[]>();
  const want = (region: string | null, id: string | null) => {
    if (region !== null && id !== null) wanted.set(region, [...(wanted.get(region) ?? []), id]);
  };
  for (const copy of report.Running) want(copy.DestinationRegionId, copy.SnapshotId);
  for (const failure of report.Failures) if (failure.SourceSnapshotId === null) want(failure.DestinationRegionId, failure.SnapshotId);
  if (wanted.size === 0) return report;
  try {
    const found = await describeCopies(ecs, wanted, credentials, {
      now,
      random: Math.random,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    });
    return withCopiesLookedUp(report, found);
  } catch (error) {
    if (!(error instanceof CopyFailure)) throw error;
    return { ...report, Notes: [...report.Notes, `The progress of running copies could not be read: ${error.Code}: ${error.Message}`] };
  }
}

async function writeOutputs(options: StatusOptions, report: StatusReport, io: StatusIo): Promise<void> {
  io.stdout(options.json ? `${printableJson(JSON.stringify(report, null, 2))}\n` : renderTerminal(report, { colour: io.colour }));
  if (options.html === undefined) return;
  // Both files are named from the folder the command was typed in (npm runs the tool from the repository root).
  const html = resolveOutputPath(options.html, io.env);
  writeFileSync(html, renderHtml(report));
  io.stderr(`Wrote ${options.html}\n`);
  if (options.screenshot === undefined) return;
  const size = options.windowSize ?? { width: SCREENSHOT_WIDTH, height: estimatedHeight(report) };
  try {
    await screenshot(io.env, html, resolveOutputPath(options.screenshot, io.env), size);
  } catch (error) {
    if (error instanceof ChromiumError) throw new StatusStopped(error.message);
    throw error;
  }
  io.stderr(`Wrote ${options.screenshot} (${size.width}×${size.height})\n`);
}

export async function statusCommand(argv: readonly string[], io: StatusIo): Promise<number> {
  const options = optionsOrUsage('status', USAGE, () => parseStatusOptions(argv), io.stderr);
  if (options === undefined) return EXIT.failed;
  if (options.help) {
    io.stdout(USAGE);
    return EXIT.healthy;
  }
  const now = io.now ?? Date.now;
  let demo: DemoFleet | undefined;
  try {
    if (options.demo) {
      demo = await startDemoFleet(now());
      io.stderr(`Local ECS endpoint with the demo fleet on ${demo.url}\n`);
    }
    const settings = deployedSettings({ ...io.env, ...demo?.env });
    const request = demo
      ? { Source: 'Selection of the demo fleet (--demo, on the local ECS endpoint)', Body: demo.request }
      : readRequest(options.request, settings);
    const report = await computeStatus(settings, request, now);
    await writeOutputs(options, report, io);
    if (report.RunFailure) return EXIT.failed;
    return healthy(report) ? EXIT.healthy : EXIT.attention;
  } catch (error) {
    if (!(error instanceof StatusStopped || error instanceof SettingsError)) throw error;
    // The message may quote ECS (a code, a message): printable, as the table is.
    io.stderr(`npm run status: ${printable(error.message)}\n`);
    return EXIT.failed;
  } finally {
    await demo?.close();
  }
}
