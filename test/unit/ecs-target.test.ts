// Where npm run invoke calls (tools/ecs-target.ts), decided in process against real local servers: the refusals
// test/integration/invoke-target.test.ts does not spawn the tool for.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type LocalEcs, startLocalEcs } from '../../ecs-local';
import { chooseEcsTarget, describeTarget } from '../../tools/ecs-target';
import { ToolError } from '../../tools/tool-error';
import { freePort } from '../support/tool-process';

const LOCAL_KEY = { accessKeyId: 'LTAI-local-example', accessKeySecret: 'local-example-secret' };
const SHELL_KEY = { ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tShellKeyId98765', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'ShellSecret' };

let ecs: LocalEcs;
beforeAll(async () => {
  ecs = await startLocalEcs({ credentials: [LOCAL_KEY] });
});
afterAll(() => ecs.close());

const portOf = (url: string) => new URL(url).port;
const ask = (question: { endpoint?: string; live?: boolean; env?: Record<string, string> }) =>
  chooseEcsTarget({
    configuredEndpoint: question.endpoint,
    sourceRegionId: 'cn-hangzhou',
    live: question.live ?? false,
    env: question.env ?? {},
  });

describe('where npm run invoke calls', () => {
  it('is the ecs-local on PORT, with the key it accepts, not the shell’s', async () => {
    const target = await ask({ env: { PORT: portOf(ecs.url), ...SHELL_KEY } });

    expect(target).toEqual({ kind: 'local', endpoint: ecs.url, key: LOCAL_KEY, found: true });
    expect(describeTarget(target)).toBe(`local ECS endpoint ${ecs.url} (npm run ecs-local, found on its port), AccessKey LTAI****mple`);
  });

  it('is never another server on that port', async () => {
    const other: Server = createServer((_request, response) => response.end('{"Service":"something else"}'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const port = String((other.address() as AddressInfo).port);

      await expect(ask({ env: { PORT: port, ...SHELL_KEY } })).rejects.toThrow(
        new ToolError(
          `no local ECS endpoint answers on http://127.0.0.1:${port}: start \`npm run ecs-local\` in another terminal (it stays up; this command finds it), or add --live to call your real account`,
        ),
      );
    } finally {
      other.close();
    }
  });

  it('is refused in one line when an exported loopback ECS_ENDPOINT has nothing listening (an earlier ecs-local)', async () => {
    const endpoint = `http://127.0.0.1:${await freePort()}`;

    await expect(ask({ endpoint, env: SHELL_KEY })).rejects.toThrow(
      new ToolError(`nothing answers as npm run ecs-local at ECS_ENDPOINT=${endpoint}: start \`npm run ecs-local\` in another terminal`),
    );
  });

  it('is ECS’s public endpoint of the source region only with --live, and with the shell’s key', async () => {
    const port = String(await freePort());

    await expect(ask({ env: { PORT: port, ...SHELL_KEY } })).rejects.toThrow(/add --live to call your real account/);
    const target = await ask({ live: true, env: { PORT: port, ...SHELL_KEY } });
    expect(describeTarget(target)).toBe(
      'REAL ECS endpoint https://ecs.cn-hangzhou.aliyuncs.com (--live: copies are made and billed), AccessKey LTAI****8765',
    );
  });

  it('needs an exported AccessKey for --live', async () => {
    await expect(ask({ live: true, env: { PORT: String(await freePort()) } })).rejects.toThrow(/^--live needs ALIBABA_CLOUD_ACCESS_KEY_ID/);
  });
});
