import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { type LocalHttpTrigger, startLocalHttpTrigger } from '../../tools/local-http-trigger';
import { sampleSnapshots } from '../../tools/sample-snapshots';
import { DESTINATION_REGION } from '../support/context';
import { CANARY, type Harness, startHarness } from '../support/harness';
import { copiesOf, expectNoSecretLeaked } from '../support/output';

/**
 * `npm run call` end to end: the real tool, bundled as `npm run call` bundles it, signs its requests; a local stand-in
 * for FC's HTTP trigger checks them with the verifier written from FC's documentation and hands what passes to the
 * function, which copies through the real pop-core client against the local ECS endpoint.
 */

const ROOT = join(__dirname, '..', '..');
const BODY_FILE = 'events/http-body.json';
const SOURCE_SNAPSHOT = 's-bp1demo7snapshot0002';
/** events/http-body.json names no destination: the copy goes to the configured DESTINATION_REGION_ID. */
const DESTINATION = DESTINATION_REGION;

/** The operator's AccessKeys for calling the trigger: not the function's own (CANARY), which it gets from FC. */
const CALLER = { accessKeyId: 'LTAI5tCallerKeyId0001', accessKeySecret: 'CallerSecret/Do+Not=Leak0001' };
const CALLER_STS = {
  accessKeyId: 'STS.NTCallerKeyId0002',
  accessKeySecret: 'CallerStsSecret/Do+Not=Leak0002',
  securityToken: 'CAIS-caller-sts-token/+=0002',
};

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let workDir: string;
let tool: string;
let harness: Harness;
let trigger: LocalHttpTrigger;
const runs: Run[] = [];

function environmentOf(key: { accessKeyId: string; accessKeySecret: string; securityToken?: string }): Record<string, string> {
  return {
    ALIBABA_CLOUD_ACCESS_KEY_ID: key.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: key.accessKeySecret,
    ...(key.securityToken ? { ALIBABA_CLOUD_SECURITY_TOKEN: key.securityToken } : {}),
  };
}

/** Runs the bundled tool as `npm run call -- <args>` does, from the repository root. */
function call(args: string[], env: Record<string, string> = environmentOf(CALLER)): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [tool, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env } }, (error, stdout, stderr) => {
      const run = { code: error ? Number(error.code) : 0, stdout, stderr };
      runs.push(run);
      resolve(run);
    });
  });
}

