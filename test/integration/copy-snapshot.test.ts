import { CANARY_CREDENTIALS as CANARY } from '../../tools/fc-fixtures';
import { DESTINATION_REGION, invocationContext, SOURCE_REGION } from '../support/context';
import { asHttp, directEvent, httpEvent, timerEvent } from '../support/events';
import { closeAfterEach, type Harness, startHarness, withHarness } from '../support/harness';
import { copiesOf, expectNoSecretLeaked, outcomeLog, parsedLogs } from '../support/output';

describe('copying a snapshot end to end through the real pop-core client and the local ECS endpoint', () => {
  let harness: Harness;

  beforeEach(async () => {
    harness = await startHarness({ env: { RETENTION_DAYS: '30', SNAPSHOT_TAGS: '{"purpose":"dr","owner":"sre"}' } });
  });

  closeAfterEach(() => harness);

  it('copies for a timer event with the configured name, description, RetentionDays and merged tags', async () => {
    const SnapshotId = harness.source();

    const result = await harness.invoke(
      timerEvent({
        SnapshotId,
        Tag: [
          { Key: 'owner', Value: 'dba' },
          { Key: 'schedule', Value: 'daily' },
        ],
      }),
    );

    expect(result.ok).toBe(true);
    const copies = copiesOf(harness.ecs, SnapshotId);
    expect(copies).toHaveLength(1);
    const [copy] = copies;
    expect(result.ok && result.value).toMatchObject({
      SnapshotId: copy?.SnapshotId,
      RequestId: expect.stringMatching(/^[0-9A-F-]{36}$/),
      SourceSnapshotId: SnapshotId,
      RegionId: SOURCE_REGION,
      DestinationRegionId: DESTINATION_REGION,
      RetentionDays: 30,
      Attempts: 1,
    });
    expect(copy).toMatchObject({
      SnapshotName: `dr-${SnapshotId}-2026-11-27`,
      Description: `DR copy of ${SnapshotId} from ${SOURCE_REGION}, made 2026-11-27T19:00:00Z by snapshot-copy`,
      RetentionDays: 30,
      SourceRegionId: SOURCE_REGION,
      Status: 'progressing',
    });
    expect(copy?.Tags.Tag).toEqual([
      { TagKey: 'owner', TagValue: 'dba' },
      { TagKey: 'schedule', TagValue: 'daily' },
      { TagKey: 'purpose', TagValue: 'dr' },
      { TagKey: 'snapshot-copy:source-snapshot-id', TagValue: SnapshotId },
      { TagKey: 'snapshot-copy:source-region-id', TagValue: SOURCE_REGION },
      { TagKey: 'snapshot-copy:source-disk-id', TagValue: expect.stringMatching(/^d-/) },
      { TagKey: 'snapshot-copy:source-creation-time', TagValue: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) },
    ]);
  });

  it('logs one JSON line with the FC request ID, trigger, source, regions and the new SnapshotId', async () => {
    const SnapshotId = harness.source();

    const result = await harness.invoke(timerEvent({ SnapshotId }), invocationContext({ requestId: 'fc-request-42' }));

    expect(outcomeLog(harness.logs)).toMatchObject({
      level: 'info',
      message: 'copy-started',
      fcRequestId: 'fc-request-42',
      trigger: 'timer',
      triggerName: 'daily-copy',
      SourceSnapshotId: SnapshotId,
      RegionId: SOURCE_REGION,
      DestinationRegionId: DESTINATION_REGION,
      SnapshotId: result.ok ? (result.value as { SnapshotId: string }).SnapshotId : 'missing',
    });
    expect(parsedLogs(harness.logs).map((line) => line.message)).toEqual(['copy-started', 'run-summary']);
    expect(parsedLogs(harness.logs)[1]).toMatchObject({ level: 'info', fcRequestId: 'fc-request-42', Copied: 1, Failed: 0, ApiCalls: 4 });
  });

  it('makes no second copy when FC delivers the same timer event again', async () => {
    const SnapshotId = harness.source();
    const event = timerEvent({ SnapshotId });

    const first = await harness.invoke(event);
    const second = await harness.invoke(event);

    expect(copiesOf(harness.ecs, SnapshotId)).toHaveLength(1);
    expect(first.ok && second.ok).toBe(true);
    expect(first.ok && (first.value as { SnapshotId: string }).SnapshotId).toBe(
      second.ok && (second.value as { SnapshotId: string }).SnapshotId,
    );
  });

  it('copies a source once: a later scheduled run finds the copy by its provenance tags', async () => {
    const SnapshotId = harness.source();

    const monday = await harness.invoke(timerEvent({ SnapshotId }, '2026-11-23T19:00:00Z'));
    const tuesday = await harness.invoke(timerEvent({ SnapshotId }, '2026-11-24T19:00:00Z'));

    expect(copiesOf(harness.ecs, SnapshotId)).toHaveLength(1);
    expect(monday.ok && monday.value).toMatchObject({ Outcome: 'copied' });
    expect(tuesday.ok && tuesday.value).toMatchObject({
      Outcome: 'already-present',
      SnapshotId: monday.ok ? (monday.value as { SnapshotId: string }).SnapshotId : 'missing',
    });
    expect(harness.ecs.calls.filter((call) => call.Action === 'CopySnapshot')).toHaveLength(1);
  });

  it('answers POST /copies with 202, the new SnapshotId and ECS RequestId', async () => {
    const SnapshotId = harness.source();

    const result = await harness.invoke(httpEvent({ SnapshotId, DestinationRegionId: 'eu-central-1', RetentionDays: 7 }));

    const response = asHttp(result.ok && result.value);
    expect(response.statusCode).toBe(202);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const copies = copiesOf(harness.ecs, SnapshotId, 'eu-central-1');
    expect(copies).toHaveLength(1);
    expect(response.body).toMatchObject({ SnapshotId: copies[0]?.SnapshotId, RequestId: expect.any(String), RetentionDays: 7 });
    expect(copies[0]?.RetentionDays).toBe(7);
  });

  it('reads a base64-encoded HTTP body', async () => {
    const SnapshotId = harness.source();

    const result = await harness.invoke(
      httpEvent(Buffer.from(JSON.stringify({ SnapshotId })).toString('base64'), { isBase64Encoded: true }),
    );

    expect(asHttp(result.ok && result.value).statusCode).toBe(202);
    expect(copiesOf(harness.ecs, SnapshotId)).toHaveLength(1);
  });

  it('lets an HTTP caller retry safely with its own ClientToken', async () => {
    const SnapshotId = harness.source();
    const body = { SnapshotId, ClientToken: 'release-2026-11-27-db' };

    const first = asHttp(await harness.handler(httpEvent(body)));
    const second = asHttp(await harness.handler(httpEvent(body)));

    expect(copiesOf(harness.ecs, SnapshotId)).toHaveLength(1);
    expect(first.body).toMatchObject({ Outcome: 'copied', ClientToken: 'release-2026-11-27-db' });
    expect(second.body).toMatchObject({ Outcome: 'already-present', SnapshotId: first.body.SnapshotId });
  });

  it('refuses a ClientToken reused for another copy (IdempotentParameterMismatch) as invalid-request', async () => {
    const first = harness.source();
    const second = harness.source();
    await harness.handler(httpEvent({ SnapshotId: first, ClientToken: 'token-1' }));

    const response = asHttp(await harness.handler(httpEvent({ SnapshotId: second, ClientToken: 'token-1' })));

    expect(response.statusCode).toBe(400);
    expect(response.body).toMatchObject({ Code: 'IdempotentParameterMismatch', Class: 'invalid-request' });
    expect(copiesOf(harness.ecs, second)).toHaveLength(0);
  });

  it('resolves a direct invocation with the same JSON as a timer', async () => {
    const SnapshotId = harness.source();

    const result = await harness.invoke(
      directEvent({ SnapshotId, DestinationRegionId: 'ap-southeast-1', DestinationSnapshotName: 'manual-copy' }),
    );

    expect(result.ok).toBe(true);
    const copies = copiesOf(harness.ecs, SnapshotId, 'ap-southeast-1');
    expect(copies.map((copy) => copy.SnapshotName)).toEqual(['manual-copy']);
    expect(result.ok && result.value).toMatchObject({ SnapshotId: copies[0]?.SnapshotId, DestinationSnapshotName: 'manual-copy' });
  });

  it('sends Encrypted and KMSKeyId to re-encrypt the copy with a key of the destination region', async () => {
    const SnapshotId = harness.source();

    const result = await harness.invoke(directEvent({ SnapshotId, Encrypted: true, KMSKeyId: 'key-us-east-1-dr' }));

    expect(result.ok).toBe(true);
    expect(copiesOf(harness.ecs, SnapshotId)[0]).toMatchObject({ Encrypted: true, KMSKeyId: 'key-us-east-1-dr' });
  });

  it('sends every call as POST, so no signed URL exists to leak', async () => {
    await harness.invoke(timerEvent({ SnapshotId: harness.source() }));

    // The source is looked up, the destination searched for an earlier copy (by the disk's provenance tag, and since
    // the source was taken, for a copy another tool made), then the copy made.
    expect(harness.ecs.calls.map((call) => [call.Action, call.RegionId, call.transport.method])).toEqual([
      ['DescribeSnapshots', SOURCE_REGION, 'POST'],
      ['DescribeSnapshots', DESTINATION_REGION, 'POST'],
      ['DescribeSnapshots', DESTINATION_REGION, 'POST'],
      ['CopySnapshot', SOURCE_REGION, 'POST'],
    ]);
    expect(harness.ecs.calls.every((call) => call.params.Version === '2014-05-26')).toBe(true);
  });
});

