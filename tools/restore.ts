// `npm run restore -- <selection> --region <DR region> [--zone] [--at <time>] [--dry-run]`: restores a fleet's disks in
// the DR region with the operator's credentials (docs/restore.md).
import { restoreCommand } from './restore/command';
import { storyWidth } from './story';
import { processIo, runToolMain } from './tool-main';

runToolMain(
  'restore',
  restoreCommand(process.argv.slice(2), {
    ...processIo,
    width: storyWidth(process.stdout, process.env),
  }),
);