/** `npm run call` reading a copy, signed with the STS key, from a server on loopback that answers with `respond`. */
async function callServerAnswering(respond: RequestListener): Promise<Run> {
  const server = createServer(respond);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/copies/s-1?RegionId=us-east-1`;
    return await call(['GET', url], environmentOf(CALLER_STS));
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** A man in the middle that changes the request on its way to the trigger and passes the rest through untouched. */
async function startTamperingProxy(
  target: string,
  tamper: (request: { path: string; headers: IncomingHttpHeaders }) => { path: string; headers: IncomingHttpHeaders },
) {
  const server = createServer((incoming, outgoing) => {
    const changed = tamper({ path: incoming.url ?? '/', headers: incoming.headers });
    const forwarded = httpRequest(`${target}${changed.path}`, { method: incoming.method, headers: changed.headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'call-tool-'));
  tool = join(workDir, 'call.js');
  await build({
    entryPoints: [join(ROOT, 'tools', 'call.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: tool,
    logLevel: 'warning',
  });
  harness = await startHarness();
  for (const sample of sampleSnapshots(Date.now())) harness.ecs.addSnapshot(sample);
  trigger = await startLocalHttpTrigger({
    keys: [CALLER, CALLER_STS],
    invoke: async (event) => {
      const outcome = await harness.invoke(event);
      if (!outcome.ok) throw outcome.error;
      return outcome.value;
    },
  });
});

afterAll(async () => {
  await trigger?.close();
  await harness?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe('npm run call against an HTTP trigger that checks signatures as FC documents', () => {
  let copySnapshotId: string;

  it('POSTs events/http-body.json to /copies, the copy is made, and the 202 answer is printed as JSON', async () => {
    const run = await call(['POST', `${trigger.url}/copies`, BODY_FILE]);

    expect(run.stderr).toBe(`POST ${trigger.url}/copies -> HTTP 202 Accepted\n`);
    expect(run.code).toBe(0);
    const answer = JSON.parse(run.stdout) as { SnapshotId: string; Outcome: string; SourceSnapshotId: string };
    expect(answer).toMatchObject({ Outcome: 'copied', SourceSnapshotId: SOURCE_SNAPSHOT, DestinationRegionId: DESTINATION });
    expect(copiesOf(harness.ecs, SOURCE_SNAPSHOT, DESTINATION).map((copy) => copy.SnapshotId)).toEqual([answer.SnapshotId]);
    expect(trigger.calls.at(-1)?.verdict).toEqual({ ok: true, accessKeyId: CALLER.accessKeyId });
    copySnapshotId = answer.SnapshotId;
  });

  it("GETs the copy's status with an STS key, the token signed along", async () => {
    const run = await call(['GET', `${trigger.url}/copies/${copySnapshotId}?RegionId=${DESTINATION}`], environmentOf(CALLER_STS));

    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ SnapshotId: copySnapshotId, RegionId: DESTINATION, SourceSnapshotId: SOURCE_SNAPSHOT });
    expect(trigger.calls.at(-1)?.headers).toMatchObject({ 'x-acs-security-token': CALLER_STS.securityToken });
    expect(trigger.calls.at(-1)?.verdict).toEqual({ ok: true, accessKeyId: CALLER_STS.accessKeyId });
  });

  it.each([
    ['its query is changed', (path: string) => path.replace(`RegionId=${DESTINATION}`, 'RegionId=eu-central-1'), (date: string) => date],
    ['its path is changed', (path: string) => path.replace(/\/copies\/[^?]+/, '/copies/s-bp1demo7snapshot0001'), (date: string) => date],
    ['its x-acs-date is moved', (path: string) => path, () => new Date(Date.now() + 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z')],
  ])('is refused with 403 before the function runs when %s on the way', async (_name, changePath, changeDate) => {
    const proxy = await startTamperingProxy(trigger.url, ({ path, headers }) => ({
      path: changePath(path),
      headers: { ...headers, 'x-acs-date': changeDate(String(headers['x-acs-date'])) },
    }));
    const logLines = harness.logs.length;
    try {
      const run = await call(['GET', `${proxy.url}/copies/${copySnapshotId}?RegionId=${DESTINATION}`]);

      expect(run.code).toBe(1);
      expect(run.stderr).toContain('-> HTTP 403 Forbidden');
      expect(run.stderr).toContain('FC refused the call before the function ran');
      expect(JSON.parse(run.stdout)).toMatchObject({ Code: 'SignatureNotMatch' });
      expect(harness.logs).toHaveLength(logLines);
    } finally {
      await proxy.close();
    }
  });

  it('is refused with 403 when signed with the wrong secret, and no copy is made', async () => {
    const copiesBefore = harness.ecs.snapshots(DESTINATION).length;

    const run = await call(['POST', `${trigger.url}/copies`, BODY_FILE], environmentOf({ ...CALLER, accessKeySecret: 'not-the-secret' }));

    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ Code: 'SignatureNotMatch' });
    expect(trigger.calls.at(-1)?.verdict).toMatchObject({ ok: false, Code: 'SignatureNotMatch' });
    expect(harness.ecs.snapshots(DESTINATION)).toHaveLength(copiesBefore);
  });

  it("prints a refusal of the function's own (403 Forbidden.CallerPolicy) without blaming the signature", async () => {
    const run = await call(['GET', `${trigger.url}/copies/${copySnapshotId}?RegionId=ap-northeast-1`]);

    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ Code: 'Forbidden.CallerPolicy' });
    expect(run.stderr).not.toContain('FC refused the call');
  });

  it('redacts the signature, the STS token and the secret even from an answer that echoes them', async () => {
    const run = await callServerAnswering((request, response) => {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          Code: 'Echo',
          Message: `${request.headers.authorization} ${request.headers['x-acs-security-token']} ${CALLER_STS.accessKeySecret}`,
        }),
      );
    });

    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({
      Code: 'Echo',
      Message: `ACS3-HMAC-SHA256 Credential=${CALLER_STS.accessKeyId},SignedHeaders=x-acs-date;x-acs-security-token,Signature=[REDACTED] [REDACTED] [REDACTED]`,
    });
  });

  const encodings: Array<[string, (token: string) => string]> = [
    ['plain', (token) => token],
    ['percent-encoded', (token) => encodeURIComponent(token)],
    ['percent-encoded twice', (token) => encodeURIComponent(encodeURIComponent(token))],
    ['percent-encoded in lower case', (token) => encodeURIComponent(token).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase())],
    ['in base64', (token) => Buffer.from(token).toString('base64')],
    ['in base64 inside a larger blob', (token) => Buffer.from(`user:${token}`).toString('base64')],
    ['JSON-escaped', (token) => JSON.stringify(token).slice(1, -1).replaceAll('/', '\\/')],
  ];
  it.each(
    encodings.flatMap(([name, encode]) => [
      [`${name}, in a JSON answer`, encode, 'json'] as const,
      [`${name}, in a gateway's HTML page`, encode, 'html'] as const,
    ]),
  )('never prints the STS token an answer quotes %s', async (_name, encode, kind) => {
    const quoted = encode(CALLER_STS.securityToken);
    const run = await callServerAnswering((request, response) => {
      const token = encode(String(request.headers['x-acs-security-token']));
      response.writeHead(502, { 'content-type': kind === 'json' ? 'application/json' : 'text/html' });
      // Written by hand, as a gateway would: the token exactly as encoded, inside the answer's text.
      response.end(kind === 'json' ? `{"Code":"Echo","Message":"token ${token} end"}` : `<html><body>token ${token} end</body></html>`);
    });

    expect(run.code).toBe(1);
    expect(`${run.stdout}${run.stderr}`).not.toContain(quoted);
    expect(`${run.stdout}${run.stderr}`).not.toContain(CALLER_STS.securityToken);
    expect(run.stdout).toMatch(/token .*\[REDACTED\].* end/);
  });

  it("never lets the caller's secret, STS token or any signature reach its output or the function's logs and answers", () => {
    const printed = runs.map((run) => `${run.stdout}\n${run.stderr}`).join('\n');
    const functionSide = [...harness.logs, ...harness.outputs].join('\n');
    // Every request but the tool's unsigned question whether a loopback URL is npm run trigger-local's.
    const signed = trigger.calls.filter((received) => received.target !== '/_local/trigger');
    const signatures = signed.map((received) => /Signature=([0-9a-f]{64})/.exec(String(received.headers.authorization))?.[1]);

    expect(runs.length).toBeGreaterThanOrEqual(6);
    expect(signatures.length).toBe(signed.length);
    for (const secret of [CALLER.accessKeySecret, CALLER_STS.accessKeySecret, CALLER_STS.securityToken, ...signatures]) {
      expect(secret).toEqual(expect.any(String));
      expect(printed).not.toContain(secret);
      expect(functionSide).not.toContain(secret);
    }
    expect(printed).not.toMatch(/Signature=[0-9a-f]/);
    expectNoSecretLeaked(harness);
    expect(functionSide).not.toContain(CANARY.accessKeySecret);
  });
});

