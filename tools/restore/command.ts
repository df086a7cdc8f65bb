// `npm run restore`: the restore use case run in this process, as a direct invocation of the function's own handler,
// with the operator's credentials; its log lines shown as progress while it waits, and as tables at the end.
import { randomUUID } from 'node:crypto';
import { createHandler } from '../../functions/copy-snapshot/index';
import { resolveCredentials } from '../../lib/ecs/credentials';
import { CopyFailure } from '../../lib/failures/errors';
import { functionEnvironment, readSYaml } from '../s-yaml';
import { printable, printableJson } from '../text-table';
import { optionsOrUsage } from '../tool-args';
import { ToolError } from '../tool-error';
import { parseRestoreOptions, USAGE } from './options';
import { type LogLine, progressLine, renderRestore } from './report-tables';

export interface RestoreIo {
  env: Readonly<Record<string, string | undefined>>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** The terminal's width for the tables; 100 when it is not a terminal. */
  width?: number;
  /** Where s.yaml is (the repository's root when absent): its environment is the restore's, under the shell's. */
  sYamlPath?: string;
}

export const EXIT = { restored: 0, incomplete: 1, failed: 2 } as const;

/** How often the wait says it is still waiting when nothing else happened. */
const HEARTBEAT_MS = 15_000;

/** s.yaml's environment under the shell's: RESTORE_SKEW_MINUTES, SELECTION, ECS_ENDPOINT as deployed, unless exported. */
function environment(io: RestoreIo): Record<string, string | undefined> {
  try {
    const deployed = readSYaml(io.env, io.sYamlPath);
    return { ...functionEnvironment(deployed, io.env).environment, ...io.env };
  } catch (error) {
    if (!(error instanceof ToolError)) throw error;
    return { ...io.env };
  }
}

export async function restoreCommand(argv: readonly string[], io: RestoreIo): Promise<number> {
  const options = optionsOrUsage('restore', USAGE, () => parseRestoreOptions(argv), io.stderr);
  if (options === undefined) return EXIT.failed;
  if (options.help) {
    io.stdout(USAGE);
    return EXIT.restored;
  }
  const env = environment(io);
  try {
    resolveCredentials(undefined, env);
  } catch (error) {
    if (!(error instanceof CopyFailure)) throw error;
    io.stderr(
      'npm run restore: no credentials: export ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET of a RAM user with ram-policy-restore.json (docs/restore.md)\n',
    );
    return EXIT.failed;
  }

  const lines: LogLine[] = [];
  let lastSaid = Date.now();
  const say = (text: string) => {
    lastSaid = Date.now();
    io.stderr(`${text}\n`);
  };
  const handler = createHandler({
    env,
    logSink: (raw) => {
      let line: LogLine;
      try {
        line = JSON.parse(raw) as LogLine;
      } catch {
        return;
      }
      lines.push(line);
      const progress = progressLine(line);
      if (progress !== undefined) say(progress);
    },
  });
  const startedAt = Date.now();
  say(
    `Restoring in ${printable(String(options.request.DestinationRegionId ?? env.DESTINATION_REGION_ID ?? '(DESTINATION_REGION_ID)'))}${options.request.DryRun ? ' (dry run: nothing is made)' : ''}...`,
  );
  const heartbeat = setInterval(() => {
    if (Date.now() - lastSaid >= HEARTBEAT_MS) say(`  still working (${Math.round((Date.now() - startedAt) / 1000)} s)`);
  }, HEARTBEAT_MS);
  heartbeat.unref();
  // No credentials in the context: outside FC the function reads ALIBABA_CLOUD_ACCESS_KEY_* from the environment.
  const context = {
    requestId: `restore-${randomUUID()}`,
    region: env.FC_REGION ?? '',
    function: { name: 'snapshot-copy', handler: 'index.handler', memory: 128, timeout: options.waitMinutes * 60 + 60 },
  };
  let rejection: string | undefined;
  let answer: unknown;
  try {
    answer = await handler(Buffer.from(JSON.stringify(options.request)), context);
  } catch (error) {
    rejection = error instanceof Error ? error.message : String(error);
  } finally {
    clearInterval(heartbeat);
  }

  if (options.json) {
    const report =
      rejection === undefined
        ? answer
        : { Rejected: rejection, Lines: lines.filter((line) => String(line.message).startsWith('restore-')) };
    io.stdout(`${printableJson(JSON.stringify(report, null, 2))}\n`);
  } else {
    io.stdout(`${renderRestore(lines, io.width ?? 100).join('\n')}\n`);
  }
  const summary = lines.find((line) => line.message === 'restore-summary');
  if (summary === undefined) {
    io.stderr(`npm run restore: ${printable(rejection ?? 'the restore ended without a summary')}\n`);
    return EXIT.failed;
  }
  if (rejection !== undefined) io.stderr(`npm run restore: ${printable(rejection)}\n`);
  return rejection === undefined ? EXIT.restored : EXIT.incomplete;
}
