/**
 * `POST /restore-drills` held to the operator's CALLER_* rules, through the handler on the fake ECS: a caller's drill
 * creates disks, which cost while they live, so what it may create is bounded before anything is listed. The same
 * through pop-core and the local endpoint: test/integration/restore-drill-safety.test.ts.
 */
import { loadConfiguration } from '../../lib/config/configuration';
import { CopyRequestSchema } from '../../lib/request/copy-request';
import { DrillRequestSchema } from '../../lib/restore-drill/drill-request';
import { DRILL_MARKER, DRILL_TAG_KEYS } from '../../lib/restore-drill/drill-tags';
import { DESTINATION_REGION, SOURCE_REGION } from '../support/context';
import { asHttp, httpEvent } from '../support/events';
import { startFakeHarness } from '../support/fake-harness';
import { expectNoSecretLeaked, logsNamed } from '../support/output';
import { addOurCopy, addSource } from '../support/seed-copies';

const DISK = 'd-bp1callerdrill0001';
const HOUR = 3_600_000;

/** A protected disk of `SourceDiskSize` GiB with this function's accomplished copy in the destination. */
function fleet(env: Record<string, string> = {}, SourceDiskSize = 40) {
  const harness = startFakeHarness({
    env: { SOURCE_REGION_ID: SOURCE_REGION, DESTINATION_REGION_ID: DESTINATION_REGION, CALLER_SOURCE_REGIONS: SOURCE_REGION, ...env },
  });
  const { ecs, clock } = harness;
  addOurCopy(
    ecs,
    addSource(ecs, { RegionId: SOURCE_REGION, DiskId: DISK, createdMs: clock.now() - HOUR, SourceDiskSize }),
    DESTINATION_REGION,
  );
  return harness;
}

const drillsEvent = (body: unknown) =>
  httpEvent(body, {
    rawPath: '/restore-drills',
    requestContext: { requestId: 'r-1', timeEpoch: '1795806300000', http: { method: 'POST' } },
  });

/** What the caller was answered, and every ECS call the request made. */
async function ask(harness: ReturnType<typeof fleet>, body: unknown) {
  const response = asHttp(await harness.handler(drillsEvent(body)));
  expectNoSecretLeaked(harness);
  return { status: response.statusCode, body: response.body, calls: harness.ecs.calls.map((call) => call.Action) };
}

