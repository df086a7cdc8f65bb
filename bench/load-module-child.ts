// A fresh `node` process that loads one module and exits, or loads nothing: load-time.ts subtracts the second
// from the first to get what loading the module costs a cold start.
import { resolve } from 'node:path';

const [modulePath] = process.argv.slice(2);
if (modulePath !== undefined) require(resolve(modulePath));
