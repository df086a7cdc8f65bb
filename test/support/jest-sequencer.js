// jest's testSequencer (jest.config.js): the longest suites start first, so that no worker is still in one when the
// others have run out of work. jest's own order goes by how long each suite took on the last run, from its cache;
// a fresh clone has no cache, and jest then goes by file size, which started start.test.ts and heap.test.ts among
// the last. Here a suite the cache has not timed takes the seconds below.
const { relative } = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

/**
 * The suites that take longest, in seconds, in a full run on the project's 2-core machines (jest --json's start and
 * end times); every other suite takes under 2 s there, and 0 here.
 */
const EXPECTED_SECONDS = {
  'test/integration/fault-matrix.test.ts': 16,
  'test/integration/call.test.ts': 13,
  'test/integration/start.test.ts': 13,
  'test/integration/sample-events.test.ts': 10,
  'test/integration/hostile-input.test.ts': 8,
  'test/integration/status-page.test.ts': 7,
  'test/integration/keep-copies.test.ts': 5,
  'test/integration/crash-safety.test.ts': 4,
  'test/integration/heap.test.ts': 3,
  'test/integration/docs-commands.test.ts': 3,
  'test/unit/keep-copies-properties.test.ts': 3,
  'test/unit/redact.test.ts': 3,
  'test/unit/fault-matrix.test.ts': 3,
  'test/deploy/bundle.test.ts': 2,
  'test/integration/faults.test.ts': 2,
  'test/integration/tool-lifetime.test.ts': 2,
};

class LongestFirst extends Sequencer {
  /** @param {import('@jest/test-result').Test[]} tests */
  sort(tests) {
    /** @param {import('@jest/test-result').Test} test */
    const milliseconds = (test) => {
      const timed = this.time(test);
      if (timed != null) return timed;
      const path = relative(test.context.config.rootDir, test.path).split('\\').join('/');
      return 1000 * (EXPECTED_SECONDS[/** @type {keyof typeof EXPECTED_SECONDS} */ (path)] ?? 0);
    };
    const failed = new Map(tests.map((test) => [test, this.hasFailed(test)]));
    const duration = new Map(tests.map((test) => [test, milliseconds(test)]));
    // As jest does: the suites that failed last time first, to tell sooner whether they still fail.
    return [...tests].sort((a, b) => Number(failed.get(b)) - Number(failed.get(a)) || (duration.get(b) ?? 0) - (duration.get(a) ?? 0));
  }
}

module.exports = LongestFirst;
