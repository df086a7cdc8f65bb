import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalEcs, startLocalEcs } from '../../ecs-local';
import { createHandler } from '../../functions/copy-snapshot/index';
import { provenanceTags } from '../../lib/request/provenance';
import { dumpDom, findChromium, INSTALL_HINT } from '../../tools/status/chromium';
import { ROOT } from '../support/docs';
import { CANARY } from '../support/harness';
import { type DecodedPng, decodePng, distinctColours, hasColour } from '../support/png';
import { runStatus } from '../support/status-fixtures';
import { DIGEST_KEYWORD, SCREENSHOT_FILE, statusPageDigest, withTextChunk } from '../support/status-screenshot';

const SOURCE = 'cn-hangzhou';
const US = 'us-east-1';
const EU = 'eu-central-1';
const HOUR_MS = 3_600_000;
const COPY_DURATION_MS = 24 * HOUR_MS;
const WINDOW = { width: 1100, height: 1300 };
const DISKS = { A: 'd-statusdiska0001', B: 'd-statusdiskb0002', C: 'd-statusdiskc0003', D: 'd-statusdiskd0004' } as const;

/** The page as Chromium rendered it, the screenshot, and what the command printed. */
interface Rendered {
  exitCode: number;
  stdout: string;
  stderr: string;
  dom: string;
  png: DecodedPng;
  runningCopyId: string;
  callsDuringStatus: string[];
  generatedAt: number;
}

/** The attributes of the first tag matching `pattern`, with its text (tags stripped). */
function element(dom: string, tag: string, attributes: Record<string, string>): { attributes: Record<string, string>; text: string } {
  const opening = new RegExp(`<${tag}\\b([^>]*)>([\\s\\S]*?)</${tag}>`, 'g');
  for (const match of dom.matchAll(opening)) {
    const found: Record<string, string> = {};
    for (const attribute of (match[1] ?? '').matchAll(/([\w-]+)="([^"]*)"/g)) found[attribute[1] ?? ''] = attribute[2] ?? '';
    if (Object.entries(attributes).every(([name, value]) => found[name] === value)) {
      const text = (match[2] ?? '')
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
      return { attributes: found, text };
    }
  }
  throw new Error(`no <${tag}> with ${JSON.stringify(attributes)} in the rendered page`);
}

/**
 * Markup and terminal escapes in a tag value ECS answers with: the page must show the markup as text, and the table
 * must not pass the escapes (a window title, a bell, a carriage return that overwrites the line) to the terminal.
 */
const HOSTILE_TAG_VALUE = '<script>alert(1)</script><img src=x onerror=alert(2)>\x1b]0;pwned\x07\rall fine\x1b[2J';

/** A finished or failed copy of `source` in `RegionId`, tagged as the function tags its own. */
function seedCopy(
  ecs: LocalEcs,
  source: { SnapshotId: string; DiskId: string; createdAt: number },
  RegionId: string,
  Status: 'accomplished' | 'failed',
  SourceSnapshotId = source.SnapshotId,
) {
  return ecs.addSnapshot({
    RegionId,
    DiskId: source.DiskId,
    Status,
    CreationTime: new Date(source.createdAt + HOUR_MS / 2).toISOString(),
    Tags: provenanceTags({
      SourceSnapshotId,
      SourceRegionId: SOURCE,
      SourceDiskId: source.DiskId,
      SourceCreationTime: source.createdAt,
    }),
  }).SnapshotId;
}

