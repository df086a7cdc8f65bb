import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod/mini';
import { actionsCalledIn } from '../support/session-actions';

const root = join(__dirname, '..', '..');

const PolicySchema = z.object({
  Version: z.literal('1'),
  Statement: z.array(z.strictObject({ Effect: z.literal('Allow'), Action: z.array(z.string()), Resource: z.array(z.string()) })),
});
const readPolicy = (file: string) => PolicySchema.parse(JSON.parse(readFileSync(join(root, file), 'utf8')));
const restorePolicy = readPolicy('ram-policy-restore.json');
const granted = restorePolicy.Statement.flatMap((statement) => statement.Action);
const resourcesOf = (action: string) =>
  restorePolicy.Statement.filter((statement) => statement.Action.includes(action))
    .flatMap((statement) => statement.Resource)
    .sort();

/**
 * CreateDisk and CreateImage send the restore's tags (Tag.N): whether ECS asks for ecs:TagResources on the new disk or
 * image when the tags come with the call that makes it is UNVERIFIED, so the restore policy grants it on those two
 * resource types, and nothing else the restore does not call.
 */
const TAGGED_AT_CREATION = 'TagResources';

describe('ram-policy-restore.json', () => {
  it('grants exactly the ECS actions a restore calls (lib/restore through its session), and the tagging of what it makes', () => {
    const called = actionsCalledIn('lib/restore');

    // The scan found the restore's calls at all: without this, a renamed session would make the check pass on nothing.
    expect(called).toEqual(expect.arrayContaining(['CreateDisk', 'CreateImage', 'DescribeImages', 'DescribeSnapshots']));
    expect(granted.filter((action) => action.startsWith('ecs:')).sort()).toEqual(
      [...called, TAGGED_AT_CREATION].map((action) => `ecs:${action}`).sort(),
    );
  });

  it('grants nothing outside ECS, no wildcard action, no deletion and no attachment', () => {
    expect(granted.filter((action) => !action.startsWith('ecs:'))).toEqual([]);
    expect(granted.filter((action) => action.includes('*') || /Delete|Attach|Detach|RunInstances|Modify/.test(action))).toEqual([]);
  });

  it('grants each action on the resource types it acts on, as the ECS RAM reference lists them', () => {
    const disks = 'acs:ecs:*:*:disk/*';
    const images = 'acs:ecs:*:*:image/*';
    const snapshots = 'acs:ecs:*:*:snapshot/*';

    // https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-ram: CreateImage acts on an image
    // and the snapshot it is made from (UNVERIFIED beyond the reference's listing), DescribeImages on images.
    expect(Object.fromEntries(granted.map((action) => [action.replace(/^ecs:/, ''), resourcesOf(action)]))).toEqual({
      DescribeSnapshots: [snapshots],
      CreateDisk: [disks, snapshots],
      DescribeDisks: [disks],
      CreateImage: [images, snapshots],
      DescribeImages: [images],
      TagResources: [disks, images],
      DescribeAvailableResource: ['*'],
    });
  });
});
