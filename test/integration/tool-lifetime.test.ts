// The developer tools as a person runs them: `npm run ecs-local` in a terminal, stopped with Ctrl-C, a signal to
// npm, or npm going away; a taken port or a missing file said in one line.
import {
  buildTools,
  cleanEnvironment,
  freePort,
  killGroup,
  occupyPort,
  portFreedSoon,
  run,
  type Started,
  start,
} from '../support/tool-process';

const LISTENING = /listening on http:\/\/127\.0\.0\.1:(\d+)/;

let started: Started | undefined;

beforeAll(buildTools);
afterEach(() => {
  killGroup(started);
  started = undefined;
});

describe('npm run ecs-local', () => {
  // SIGINT and SIGTERM are what npm passes on to its script; SIGHUP is not, and SIGKILL cannot be: then the endpoint
  // notices that npm is gone. The signal goes to npm alone, as `kill <pid of npm>` sends it.
  it.each(['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGKILL'] as const)('frees its port when npm gets %s', async (signal) => {
    const port = await freePort();
    started = start('npm', ['run', 'ecs-local'], cleanEnvironment({ PORT: String(port) }));
    await started.waitFor(LISTENING);

    started.child.kill(signal);
    await started.exited;

    expect(await portFreedSoon(port)).toBe(true);
  });

  it('says in one line that the port is taken, and how to fix it', async () => {
    const { server, port } = await occupyPort();
    try {
      const result = await run(process.execPath, ['build/tools/ecs-local.js'], cleanEnvironment({ PORT: String(port) }));

      expect(result.code).toBe(1);
      expect(result.stderr).toBe(`ecs-local: port ${port} is in use: stop the other npm run ecs-local (or trigger-local) or set PORT\n`);
    } finally {
      server.close();
    }
  });
});

describe('npm run invoke', () => {
  it('says in one line that the event file does not exist, naming the samples', async () => {
    const result = await run(process.execPath, ['build/tools/invoke.js', 'events/no-such-event.json'], cleanEnvironment());

    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^invoke: events\/no-such-event\.json: no such file \(the samples: events\/.*timer\.json/),
    ]);
  });
});
