import { CopySnapshotFailed, createHandler } from '../../functions/copy-snapshot/index';
import type { Ecs } from '../../lib/ecs/ecs';
import { asHttp, directEvent, fcContext, httpEvent, parsedLogs } from '../support/harness';

const DETAIL = 'Cannot read properties of undefined (reading "Snapshots") near 10.1.2.3';

/** An ECS port with a bug: it throws a TypeError, as our own code would. */
const brokenEcs = (): Ecs => ({
  describeSnapshots: async () => {
    throw new TypeError(DETAIL);
  },
  copySnapshot: async () => {
    throw new TypeError(DETAIL);
  },
});

function start() {
  const logs: string[] = [];
  const handler = createHandler({
    env: { DESTINATION_REGION_ID: 'us-east-1', CALLER_DESTINATION_REGIONS: 'us-east-1' },
    createEcs: brokenEcs,
    logSink: (line) => logs.push(line),
    random: () => 0,
    sleep: async () => undefined,
  });
  return { handler, logs };
}

describe('a defect of the function itself (a TypeError in our code)', () => {
  it('is answered over HTTP as InternalFailure, status 500, without its message', async () => {
    const { handler } = start();

    const response = asHttp(await handler(httpEvent({ SnapshotId: 's-bp1source0000000001' }), fcContext()));

    expect(response.statusCode).toBe(500);
    expect(response.body).toMatchObject({ Code: 'InternalFailure', Class: 'internal' });
    expect(JSON.stringify(response.body)).not.toContain('Cannot read');
  });

  it('is logged as internal-failure with the error name, its stack frames and advice to report it, never its message', async () => {
    const { handler, logs } = start();

    await handler(httpEvent({ SnapshotId: 's-bp1source0000000001' }), fcContext());

    const lines = parsedLogs(logs);
    const line = lines.find((entry) => entry.message === 'internal-failure');
    expect(line).toMatchObject({ level: 'error', Code: 'InternalFailure', Class: 'internal', Error: 'TypeError' });
    expect(line?.Advice).toMatch(/^A defect of this function.*report it with this log line/);
    const stack = line?.Stack as string[];
    expect(stack.length).toBeGreaterThan(0);
    for (const frame of stack) expect(frame).toMatch(/^at /);
    expect(stack.join('\n')).toContain('internal-failure.test.ts');
    expect(logs.join('\n')).not.toMatch(/Cannot read|10\.1\.2\.3/);
    expect(lines.filter((entry) => entry.message === 'copy-failed')).toEqual([]);
  });

  it('rejects a direct invocation with CopySnapshotFailed, the TypeError kept as the cause of its InternalFailure', async () => {
    const { handler } = start();

    const rejection = await handler(directEvent({ SnapshotId: 's-bp1source0000000001' }), fcContext()).catch((error: unknown) => error);

    expect(rejection).toBeInstanceOf(CopySnapshotFailed);
    expect((rejection as CopySnapshotFailed).message).toBe('InternalFailure (internal): The function failed unexpectedly');
    const failure = (rejection as CopySnapshotFailed).failure;
    expect((rejection as CopySnapshotFailed).cause).toBe(failure);
    expect(failure?.cause).toBeInstanceOf(TypeError);
  });
});
