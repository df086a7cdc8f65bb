import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod/mini';

const root = join(__dirname, '..', '..');

const PolicySchema = z.object({
  Version: z.literal('1'),
  Statement: z.array(z.strictObject({ Effect: z.literal('Allow'), Action: z.array(z.string()), Resource: z.array(z.string()) })),
});
const policy = PolicySchema.parse(JSON.parse(readFileSync(join(root, 'ram-policy.json'), 'utf8')));
const granted = policy.Statement.flatMap((statement) => statement.Action);

/** Every ECS action the adapters send: the first argument of `this.request('<Action>'`, wherever in lib/. */
function ecsActionsCalled(): string[] {
  const actions = new Set<string>();
  const files = readdirSync(join(root, 'lib'), { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.ts'));
  for (const file of files) {
    const source = readFileSync(join(root, 'lib', file), 'utf8');
    for (const match of source.matchAll(/\.request\(\s*['"]([A-Z][A-Za-z]+)['"]/g)) {
      if (match[1] !== undefined) actions.add(match[1]);
    }
  }
  return [...actions];
}

/** `Action: 'X'` literals of a session file of lib/calls: the actions its typed methods send. */
function sessionActions(file: string): Set<string> {
  const source = readFileSync(join(root, 'lib', 'calls', file), 'utf8');
  return new Set([...source.matchAll(/Action: '([A-Z]\w+)'/g)].map((match) => match[1] ?? ''));
}

/**
 * The actions only restores send (EcsRestoreSession's, and no other session's): an operator's, granted by
 * ram-policy-restore.json to whoever restores, never to the timer's role by ram-policy.json (docs/restore.md).
 */
function restoreOnlyActions(): string[] {
  const others = new Set([...sessionActions('ecs-session.ts'), ...sessionActions('ecs-disk-session.ts')]);
  return [...sessionActions('ecs-restore-session.ts')].filter((action) => !others.has(action));
}

describe('ram-policy.json', () => {
  it('grants exactly the ECS actions the code calls, but those only restores call (ram-policy-restore.json)', () => {
    const restoreOnly = restoreOnlyActions();
    const called = ecsActionsCalled().filter((action) => !restoreOnly.includes(action));

    // The scan found the adapter at all: without this, a renamed method would make the check pass on nothing.
    expect(called).toContain('CopySnapshot');
    expect(restoreOnly.sort()).toEqual(['CreateImage', 'DescribeImages']);
    expect(granted.filter((action) => action.startsWith('ecs:')).sort()).toEqual(called.map((action) => `ecs:${action}`).sort());
  });

  it('grants neither UnlockSnapshot nor ModifySnapshotAttribute: the role can neither unlock a copy nor shorten its retention', () => {
    // docs/locks.md: what someone holding the function's role cannot do to a locked copy.
    expect(granted.filter((action) => /Unlock|ModifySnapshotAttribute/.test(action))).toEqual([]);
    expect(ecsActionsCalled().filter((action) => /Unlock|ModifySnapshotAttribute/.test(action))).toEqual([]);
  });

  it('grants nothing outside ECS but publishing to the failure topic, and no wildcard action', () => {
    // KMS is not here on purpose: ECS encrypts copies through its own service role, the function never calls KMS.
    expect(granted.filter((action) => !action.startsWith('ecs:'))).toEqual(['mns:PublishMessage']);
    expect(granted.filter((action) => action.includes('*'))).toEqual([]);
  });

  it('grants each ECS action on the resource types it acts on, as the ECS RAM reference lists them, and MNS on one topic', () => {
    const resourcesOf = (action: string) =>
      policy.Statement.filter((statement) => statement.Action.includes(action))
        .flatMap((statement) => statement.Resource)
        .sort();
    const snapshots = 'acs:ecs:*:*:snapshot/*';
    const disks = 'acs:ecs:*:*:disk/*';

    // https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-ram: DeleteSnapshot and
    // TagResources (here only ever on snapshots) act on a snapshot; CreateDisk on a disk and the snapshot it is made
    // from; DescribeDisks and DeleteDisk on disks. DescribeAvailableResource names no resource, so only `*` grants it.
    const timerActions = ecsActionsCalled().filter((action) => !restoreOnlyActions().includes(action));
    expect(Object.fromEntries(timerActions.map((action) => [action, resourcesOf(`ecs:${action}`)]))).toEqual({
      CopySnapshot: [snapshots],
      DescribeSnapshots: [snapshots],
      DeleteSnapshot: [snapshots],
      TagResources: [snapshots],
      CreateDisk: [disks, snapshots],
      DescribeDisks: [disks],
      DeleteDisk: [disks],
      DescribeAvailableResource: ['*'],
      // https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-locksnapshot: LockSnapshot
      // acts on a snapshot (no condition key); DescribeLockedSnapshots on all resources.
      LockSnapshot: [snapshots],
      DescribeLockedSnapshots: ['*'],
    });
    expect(resourcesOf('mns:PublishMessage')).toEqual([expect.stringMatching(/^acs:mns:\*:\*:\/topics\/[A-Za-z][A-Za-z0-9-]*\/messages$/)]);
  });
});
