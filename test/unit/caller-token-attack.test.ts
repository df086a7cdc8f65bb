import { deriveClientToken } from '../../lib/copy/client-token';
import { CANARY_CREDENTIALS } from '../../tools/fc-fixtures';
import { DESTINATION_REGION, SOURCE_REGION } from '../support/context';
import { asHttp, directEvent, httpEvent, timerEvent } from '../support/events';
import { startFakeHarness } from '../support/fake-harness';
import { copiesOf } from '../support/output';

/**
 * Issue 9, point 8: an HTTP caller could make the operator's copy never happen. A dry run answered the ClientToken
 * the function derives for snapshot A; the caller sent that token along with snapshot B, so ECS made B's copy under
 * A's token; the operator's run for A then met IdempotentParameterMismatch and answered `already-present` without a
 * SnapshotId, while no copy of A existed.
 */
describe('a caller replaying a derived ClientToken', () => {
  function sources() {
    const harness = startFakeHarness();
    const a = harness.ecs.addSnapshot({ RegionId: SOURCE_REGION, DiskId: 'd-bp1operatordisk0001' }).SnapshotId;
    const b = harness.ecs.addSnapshot({ RegionId: SOURCE_REGION, DiskId: 'd-bp1callerdisk000001' }).SnapshotId;
    return { ...harness, a, b };
  }

  it("is refused before any copy, and the operator's run still makes its copy", async () => {
    const { ecs, handler, invoke, a, b } = sources();

    const dryRun = asHttp(await handler(httpEvent({ SnapshotId: a, DryRun: true })));
    const token = dryRun.body.ClientToken;
    const replay = asHttp(await handler(httpEvent({ SnapshotId: b, ClientToken: token })));
    const operator = await invoke(timerEvent({ SnapshotId: a }));

    expect(dryRun.statusCode).toBe(200);
    expect(token).toMatch(/^sc-/);
    expect(replay.statusCode).toBe(400);
    expect(replay.body).toMatchObject({
      Code: 'InvalidParameter',
      Errors: [{ field: 'ClientToken', rule: expect.stringContaining('must not start with "sc-"') }],
    });
    expect(copiesOf(ecs, b, DESTINATION_REGION)).toEqual([]);
    expect(operator).toMatchObject({ ok: true, value: { Outcome: 'copied', SourceSnapshotId: a } });
    expect(copiesOf(ecs, a, DESTINATION_REGION)).toHaveLength(1);
    expect(operator.ok && (operator.value as { SnapshotId?: string }).SnapshotId).toBe(copiesOf(ecs, a, DESTINATION_REGION)[0]?.SnapshotId);
  });

  it('is refused from a direct invocation and a timer payload as well, naming ClientToken', async () => {
    const { ecs, invoke, a, b } = sources();
    const token = deriveClientToken(['', '0'], { RegionId: SOURCE_REGION, SnapshotId: a, DestinationRegionId: DESTINATION_REGION });

    const direct = await invoke(directEvent({ SnapshotId: b, ClientToken: token }));
    const timer = await invoke(timerEvent({ SnapshotId: b, ClientToken: token }));

    for (const result of [direct, timer]) {
      expect(!result.ok && result.error.message).toMatch(/^InvalidParameter \(invalid-request\): ClientToken: must not start with "sc-"/);
    }
    expect(ecs.calls).toEqual([]);
  });

  // The step that starts copies looks the copy up in the destination on IdempotentParameterMismatch, and answers
  // already-present only with its SnapshotId; else it fails with ClientTokenTaken.
  it('never answers already-present without a SnapshotId when ECS holds the derived token for another copy', async () => {
    const { ecs, invoke, a, b } = sources();
    // Someone with ecs:CopySnapshot in the account, outside the function, used the token derived for A with B: the
    // derivation is public, so the run must not trust a mismatch as proof that A's copy exists.
    const token = deriveClientToken(['', '0'], { RegionId: SOURCE_REGION, SnapshotId: a, DestinationRegionId: DESTINATION_REGION });
    await ecs.copySnapshot(
      {
        RegionId: SOURCE_REGION,
        SnapshotId: b,
        DestinationRegionId: DESTINATION_REGION,
        DestinationSnapshotName: 'squatted',
        DestinationSnapshotDescription: 'squatted',
        Tag: [],
        ClientToken: token,
      },
      { credentials: { ...CANARY_CREDENTIALS }, timeoutMs: 1000 },
    );

    const operator = await invoke(timerEvent({ SnapshotId: a }));

    const answer = operator.ok ? (operator.value as { Outcome?: string; SnapshotId?: string }) : undefined;
    if (answer?.Outcome === 'already-present') expect(answer.SnapshotId).toEqual(expect.any(String));
    // Either the copy of A is made (under another token), or the invocation fails loudly: never a green run without it.
    expect(copiesOf(ecs, a, DESTINATION_REGION).length > 0 || !operator.ok).toBe(true);
    // This function fails it, naming the code whose advice says what to do.
    expect(!operator.ok && operator.error.message).toMatch(/ClientTokenTaken/);
  });
});
