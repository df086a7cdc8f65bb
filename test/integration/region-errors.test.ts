// ECS answers a region that does not exist with "The specified RegionId does not exist." and no region: the failure
// the operator reads names the region the call sent, and the advice says which setting each region comes from.
import { parsedLogs, startHarness, timerEvent } from '../support/harness';

describe('a destination region that does not exist (DESTINATION_REGION_ID=us-east1)', () => {
  it('fails naming the region, and the advice names DESTINATION_REGION_ID', async () => {
    const harness = await startHarness({ env: { DESTINATION_REGION_ID: 'us-east1' } });
    try {
      const source = harness.source();

      const outcome = await harness.invoke(timerEvent({ SnapshotId: source }));

      expect(outcome.ok).toBe(false);
      expect(outcome.ok ? '' : outcome.error.message).toMatch(
        /^InvalidRegionId\.NotFound .*The specified RegionId does not exist\. \(DescribeSnapshots in us-east1\)/,
      );
      const failed = parsedLogs(harness.logs).find((line) => line.message === 'copy-failed');
      expect(failed).toMatchObject({ Code: 'InvalidRegionId.NotFound', Message: expect.stringContaining('in us-east1') });
      expect(String(failed?.Advice)).toContain('DESTINATION_REGION_ID');
    } finally {
      await harness.close();
    }
  });
});