describe('npm run call given a wrong command', () => {
  it.each([
    [
      'a body file that does not exist',
      ['POST', 'https://example.cn-hangzhou.fcapp.run/copies', 'events/no-such-file.json'],
      environmentOf(CALLER),
      'call: events/no-such-file.json: no such file',
    ],
    [
      'a URL that is not one',
      ['POST', 'example.fcapp.run/copies', BODY_FILE],
      environmentOf(CALLER),
      'call: not a URL: example.fcapp.run/copies',
    ],
    [
      'no AccessKey in the environment',
      ['POST', 'https://example.cn-hangzhou.fcapp.run/copies', BODY_FILE],
      {},
      'call: set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET',
    ],
    [
      'a body file that is not JSON',
      ['POST', 'https://example.cn-hangzhou.fcapp.run/copies', 'README.md'],
      environmentOf(CALLER),
      'call: README.md:1:1: not JSON: a value was expected, not "#"',
    ],
    ['no arguments', [], environmentOf(CALLER), 'call: usage: npm run call -- POST <trigger URL>/copies <body.json>'],
  ])('says what to fix in one line, with no stack trace, and exits 2: %s', async (_name, args, env, line) => {
    const run = await call(args, env);

    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')).toEqual([expect.stringContaining(line), '']);
    expect(run.stderr.startsWith(line)).toBe(true);
  });
});
