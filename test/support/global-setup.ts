// jest's globalSetup (jest.config.js): builds the tools (build/tools/*.js) once, before any test file runs. The
// suites that run them call buildTools() too, which then finds them current in a fraction of a second; without this,
// a fresh clone's first run had each of those suites, on four workers at once, build the same files.
import { buildTools } from './tool-process';

export default function globalSetup(): void {
  buildTools();
}
