/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Type errors are caught by `npm run typecheck`; ts-jest only transpiles, which keeps the suite fast.
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  testTimeout: 20000,
  // Most integration suites wait on child processes, sockets and the local endpoint rather than compute: on the
  // project's 2-core machines four workers halve the wall time (about 70 s with jest's default of one, 28 s with four).
  maxWorkers: 4,
};
