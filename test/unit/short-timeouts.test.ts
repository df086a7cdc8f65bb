import { DEFAULT_RETRY_POLICY } from '../../lib/calls/retry';
import { invocationContext } from '../support/context';
import { timerEvent } from '../support/events';
import { startFakeHarness } from '../support/fake-harness';
import { logsNamed } from '../support/output';

/**
 * Issue 9, point 8: with a function timeout of about 11 s or less no copy started (504 DeadlineExceeded after a few
 * milliseconds), because a copy asked for a whole attempt's HTTP timeout (10 s) before it started. A copy starts
 * whenever the time left holds one attempt (RetryPolicy.minAttemptMs), as the Timeouts section says.
 */
describe.each([5, 11])('a function timeout of %i s', (timeoutSeconds) => {
  it('starts the copies of a fleet, each with the production retry policy', async () => {
    const harness = startFakeHarness({ handler: { retryPolicy: DEFAULT_RETRY_POLICY } });
    const sources = [harness.source(), harness.source(), harness.source()];

    const result = await harness.invoke(timerEvent({ SnapshotIds: sources }), invocationContext({ timeoutSeconds }));

    expect(result.ok).toBe(true);
    expect(harness.ecs.calls.filter((call) => call.Action === 'CopySnapshot')).toHaveLength(3);
    expect(logsNamed(harness.logs, 'copy-started')).toHaveLength(3);
    expect(logsNamed(harness.logs, 'copy-left')).toEqual([]);
  });
});
