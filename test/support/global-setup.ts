// jest's globalSetup (jest.config.js): builds the tools (build/tools/*.js) once, before any test file runs. The
// suites that run them call buildTools() too, which then finds them current in a fraction of a second; without this,
// a fresh clone's first run had each of those suites, on four workers at once, build the same files. A run of unit
// tests alone (`npm run test:unit`, `npx jest test/unit/<file>`) starts no tool, and builds nothing.
import type { Config } from '@jest/types';
import { buildTools } from './tool-process';

export default function globalSetup(globalConfig: Config.GlobalConfig): void {
  const { patterns } = globalConfig.testPathPatterns;
  if (patterns.length > 0 && patterns.every((pattern) => pattern.startsWith('test/unit'))) return;
  buildTools();
}