describe("an HTTP caller's restore drill", () => {
  it('is refused, naming the field and the limit, when it asks for more disks, larger ones or another category than the operator allows, before any call', async () => {
    // The hostile review's request: 100 disks of up to 64 TiB in cloud_ssd, under CALLER_MAX_COPIES=1.
    const harness = fleet({ CALLER_MAX_COPIES: '1' });

    const hostile = await ask(harness, { DiskIds: [DISK], DrillDisks: 100, MaxDrillDiskGiB: 65536, DrillDiskCategory: 'cloud_ssd' });
    const disks = await ask(harness, { DiskIds: [DISK], DrillDisks: 2 });
    const size = await ask(harness, { DiskIds: [DISK], MaxDrillDiskGiB: 513 });
    const category = await ask(harness, { DiskIds: [DISK], DrillDiskCategory: 'cloud_ssd' });

    expect(hostile).toMatchObject({ status: 403, body: { Code: 'Forbidden.CallerPolicy' }, calls: [] });
    expect(disks.status).toBe(403);
    expect(disks.body.Message).toBe('DrillDisks: 2 is more than the 1 drill disks HTTP callers may ask for (CALLER_MAX_DRILL_DISKS)');
    expect(size.status).toBe(403);
    expect(size.body.Message).toBe('MaxDrillDiskGiB: 513 is more than the 512 GiB HTTP callers may ask for (CALLER_MAX_DRILL_DISK_GIB)');
    expect(category.status).toBe(403);
    expect(category.body.Message).toContain('DrillDiskCategory: cloud_ssd is not a category HTTP callers may choose');
    expect(category.body.Message).toContain('CALLER_DRILL_DISK_CATEGORIES: none');
    expect(harness.ecs.calls).toEqual([]);
  });

  it('counts DrillDisks in every destination against CALLER_MAX_DRILL_DISKS', async () => {
    const harness = fleet({ CALLER_DESTINATION_REGIONS: `${DESTINATION_REGION},eu-central-1` });

    const refused = await ask(harness, { DiskIds: [DISK], DestinationRegionId: [DESTINATION_REGION, 'eu-central-1'] });

    expect(refused).toMatchObject({ status: 403, calls: [] });
    expect(refused.body.Message).toContain('DrillDisks: 1 in each of 2 destinations is 2 drill disks');
  });

  it('drills with what the operator allows: the listed categories, and more disks and GiB when raised', async () => {
    const harness = fleet({ CALLER_MAX_DRILL_DISKS: '2', CALLER_MAX_DRILL_DISK_GIB: '1024', CALLER_DRILL_DISK_CATEGORIES: 'cloud_essd' });

    const answer = await ask(harness, { DiskIds: [DISK], DrillDisks: 2, MaxDrillDiskGiB: 1024, DrillDiskCategory: 'cloud_essd' });

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ Summary: { Restored: 1 }, Drills: [expect.objectContaining({ DiskCategory: 'cloud_essd' })] });
  });

  it("gets the lower of the drills' MaxDrillDiskGiB default (2048) and CALLER_MAX_DRILL_DISK_GIB when it leaves MaxDrillDiskGiB out", async () => {
    const small = fleet({}, 600);
    const raised = fleet({ CALLER_MAX_DRILL_DISK_GIB: '4096' }, 3000);

    const capped = await ask(small, { DiskIds: [DISK] });
    const defaulted = await ask(raised, { DiskIds: [DISK] });

    expect(capped.body).toMatchObject({
      Drills: [expect.objectContaining({ Outcome: 'skipped', Reason: expect.stringContaining('over MaxDrillDiskGiB (512)') })],
    });
    expect(capped.calls).not.toContain('CreateDisk');
    expect(defaulted.body).toMatchObject({
      Drills: [expect.objectContaining({ Outcome: 'skipped', Reason: expect.stringContaining('over MaxDrillDiskGiB (2048)') })],
    });
  });

  it("is refused with 400 naming DiskIds when it selects nothing, and never drills the operator's SELECTION", async () => {
    const harness = fleet({ SELECTION: JSON.stringify({ DiskIds: [DISK] }) });

    const empty = await ask(harness, {});
    const dryRun = await ask(harness, { DryRun: true });

    for (const answer of [empty, dryRun]) {
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ Code: 'InvalidParameter' });
      expect(answer.body.Message).toMatch(/^DiskIds: is required from an HTTP caller/);
      expect(answer.calls).toEqual([]);
    }
  });

  it('refuses a drill field the operator fixed (CALLER_FIXED_FIELDS), naming it, while the configuration loads', async () => {
    const harness = fleet({ CALLER_FIXED_FIELDS: 'DrillDisks,MaxDrillDiskGiB,DrillDiskCategory,ZoneId,RetentionDays' });

    const fixed = await ask(harness, { DiskIds: [DISK], ZoneId: 'us-east-1a' });
    const allowed = await ask(harness, { DiskIds: [DISK] });

    expect(fixed).toMatchObject({ status: 403, calls: [] });
    expect(fixed.body.Message).toBe('ZoneId: set by the operator for every copy and drill (CALLER_FIXED_FIELDS); leave it out');
    expect(allowed.status).toBe(200);
  });

  it('accepts in CALLER_FIXED_FIELDS every field of a drill request and of a copy request', () => {
    const fields = [...Object.keys(DrillRequestSchema.def.shape), ...Object.keys(CopyRequestSchema.def.shape)];

    for (const field of fields) expect(loadConfiguration({ CALLER_FIXED_FIELDS: field }).CallerPolicy.FixedFields).toEqual([field]);
  });

  it("gets a RunId of its own, and never deletes another run's drill disk, however old", async () => {
    const harness = fleet();
    const old = harness.ecs.addDisk({
      RegionId: DESTINATION_REGION,
      Tags: [DRILL_MARKER, { Key: DRILL_TAG_KEYS.RunId, Value: 'drill-20261101T030000Z' }],
      CreationTime: new Date(harness.clock.now() - 30 * 24 * HOUR).toISOString(),
    });

    const answer = await ask(harness, { DiskIds: [DISK] });

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ Summary: { RunId: expect.stringMatching(/^drill-\d{8}T\d{6}Z-http-[0-9a-f]{12}$/) } });
    const deleted = harness.ecs.calls.filter((call) => call.Action === 'DeleteDisk').map((call) => call.params.DiskId);
    expect(deleted).toHaveLength(1);
    expect(deleted).not.toContain(old.DiskId);
    expect(logsNamed(harness.logs, 'drill-disk-deleted')).toEqual([]);
  });
});