async function renderFleetStatus(): Promise<Rendered> {
  const chromium = findChromium(process.env);
  if (!chromium) {
    throw new Error(
      `Chromium is not installed, and the status page test renders the page in it: ${INSTALL_HINT}. npm test installs it (tools/ensure-chromium.mjs).`,
    );
  }
  // Whole seconds, as ECS writes times: the data ages below come out exact.
  const T0 = Math.floor(Date.now() / 1000) * 1000;
  let ecsClock = T0;
  const ecs = await startLocalEcs({
    credentials: [{ ...CANARY }],
    copyDurationMs: COPY_DURATION_MS,
    now: () => ecsClock,
    // The endpoint's clock is moved on below to show a copy 40% done; requests are still signed with the real time.
    timestampWindowMs: 2 * COPY_DURATION_MS,
  });
  const dir = mkdtempSync(join(tmpdir(), 'status-page-'));
  try {
    const source = (DiskId: string, ageHours: number) => {
      const createdAt = T0 - ageHours * HOUR_MS;
      const SnapshotId = ecs.addSnapshot({
        RegionId: SOURCE,
        DiskId,
        SnapshotType: 'auto',
        CreationTime: new Date(createdAt).toISOString(),
      }).SnapshotId;
      return { SnapshotId, DiskId, createdAt };
    };
    // A: within RPO in both destinations. B: outside in us-east-1, no copy in eu-central-1.
    const a = source(DISKS.A, 5);
    seedCopy(ecs, a, US, 'accomplished');
    seedCopy(ecs, a, EU, 'accomplished');
    const b = source(DISKS.B, 50);
    seedCopy(ecs, b, US, 'accomplished');
    // C: an old copy in us-east-1 (outside) while the function copies the new snapshot there; within in eu-central-1.
    const cOld = source(DISKS.C, 40);
    const cNew = source(DISKS.C, 12);
    seedCopy(ecs, cOld, US, 'accomplished');
    seedCopy(ecs, cNew, EU, 'accomplished');
    // D: its copy to us-east-1 failed and none finished there; within in eu-central-1. The failed copy's source tag
    // holds markup, which the page shows (it names the source of a failed copy) and must escape.
    const d = source(DISKS.D, 8);
    seedCopy(ecs, d, US, 'failed', HOSTILE_TAG_VALUE);
    seedCopy(ecs, d, EU, 'accomplished');

    const env = {
      PATH: process.env.PATH,
      ECS_ENDPOINT: ecs.url,
      ALIBABA_CLOUD_ACCESS_KEY_ID: CANARY.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: CANARY.accessKeySecret,
      ALIBABA_CLOUD_SECURITY_TOKEN: CANARY.securityToken,
      SOURCE_REGION_ID: SOURCE,
      DESTINATION_REGION_ID: `${US},${EU}`,
      RPO_HOURS: '36',
      API_CALLS_PER_MINUTE: '1000',
    };
    const copy = createHandler({ env, logSink: () => {} });
    const made = (await copy(Buffer.from(JSON.stringify({ SnapshotId: cNew.SnapshotId, DestinationRegionId: US })), {
      region: SOURCE,
      function: { timeout: 30 },
    })) as { SnapshotId: string };
    ecsClock = T0 + 0.4 * COPY_DURATION_MS;

    const htmlFile = join(dir, 'status.html');
    const pngFile = join(dir, 'status.png');
    const callsBefore = ecs.calls.length;
    const { exitCode, stdout, stderr } = await runStatus(
      [
        '--request',
        JSON.stringify({ DiskIds: Object.values(DISKS) }),
        '--html',
        htmlFile,
        '--screenshot',
        pngFile,
        '--window-size',
        `${WINDOW.width}x${WINDOW.height}`,
      ],
      env,
      () => T0,
    );
    return {
      exitCode,
      stdout,
      stderr,
      dom: await dumpDom(env, htmlFile),
      png: decodePng(readFileSync(pngFile)),
      runningCopyId: made.SnapshotId,
      callsDuringStatus: ecs.calls.slice(callsBefore).map((call) => call.Action),
      generatedAt: T0,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await ecs.close();
  }
}

describe('npm run status against the local ECS endpoint, rendered in headless Chromium', () => {
  let rendered: Rendered;

  beforeAll(async () => {
    rendered = await renderFleetStatus();
  }, 60_000);

  it('colours each disk in each destination by its RPO state, with the age of its newest copied data', () => {
    const cell = (disk: string, destination: string) => element(rendered.dom, 'td', { 'data-disk': disk, 'data-destination': destination });

    const expected: Array<[string, string, string, string | undefined]> = [
      [DISKS.A, US, 'within', '5.0 h'],
      [DISKS.A, EU, 'within', '5.0 h'],
      [DISKS.B, US, 'outside', '50.0 h'],
      [DISKS.B, EU, 'no-copy', undefined],
      [DISKS.C, US, 'outside', '40.0 h'],
      [DISKS.C, EU, 'within', '12.0 h'],
      [DISKS.D, US, 'no-copy', undefined],
      [DISKS.D, EU, 'within', '8.0 h'],
    ];
    for (const [disk, destination, state, age] of expected) {
      const { attributes, text } = cell(disk, destination);
      expect({ disk, destination, state: attributes['data-state'], class: attributes.class }).toEqual({
        disk,
        destination,
        state,
        class: `cell ${state}`,
      });
      if (age) expect(text).toContain(age);
      else expect(text).toContain('no finished copy');
    }
    expect(cell(DISKS.C, US).attributes['data-age-hours']).toBe('40');
  });

  it('counts the states, the running and the failed copies at the top', () => {
    const count = (kind: string) => element(rendered.dom, 'div', { 'data-count': kind }).text;

    expect([count('within'), count('outside'), count('no-copy'), count('running'), count('failed')]).toEqual([
      '4 within RPO',
      '2 outside RPO',
      '2 no copy',
      '1 copy running',
      '1 copy failed',
    ]);
  });

  it("shows the running copy's progress as ECS reports it, as a bar", () => {
    const row = element(rendered.dom, 'tr', { 'data-snapshot': rendered.runningCopyId });

    expect(row.attributes).toMatchObject({ 'data-disk': DISKS.C, 'data-destination': US, 'data-progress': '40' });
    expect(row.text).toContain('40%');
    expect(rendered.dom).toMatch(/aria-valuenow="40"><span class="fill" style="display:\s*block;\s*width:\s*40%;?"/);
    expect(element(rendered.dom, 'td', { 'data-disk': DISKS.C, 'data-destination': US }).text).toContain('copying 40%');
  });

  it('names the failed copy with what to do about it', () => {
    const failure = element(rendered.dom, 'article', { class: 'failure' }).text;

    expect(failure).toContain(`${DISKS.D} → ${US}`);
    expect(failure).toContain('Status failed');
    expect(failure).toContain('What to do:');
    expect(element(rendered.dom, 'td', { 'data-disk': DISKS.D, 'data-destination': US }).text).toContain('1 failed');
  });

  it('shows markup in a tag value from ECS as text, never as an element', () => {
    expect(rendered.dom).not.toMatch(/<script|<img/i);
    expect(element(rendered.dom, 'article', { class: 'failure' }).text).toContain(
      'of &lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;',
    );
  });

  it('says when it was made, against which RPO, and that every disk with copies is still selected', () => {
    expect(element(rendered.dom, 'time', {}).attributes.datetime).toBe(new Date(rendered.generatedAt).toISOString());
    expect(element(rendered.dom, 'dd', { 'data-rpo-hours': '36' }).text).toBe('36 h');
    expect(rendered.dom).toContain('None: every disk with copies is still selected.');
  });

  it('writes a screenshot of the expected size that is not blank, with the RPO colours in it', () => {
    expect({ width: rendered.png.width, height: rendered.png.height }).toEqual(WINDOW);
    expect(distinctColours(rendered.png)).toBeGreaterThan(1);
    expect(hasColour(rendered.png, [0xda, 0xfb, 0xe1])).toBe(true); // within RPO
    expect(hasColour(rendered.png, [0xff, 0xeb, 0xe9])).toBe(true); // outside RPO
  });

  it('prints the same status as a table that fits 100 columns, and exits 1 for the disks outside RPO', () => {
    expect(rendered.exitCode).toBe(1);
    const lines = rendered.stdout.split('\n');
    expect(lines.filter((line) => line.length > 100)).toEqual([]);
    expect(lines.find((line) => line.startsWith(`  ${DISKS.B}`))).toMatch(/us-east-1\s+OUTSIDE\s+50\.0 h/);
    expect(rendered.stdout).toMatch(/\[########------------\] 40%/);
    expect(rendered.stderr).toContain('Wrote');
  });

  it('prints the hostile tag value to the terminal without its control characters', () => {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what the test is for.
    const control = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

    expect(rendered.stdout.split('\n').filter((line) => control.test(line))).toEqual([]);
    expect(rendered.stdout).toContain('onerror=alert(2)>␛]0;pwned␇ all fine␛[2J');
  });

  it('only reads: every ECS call of the status is DescribeSnapshots', () => {
    expect(rendered.callsDuringStatus.length).toBeGreaterThan(0);
    expect(new Set(rendered.callsDuringStatus)).toEqual(new Set(['DescribeSnapshots']));
  });
});

/** The demo fleet's status (`npm run status:demo`), as the page and the screenshot docs/status.png show it. */
async function renderDemoStatus(): Promise<{ exitCode: number; stdout: string; dom: string; png: Buffer }> {
  const chromium = findChromium(process.env);
  if (!chromium) throw new Error(`Chromium is not installed, and the status page test renders the page in it: ${INSTALL_HINT}.`);
  const dir = mkdtempSync(join(tmpdir(), 'status-demo-'));
  try {
    const htmlFile = join(dir, 'status.html');
    const pngFile = join(dir, 'status.png');
    // Whole minutes: the page's "made" time and the data ages are exact.
    const wholeMinute = () => Math.floor(Date.now() / 60_000) * 60_000;
    const { exitCode, stdout } = await runStatus(
      ['--demo', '--html', htmlFile, '--screenshot', pngFile],
      { PATH: process.env.PATH },
      wholeMinute,
    );
    return { exitCode, stdout, dom: await dumpDom({ PATH: process.env.PATH }, htmlFile), png: readFileSync(pngFile) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("the demo fleet's status page (npm run status:demo), which docs/status.png shows", () => {
  let demo: Awaited<ReturnType<typeof renderDemoStatus>>;

  beforeAll(async () => {
    demo = await renderDemoStatus();
    // The documentation's picture is this page: remade on request, with the digest of the code that drew it.
    if (process.env.UPDATE_STATUS_PNG === '1') {
      writeFileSync(join(ROOT, SCREENSHOT_FILE), withTextChunk(demo.png, DIGEST_KEYWORD, statusPageDigest()));
    }
  }, 90_000);

  it('shows every RPO state a cell can have: within, outside (red) and no copy', () => {
    const states = [...demo.dom.matchAll(/<td class="cell [^"]*"[^>]*data-state="([a-z-]+)"/g)].map((match) => match[1]);

    expect(new Set(states)).toEqual(new Set(['within', 'outside', 'no-copy']));
    expect(element(demo.dom, 'div', { 'data-count': 'outside' }).text).toBe('2 outside RPO');
  });

  it('shows the locked data beside the copied data (LOCK_DAYS): a disk whose copy is recent but not locked is outside RPO', () => {
    const cell = (disk: string, destination: string) => element(demo.dom, 'td', { 'data-disk': disk, 'data-destination': destination });

    const unlocked = cell('d-bp1demo7data0000002', 'us-east-1');
    expect(unlocked.attributes['data-state']).toBe('outside');
    expect(unlocked.text).toContain('no locked copy');
    expect(demo.dom).toMatch(
      /<span class="lock" data-locked-age-hours="6" title="newest locked copy s-[a-z0-9]+">locked data 6\.0 h<\/span>/,
    );
    expect(cell('d-bp1demo7system00001', 'eu-central-1').text).toContain('locked data 50.0 h');
    expect(demo.stdout).toMatch(/d-bp1demo7data0000002\s+us-east-1\s+OUTSIDE\s+\d+\.\d h\s+none/);
    expect(demo.stdout.replace(/\s+/g, ' ')).toContain('It would lock 1 copy found without a lock.');
  });

  it('shows a copy running with its progress, a failed copy with its advice, and a disk no longer selected', () => {
    expect(element(demo.dom, 'div', { 'data-count': 'running' }).text).toBe('1 copy running');
    expect(demo.dom).toMatch(
      /<tr data-snapshot="s-[a-z0-9]+" data-disk="d-bp1demo7system00001" data-destination="eu-central-1" data-progress="\d+"/,
    );
    expect(element(demo.dom, 'article', { class: 'failure' }).text).toContain('What to do:');
    expect(element(demo.dom, 'tr', { 'data-disk': 'd-bp1demo7olddata00005' }).text).toMatch(/us-east-1 120\.0 h s-/);
    expect(demo.dom).not.toContain('Not yet reported');
  });

  it('exits 1, for the disk outside RPO, the disks with no copy and the failed copy', () => {
    expect(demo.exitCode).toBe(1);
    expect(demo.stdout).toMatch(/eu-central-1\s+OUTSIDE\s+50\.0 h/);
  });

  it('renders a screenshot with the colours of every state in it', () => {
    const png = decodePng(demo.png);

    expect(png.width).toBe(1100);
    for (const colour of [
      [0xda, 0xfb, 0xe1], // within RPO
      [0xff, 0xeb, 0xe9], // outside RPO
      [0x09, 0x69, 0xda], // copy running
      [0xbc, 0x4c, 0x00], // copy failed
    ] as Array<[number, number, number]>) {
      expect({ colour, found: hasColour(png, colour) }).toEqual({ colour, found: true });
    }
  });
});
