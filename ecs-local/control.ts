import type { IncomingMessage, ServerResponse } from 'node:http';
import * as z from 'zod';
import { readBody } from './body';
import { DeliveryFaultRuleSchema } from './delivery-faults';
import { SeedDiskSchema } from './disk';
import { FaultRuleSchema } from './faults';
import type { LocalEcs } from './local-ecs';
import { decodeUtf8, parseFormEncoded } from './params';
import { SeedResourceDirectorySchema } from './resource-directory';
import { SeedRoleSchema } from './role';
import { SeedSnapshotSchema } from './snapshot';
import { SeedLockSchema } from './snapshot-lock';
import { EcsVariantsSchema } from './variants';

/** What `GET /_local/endpoint` answers as `Service`, so that a tool never mistakes another server on the port for it. */
export const LOCAL_ECS_SERVICE = 'snapshot-copy ecs-local';

const DiskSchema = z.strictObject({ DiskId: z.string().min(1) });
const AttachSchema = z.strictObject({ DiskId: z.string().min(1), InstanceId: z.string().min(1) });

/** What a control route answers: a status and a JSON body (none for 204). */
interface Reply {
  status: number;
  body: unknown;
}

/** One control request: the endpoint, the query's parameters, and the JSON body read on demand. */
interface ControlRequest {
  ecs: LocalEcs;
  query: ReadonlyMap<string, string>;
  json(): Promise<JsonBody>;
}

type Route = (request: ControlRequest) => Promise<Reply> | Reply;

const ok = (body: unknown): Reply => ({ status: 200, body });
const NO_CONTENT: Reply = { status: 204, body: undefined };

/** A route that reads a JSON body of `schema` and acts on it; a body that does not parse is a 400 naming the rule. */
function withBody<T>(schema: z.ZodType<T>, act: (ecs: LocalEcs, value: T, query: ReadonlyMap<string, string>) => Reply): Route {
  return async ({ ecs, query, json }) => {
    const body = await json();
    if (!body.ok) return { status: body.status, body: { error: body.error } };
    const parsed = schema.safeParse(body.value);
    if (!parsed.success) return { status: 400, body: { error: z.prettifyError(parsed.error) } };
    return act(ecs, parsed.data, query);
  };
}

/** A route that changes the cloud by a JSON body of `schema` and answers 204 No Content. */
function changing<T>(schema: z.ZodType<T>, change: (ecs: LocalEcs, value: T, query: ReadonlyMap<string, string>) => void): Route {
  return withBody(schema, (ecs, value, query) => {
    change(ecs, value, query);
    return NO_CONTENT;
  });
}

/** A route that changes the cloud without a body (clears what was staged, delivers what is due): 204 No Content. */
function done(change: (ecs: LocalEcs) => Promise<void> | void): Route {
  return async ({ ecs }) => {
    await change(ecs);
    return NO_CONTENT;
  };
}

/** A listing of one region (`?RegionId=`), of the account `?AccountId=` names (the default account without it). */
function regionListing(list: (ecs: LocalEcs, regionId: string, accountId: string | undefined) => unknown): Route {
  return ({ ecs, query }) => {
    const regionId = query.get('RegionId');
    if (regionId === undefined) return { status: 400, body: { error: 'RegionId is required in the query.' } };
    return ok(list(ecs, regionId, query.get('AccountId')));
  };
}

