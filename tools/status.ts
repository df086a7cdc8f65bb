// `npm run status`: the DR status of the protected fleet, as a table, and with --html as a page (docs/status.md).
import { statusCommand } from './status/command';
import { processIo, runToolMain } from './tool-main';

runToolMain(
  'status',
  statusCommand(process.argv.slice(2), {
    ...processIo,
    colour: process.stdout.isTTY === true && !process.env.NO_COLOR,
  }),
);
