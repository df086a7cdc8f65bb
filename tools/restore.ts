// `npm run restore -- <selection> --region <DR region> [--zone] [--at <time>] [--dry-run]`: restores a fleet's disks in
// the DR region with the operator's credentials (docs/restore.md).
import { restoreCommand } from './restore/command';
import { storyWidth } from './story';

restoreCommand(process.argv.slice(2), {
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  width: storyWidth(process.stdout, process.env),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`npm run restore failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
