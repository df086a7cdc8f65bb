// How a tool ends on a failure: one line a person can act on for what they can fix (a taken port, a missing file,
// a setting), a stack trace only for a defect of the tool itself.
import { readFileSync } from 'node:fs';

/** A failure the user can act on: its message is the whole story. */
export class ToolError extends Error {
  override readonly name = 'ToolError';
}

/** Runs a tool's main; exits with the code it returns, or 1 after one line for a ToolError, or 2 with a stack. */
export function runTool(name: string, main: () => Promise<number | undefined>): void {
  main().then(
    (code) => {
      if (code !== undefined) process.exit(code);
    },
    (error: unknown) => {
      if (error instanceof ToolError) {
        process.stderr.write(`${name}: ${error.message}\n`);
        process.exit(1);
      }
      process.stderr.write(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(2);
    },
  );
}

/** A file the user named or the tool needs; a missing or unreadable one is one line, with `hint` on what to do. */
export function readInputFile(path: string, hint: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
    if (code === 'ENOENT') throw new ToolError(`${path}: no such file (${hint})`);
    if (code === 'EISDIR') throw new ToolError(`${path} is a directory, not a file (${hint})`);
    if (code === 'EACCES') throw new ToolError(`${path}: permission denied`);
    throw error;
  }
}