describe('credentials', () => {
  it('uses the credentials of each invocation, not the first ones it saw', async () => {
    const rotated = { accessKeyId: 'LTAI5tRotatedKey0002', accessKeySecret: 'RotatedSecret0002', securityToken: 'CAIS-rotated-0002' };
    await withHarness({ ecs: { credentials: [{ ...CANARY }, rotated] } }, async (harness) => {
      const first = await harness.invoke(timerEvent({ SnapshotId: harness.source() }));
      const second = await harness.invoke(timerEvent({ SnapshotId: harness.source() }), invocationContext({ credentials: rotated }));
      const revoked = await harness.invoke(
        timerEvent({ SnapshotId: harness.source() }),
        invocationContext({ credentials: { ...rotated, accessKeySecret: 'not-the-secret' } }),
      );

      expect(first.ok && second.ok).toBe(true);
      expect(revoked.ok).toBe(false);
      expect(outcomeLog(harness.logs)).toMatchObject({ Code: 'SignatureDoesNotMatch', Class: 'credentials', Attempts: 1 });
    });
  });

  it('keeps the STS token out of the log and the answer when ECS quotes it in SignatureDoesNotMatch', async () => {
    await withHarness({}, async (harness) => {
      const response = asHttp(
        await harness.handler(
          httpEvent({ SnapshotId: harness.source() }),
          invocationContext({ credentials: { ...CANARY, accessKeySecret: 'a-wrong-secret' } }),
        ),
      );
      harness.outputs.push(JSON.stringify(response));

      expect(response.body).toMatchObject({ Code: 'SignatureDoesNotMatch', Class: 'credentials' });
      const logged = outcomeLog(harness.logs);
      expect(logged.Message).toContain('[REDACTED]');
    });
  });

  it('falls back to the ALIBABA_CLOUD_ACCESS_KEY_* variables outside FC', async () => {
    await withHarness(
      {
        env: {
          ALIBABA_CLOUD_ACCESS_KEY_ID: CANARY.accessKeyId,
          ALIBABA_CLOUD_ACCESS_KEY_SECRET: CANARY.accessKeySecret,
          ALIBABA_CLOUD_SECURITY_TOKEN: CANARY.securityToken,
        },
      },
      async (harness) => {
        const SnapshotId = harness.source();

        const result = await harness.invoke(timerEvent({ SnapshotId }), invocationContext({ credentials: undefined }));

        expect(result.ok).toBe(true);
        expect(copiesOf(harness.ecs, SnapshotId)).toHaveLength(1);
      },
    );
  });

  it('fails as credentials, before any call, when there are none', async () => {
    const harness = await startHarness();
    try {
      const result = await harness.invoke(timerEvent({ SnapshotId: harness.source() }), invocationContext({ credentials: undefined }));

      expect(result.ok).toBe(false);
      expect(!result.ok && result.error.message).toMatch(/^MissingCredentials \(credentials\)/);
      expect(harness.ecs.calls).toHaveLength(0);
    } finally {
      await harness.close();
    }
  });

  it('classifies an expired STS token as credentials, does not retry it, and says what to fix', async () => {
    const harness = await startHarness({ ecs: { credentials: [{ ...CANARY, expiration: new Date(Date.now() - 60_000) }] } });
    try {
      const result = await harness.invoke(httpEvent({ SnapshotId: harness.source() }));

      const response = asHttp(result.ok && result.value);
      expect(response.statusCode).toBe(502);
      expect(response.body).toMatchObject({ Code: 'InvalidSecurityToken.Expired', Class: 'credentials' });
      expect(harness.ecs.calls).toHaveLength(1);
      expect(outcomeLog(harness.logs).Advice).toMatch(
        /The STS token expired\. In FC each invocation gets fresh credentials.+Retrying with the same token cannot help/,
      );
      expectNoSecretLeaked(harness);
    } finally {
      await harness.close();
    }
  });
});