/** The routes by `METHOD /path`: adding one is a line here. */
const ROUTES: Readonly<Record<string, Route>> = {
  'POST /_local/snapshots': withBody(SeedSnapshotSchema, (ecs, seed, query) => ok(ecs.addSnapshot(seed, query.get('AccountId')))),
  'GET /_local/snapshots': regionListing((ecs, regionId, accountId) => ecs.snapshots(regionId, accountId)),
  'POST /_local/locks': withBody(SeedLockSchema, (ecs, seed, query) => ok(ecs.addLock(seed, query.get('AccountId')))),
  'GET /_local/locks': regionListing((ecs, regionId, accountId) => ecs.locks(regionId, accountId)),
  'POST /_local/disks': withBody(SeedDiskSchema, (ecs, seed, query) => ok(ecs.addDisk(seed, query.get('AccountId')))),
  'GET /_local/disks': regionListing((ecs, regionId, accountId) => ecs.disks(regionId, accountId)),
  'GET /_local/images': regionListing((ecs, regionId, accountId) => ecs.images(regionId, accountId)),
  'POST /_local/faults': changing(FaultRuleSchema, (ecs, rule) => ecs.injectFault(rule)),
  'DELETE /_local/faults': done((ecs) => ecs.clearFaults()),
  // How `npm run invoke` knows the ecs-local it found on its port is one, and which key it accepts: a local example
  // key, printed at start, and guarding nothing the unsigned control routes do not already allow.
  'GET /_local/endpoint': ({ ecs }) => {
    const [key] = ecs.credentials;
    return ok({ Service: LOCAL_ECS_SERVICE, AccessKeyId: key?.accessKeyId, AccessKeySecret: key?.accessKeySecret });
  },
  'GET /_local/calls': ({ ecs }) => ok(ecs.calls),
  'GET /_local/variants': ({ ecs }) => ok(ecs.variants),
  'POST /_local/variants': withBody(EcsVariantsSchema, (ecs, update) => {
    ecs.setVariants(update);
    return ok(ecs.variants);
  }),
  'POST /_local/source-disks/attach': changing(AttachSchema, (ecs, { DiskId, InstanceId }, query) =>
    ecs.attachDisk(DiskId, InstanceId, query.get('AccountId')),
  ),
  'POST /_local/source-disks/detach': changing(DiskSchema, (ecs, { DiskId }, query) => ecs.detachDisk(DiskId, query.get('AccountId'))),
  'POST /_local/source-disks/release': changing(DiskSchema, (ecs, { DiskId }, query) => ecs.releaseDisk(DiskId, query.get('AccountId'))),
  'POST /_local/roles': withBody(SeedRoleSchema, (ecs, seed, query) => ok(ecs.addRole(seed, query.get('AccountId')))),
  'GET /_local/roles': ({ ecs, query }) => ok(ecs.roles(query.get('AccountId'))),
  'POST /_local/resource-directory': withBody(SeedResourceDirectorySchema, (ecs, seed) => ok(ecs.setResourceDirectory(seed))),
  'GET /_local/resource-directory': ({ ecs }) =>
    ecs.resourceDirectory === undefined ? { status: 404, body: { error: 'No Resource Directory was set.' } } : ok(ecs.resourceDirectory),
  // Functions are code, registered in process (ecs.registerFunction); their tasks and failures can be read from anywhere.
  'GET /_local/fc/tasks': ({ ecs, query }) =>
    ok(ecs.asyncTasks({ accountId: query.get('AccountId'), functionName: query.get('functionName') })),
  'GET /_local/fc/failures': ({ ecs }) => ok(ecs.failureDestinationRecords),
  'POST /_local/fc/delivery-faults': changing(DeliveryFaultRuleSchema, (ecs, rule) => ecs.injectDeliveryFault(rule)),
  'DELETE /_local/fc/delivery-faults': done((ecs) => ecs.clearDeliveryFaults()),
  'POST /_local/fc/deliver': done((ecs) => ecs.deliverDue()),
};

/**
 * The unsigned control API under `/_local/`, so that another process (a shell script, the FC function run by
 * `npm start`) can seed snapshots and disks, stage faults and read the calls. It answers loopback clients only.
 */
export async function handleControl(ecs: LocalEcs, req: IncomingMessage, res: ServerResponse, path: string, query: string): Promise<void> {
  if (!isLoopback(req.socket.remoteAddress))
    return reply(res, { status: 403, body: { error: 'The control API answers loopback clients only.' } });
  const routeName = `${req.method ?? ''} ${path}`;
  const route = ROUTES[routeName];
  if (route === undefined) return reply(res, { status: 404, body: { error: `No control route ${routeName}.` } });
  const params = new Map<string, string>();
  if (!parseFormEncoded(query, params).ok) return reply(res, { status: 400, body: { error: 'The query is not form-encoded.' } });
  try {
    return reply(res, await route({ ecs, query: params, json: () => readJson(req) }));
  } catch (error) {
    // An unknown region, a SnapshotId already in use, a released disk attached again.
    return reply(res, { status: 400, body: { error: error instanceof Error ? error.message : String(error) } });
  }
}

type JsonBody = { ok: true; value: unknown } | { ok: false; status: number; error: string };

async function readJson(req: IncomingMessage): Promise<JsonBody> {
  const body = await readBody(req);
  if (!body.ok) return { ok: false, status: body.reason === 'too-large' ? 413 : 400, error: 'The body could not be read.' };
  const text = decodeUtf8(body.bytes);
  if (text === undefined) return { ok: false, status: 400, error: 'The body is not UTF-8.' };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, status: 400, error: 'The body is not JSON.' };
  }
}

function reply(res: ServerResponse, { status, body }: Reply): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json;charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}
