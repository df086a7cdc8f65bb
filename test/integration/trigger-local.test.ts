// `npm run trigger-local`: the bundled function behind a local stand-in for FC's HTTP trigger, which checks FC's
// signature before the function runs, so that the README's `npm run call` example runs with no deployed function.
import { signTriggerRequest } from '../../tools/sign-trigger-request';
import { buildTools, cleanEnvironment, killGroup, run, type Started, start } from '../support/tool-process';

let server: Started;
let triggerUrl: string;
let ecsUrl: string;

const copyRequests = async () =>
  ((await (await fetch(`${ecsUrl}/_local/calls`)).json()) as { Action: string }[]).filter((call) => call.Action === 'CopySnapshot').length;

beforeAll(async () => {
  buildTools();
  server = start(process.execPath, ['build/tools/ecs-local.js', '--http-trigger'], cleanEnvironment({ PORT: '0', TRIGGER_PORT: '0' }));
  await server.waitFor(/Ctrl-C to stop/);
  const { stdout } = server.output();
  triggerUrl = /^Local HTTP trigger .* on (http:\/\/127\.0\.0\.1:\d+)/m.exec(stdout)?.[1] ?? '';
  ecsUrl = /^Local ECS .* listening on (http:\/\/127\.0\.0\.1:\d+)/m.exec(stdout)?.[1] ?? '';
});
afterAll(() => killGroup(server));

describe('npm run trigger-local', () => {
  it('runs the function for npm run call, which signs with the key the trigger accepts with nothing exported', async () => {
    const result = await run(
      process.execPath,
      ['build/tools/call.js', 'POST', `${triggerUrl}/copies`, 'events/http-body.json'],
      cleanEnvironment(),
    );

    expect(result.stderr.split('\n')).toEqual([
      'call: the local HTTP trigger of npm run trigger-local, AccessKey LTAI****mple',
      `POST ${triggerUrl}/copies -> HTTP 202 Accepted`,
      '',
    ]);
    expect(JSON.parse(result.stdout)).toMatchObject({ Outcome: 'copied', SourceSnapshotId: 's-bp1demo7snapshot0002' });
  });

  it('refuses an unsigned request with 403 before the function runs', async () => {
    const before = await copyRequests();

    const answer = await fetch(`${triggerUrl}/copies`, { method: 'POST', body: '{"SnapshotId":"s-bp1demo7snapshot0003"}' });

    expect({ status: answer.status, body: await answer.json() }).toMatchObject({ status: 403, body: { Code: 'MissingAuthorization' } });
    expect(await copyRequests()).toBe(before);
  });

  it('refuses a request signed with a key it does not accept', async () => {
    const url = new URL(`${triggerUrl}/copies`);
    const signed = signTriggerRequest('POST', url, { accessKeyId: 'LTAI5tOtherKey0001', accessKeySecret: 'other-secret' }, new Date());

    const answer = await fetch(`${triggerUrl}${signed.target}`, { method: 'POST', headers: signed.headers, body: '{}' });

    expect({ status: answer.status, body: await answer.json() }).toMatchObject({
      status: 403,
      body: { Code: 'InvalidAccessKeyId.NotFound' },
    });
  });
});
