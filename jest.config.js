/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Type errors are caught by `npm run typecheck`; the tests are only transpiled, by swc (a fresh clone's first run
  // spent about 18 s in ts-jest's compiler).
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  // Each module compiled once per worker, not once per test file (test/support/jest-runtime.js).
  runtime: '<rootDir>/test/support/jest-runtime.js',
  // The tools the integration suites run, built once before them (test/support/global-setup.ts).
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  // The longest suites first, on a fresh clone too (test/support/jest-sequencer.js).
  testSequencer: '<rootDir>/test/support/jest-sequencer.js',
  testTimeout: 20000,
  // Most integration suites wait on child processes, sockets and the local endpoint rather than compute: on the
  // project's 2-core machines four workers halve the wall time (about 70 s with jest's default of one, 28 s with four).
  maxWorkers: 4,
};
