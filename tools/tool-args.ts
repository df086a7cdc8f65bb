import { type ParseArgsConfig, parseArgs } from 'node:util';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

type StrictConfig<T extends ParseArgsOptionsConfig> = { args: string[]; strict: true; allowPositionals: false; options: T };

/** Options a tool cannot run with: the command prints the message and its usage, and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A tool's options, strictly: an unknown option or a positional argument throws (node:util parseArgs). */
export function parseToolArgs<const T extends ParseArgsOptionsConfig>(argv: readonly string[], options: T) {
  return parseArgs<StrictConfig<T>>({ args: [...argv], strict: true, allowPositionals: false, options });
}

/**
 * The options `parse` makes of argv, or, on a UsageError, undefined after writing the message and the usage to stderr
 * as `npm run <tool>: <message>`. Any other error is thrown on.
 */
export function optionsOrUsage<T>(tool: string, usage: string, parse: () => T, stderr: (text: string) => void): T | undefined {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    stderr(`npm run ${tool}: ${error.message}\n\n${usage}`);
    return undefined;
  }
}
