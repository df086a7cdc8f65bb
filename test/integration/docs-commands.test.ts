// Every command of the README's and docs/'s shell blocks runs as written on a fresh clone, or is listed here as one
// that cannot run locally, with the reason. The local ones run through npm and sh exactly as a reader pastes them,
// with no network: the two servers (npm run ecs-local, npm run trigger-local) on free ports named by PORT and
// TRIGGER_PORT instead of 9100 and 9200 (a developer's own may be running), and the commands that name those ports
// rewritten to the ones taken; on a machine without curl, the docs' curl lines run with a stand-in (below). A new
// command in the docs fails the first test until it is classified here.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { type DocCommand, documentedCommands } from '../support/doc-commands';
import { cleanEnvironment, freePort, killGroup, ROOT, run, type Started, start } from '../support/tool-process';

type Verdict =
  /** Runs here: a server started first and kept up. */
  | { kind: 'server' }
  /** Runs here to its end, which must be with `exitCode` (0 when absent). */
  | { kind: 'run'; exitCode?: number }
  /** Needs the account, a deployed function or the operator's machines. */
  | { kind: 'cloud'; why: string }
  /** Runs, but not in this test. */
  | { kind: 'elsewhere' | 'not-run'; why: string };

const RULES: ReadonlyArray<{ match: RegExp; verdict: Verdict }> = [
  { match: /^npm ci$/, verdict: { kind: 'not-run', why: 'installs from the registry (network); this run uses the tree it made' } },
  { match: /^npm test$/, verdict: { kind: 'not-run', why: 'it is the run this test is part of' } },
  {
    match: /^npm start$/,
    verdict: { kind: 'elsewhere', why: 'test/integration/start.test.ts runs build/tools/start.js, which npm start execs (about 10 s)' },
  },
  { match: /^npm run ecs-local$/, verdict: { kind: 'server' } },
  { match: /^npm run trigger-local$/, verdict: { kind: 'server' } },
  { match: /^npm run invoke -- events\/\S+\.json$/, verdict: { kind: 'run' } },
  { match: /^npm run call -- POST http:\/\/127\.0\.0\.1:9200\/copies events\/\S+\.json$/, verdict: { kind: 'run' } },
  { match: /^curl (-X POST )?localhost:9100\/_local\//, verdict: { kind: 'run' } },
  {
    match: /^npm run status:demo$/,
    // docs/status.md's exit status 1, "something needs a look": the demo fleet shows every state, a failed copy too.
    verdict: { kind: 'run', exitCode: 1 },
  },
  {
    // The cheaper form runs here (the line above); the page and its screenshot cost Chromium about 2 s of CPU.
    match: /^npm run status:demo -- --html \/tmp\/status\.html --screenshot \/tmp\/status\.png$/,
    verdict: { kind: 'elsewhere', why: 'npm run status:demo runs here; status-page.test.ts writes --html and --screenshot in Chromium' },
  },
  {
    match: /^s (config|deploy|info|invoke) /,
    verdict: { kind: 'cloud', why: 'Serverless Devs on the account: deploys, reads or invokes the function' },
  },
  { match: /^s (deploy|info)$/, verdict: { kind: 'cloud', why: 'Serverless Devs on the account: deploys or reads the function' } },
  { match: /^npm i -g @serverless-devs\/s$/, verdict: { kind: 'cloud', why: 'installs the deploy tool globally, from the registry' } },
  { match: /^aliyun sls /, verdict: { kind: 'cloud', why: "the Alibaba Cloud CLI on the function's SLS project and Logstore" } },
  {
    match: /^PROJECT=<the SLS project s info names> +LOGSTORE=<its Logstore>$/,
    verdict: { kind: 'cloud', why: "names the deployed function's SLS project and Logstore for the aliyun sls lines" },
  },
  { match: /^aliyun ram /, verdict: { kind: 'cloud', why: "the Alibaba Cloud CLI, creating the function's RAM role and policy" } },
  {
    match: /^export ALIBABA_CLOUD_ACCESS_KEY_/,
    verdict: { kind: 'cloud', why: "a real AccessKey: the placeholders are the reader's to fill in" },
  },
  { match: /^npm run call -- (GET|POST) '?https:\/\/\S+\.fcapp\.run\//, verdict: { kind: 'cloud', why: 'a deployed HTTP trigger' } },
  {
    match: /^npm run (-s )?status( |$)/,
    verdict: { kind: 'cloud', why: 'reads the real account (npm run status:demo is its local form)' },
  },
  { match: /^\*\/30 \* \* \* \* cd /, verdict: { kind: 'cloud', why: "a crontab line on the operator's server" } },
  {
    match: /^npm run restore -- /,
    verdict: {
      kind: 'cloud',
      why: 'restores in the real account (test/integration/restore-tool.test.ts runs it against the local endpoint)',
    },
  },
  { match: /^aliyun ecs /, verdict: { kind: 'cloud', why: "the Alibaba Cloud CLI on the DR region's instances and disks" } },
  { match: /^[{"]/, verdict: { kind: 'not-run', why: 'a request or answer body shown in a shell block, not a command' } },
];

const COMMANDS = documentedCommands(ROOT);

function verdictOf(command: DocCommand): Verdict | undefined {
  return RULES.find((rule) => rule.match.test(command.command))?.verdict;
}

/** What each command is run as: the servers' ports, and the ports the docs name rewritten to them. */
interface Ports {
  ecsLocal: number;
  triggerEcs: number;
  trigger: number;
}

function environmentFor(command: string, ports: Ports, path: string): Record<string, string> {
  const quiet = { npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', PATH: path };
  if (command === 'npm run trigger-local')
    return cleanEnvironment({ ...quiet, PORT: String(ports.triggerEcs), TRIGGER_PORT: String(ports.trigger) });
  return cleanEnvironment({ ...quiet, PORT: String(ports.ecsLocal) });
}

/**
 * curl is no part of Node.js, and a fresh machine may lack it: there, the docs' two curl lines run with a stand-in
 * that sends the same request with Node's fetch (`curl [-X METHOD] URL [-d BODY]`, as the docs use it).
 */
const CURL_STAND_IN = `#!/usr/bin/env node
const args = process.argv.slice(2);
let method;
let body;
let url = '';
for (let index = 0; index < args.length; index++) {
  if (args[index] === '-X') method = args[++index];
  else if (args[index] === '-d') body = args[++index];
  else url = args[index];
}
fetch(url.includes('://') ? url : 'http://' + url, { method: method ?? (body === undefined ? 'GET' : 'POST'), body })
  .then(async (answer) => process.stdout.write(await answer.text()))
  .catch((error) => { process.stderr.write(String(error) + '\\n'); process.exitCode = 7; });
`;

function onPath(name: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((folder) => folder !== '' && existsSync(join(folder, name)));
}

/** The command with the docs' ports replaced by the ones taken. */
function asRun(command: string, ports: Ports): string {
  return command.replaceAll('localhost:9100', `localhost:${ports.ecsLocal}`).replaceAll('127.0.0.1:9200', `127.0.0.1:${ports.trigger}`);
}

const servers: Started[] = [];
let standIns: string;
/** PATH as the tests have it, with the curl stand-in first when this machine has no curl. */
let path = process.env.PATH ?? '';
beforeAll(() => {
  standIns = mkdtempSync(join(tmpdir(), 'docs-commands-'));
  if (!onPath('curl')) {
    writeFileSync(join(standIns, 'curl'), CURL_STAND_IN, { mode: 0o755 });
    path = `${standIns}${delimiter}${path}`;
  }
});
afterAll(() => {
  for (const server of servers) killGroup(server);
  rmSync(standIns, { recursive: true, force: true });
});

describe("the README's and docs' shell commands", () => {
  it('are each classified: run here, run by another test, or cloud-only with the reason', () => {
    const unclassified = COMMANDS.filter((command) => verdictOf(command) === undefined);
    const unused = RULES.filter((rule) => !COMMANDS.some((command) => rule.match.test(command.command))).map((rule) => String(rule.match));

    expect(unclassified).toEqual([]);
    expect(unused).toEqual([]);
  });

  it('run as written against npm run ecs-local and npm run trigger-local, with no account and no network', async () => {
    const ports: Ports = { ecsLocal: await freePort(), triggerEcs: await freePort(), trigger: await freePort() };
    const local = COMMANDS.filter((command) => verdictOf(command)?.kind === 'run' || verdictOf(command)?.kind === 'server');
    const serverCommands = [...new Set(local.filter((command) => verdictOf(command)?.kind === 'server').map(({ command }) => command))];
    expect(serverCommands.sort()).toEqual(['npm run ecs-local', 'npm run trigger-local']);

    await Promise.all(
      serverCommands.map((command) => {
        const server = start('sh', ['-c', command], environmentFor(command, ports, path));
        servers.push(server);
        return server.waitFor(/Ctrl-C to stop/);
      }),
    );
    const clients = [...new Set(local.filter((command) => verdictOf(command)?.kind === 'run').map(({ command }) => command))];
    // Independent of one another: run side by side, each bounded by the test's timeout.
    const results = await Promise.all(
      clients.map(async (command) => ({
        command,
        ...(await run('sh', ['-c', asRun(command, ports)], environmentFor(command, ports, path))),
      })),
    );

    const expectedCode = (command: string) => {
      const verdict = RULES.find((rule) => rule.match.test(command))?.verdict;
      return verdict?.kind === 'run' ? (verdict.exitCode ?? 0) : 0;
    };
    const unexpected = results.filter((result) => result.code !== expectedCode(result.command));
    expect(unexpected.map(({ command, code, stdout, stderr }) => ({ command, code, stdout, stderr }))).toEqual([]);
    const invoke = results.find((result) => result.command.startsWith('npm run invoke'));
    // Its first line of its own says where the calls go and as whom; the bundle's size lines are not repeated.
    expect(invoke?.stderr.split('\n').find((line) => line.startsWith('invoke:'))).toMatch(
      new RegExp(`^invoke: local ECS endpoint http://127\\.0\\.0\\.1:${ports.ecsLocal} .*AccessKey LTAI\\*{4}mple$`),
    );
    expect(`${invoke?.stdout}${invoke?.stderr}`).not.toMatch(/^dist\/index\.js [\d.]+ KB$/m);
    const call = results.find((result) => result.command.startsWith('npm run call'));
    expect(call?.stderr).toMatch(/-> HTTP 202 Accepted/);
  }, 90_000);
});
