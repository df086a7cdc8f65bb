/** The process's environment and output, as a tool's command takes them. */
export const processIo = {
  env: process.env,
  stdout: (text: string) => process.stdout.write(text),
  stderr: (text: string) => process.stderr.write(text),
};

/**
 * Runs a tool's command from its entry file: the exit status is the one the command resolves to; a command that
 * throws prints `npm run <tool> failed:` and its stack, and exits 2.
 */
export function runToolMain(tool: string, command: Promise<number>): void {
  command.then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`npm run ${tool} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
